"""Telegram update ids already handled, so an update delivered twice is handled once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import BigInteger, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base
from bot.storage.session import DbSession

# Telegram redelivers an unconfirmed update for at most a day; keep ids a little longer.
KEEP_FOR = timedelta(days=2)


class TelegramUpdate(Base):
    __tablename__ = "telegram_updates"
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime]


class TelegramUpdateQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    async def claim(self, update_id: int, now: datetime) -> bool:
        """True the first time this update id is seen (by any worker), False afterwards."""
        # One statement that both backends understand, rather than a savepoint and an error.
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(TelegramUpdate)
            .values(update_id=update_id, received_at=now)
            .on_conflict_do_nothing(index_elements=["update_id"])
        )
        result = await self.session.execute(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def prune(self, now: datetime) -> int:
        result = await self.session.execute(
            delete(TelegramUpdate).where(TelegramUpdate.received_at < now - KEEP_FOR)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
