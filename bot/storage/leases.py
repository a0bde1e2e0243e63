"""Named leases in the database: one holder at a time, taken over when the holder stops."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base
from bot.storage.session import DbSession


class Lease(Base):
    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]


class LeaseQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    async def acquire(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take or renew the lease; True when `holder` has it until now + ttl."""
        result = await self.session.execute(
            update(Lease)
            .where(Lease.name == name, (Lease.holder == holder) | (Lease.expires_at < now))
            .values(holder=holder, expires_at=now + ttl)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return True
        try:
            async with self.session.begin_nested():
                await self.session.execute(
                    insert(Lease).values(name=name, holder=holder, expires_at=now + ttl)
                )
        except IntegrityError:
            return False  # someone else holds it
        return True

    async def release(self, name: str, holder: str, now: datetime) -> None:
        await self.session.execute(
            update(Lease)
            .where(Lease.name == name, Lease.holder == holder)
            .values(expires_at=now - timedelta(seconds=1))
        )
