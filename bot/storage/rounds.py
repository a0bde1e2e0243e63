"""Group rounds (a /quiz or a group's daily question): models and queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, BigId, User
from bot.storage.session import DbSession


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (
        Index("ix_rounds_chat_status", "platform", "chat_id", "status"),
        Index("ix_rounds_message", "platform", "chat_id", "message_id"),
        Index("ix_rounds_closes", "status", "closes_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(48))
    kind: Mapped[str] = mapped_column(String(16), default="quiz")  # quiz | daily
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    message_id: Mapped[str] = mapped_column(String(64), default="")
    started_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | revealed
    started_at: Mapped[datetime]
    closes_at: Mapped[datetime]


class RoundAnswer(Base):
    __tablename__ = "round_answers"
    __table_args__ = (UniqueConstraint("round_id", "user_id", name="uq_round_answer"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    hits: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]


class ChatSettings(Base):
    """Per-group settings that chat admins change with /settings."""

    __tablename__ = "chat_settings"
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8), default="")
    quiz_seconds: Mapped[int] = mapped_column(Integer, default=0)


class RoundQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    async def open_in_chat(self, platform: str, chat_id: str) -> Round | None:
        return await self.session.scalar(
            select(Round)
            .where(Round.platform == platform, Round.chat_id == chat_id, Round.status == "open")
            .where(Round.kind != "daily")  # a daily round runs till evening beside /quiz rounds
            .order_by(Round.id.desc())
            .limit(1)
        )

    async def by_message(self, platform: str, chat_id: str, message_id: str) -> Round | None:
        if not message_id:
            return None
        return await self.session.scalar(
            select(Round).where(
                Round.platform == platform,
                Round.chat_id == chat_id,
                Round.message_id == message_id,
            )
        )

    async def get(self, round_id: int) -> Round | None:
        return await self.session.get(Round, round_id)

    async def due_to_close(self, now: datetime, limit: int = 100) -> Sequence[Round]:
        result = await self.session.scalars(
            select(Round)
            .where(Round.status == "open", Round.closes_at <= now)
            .order_by(Round.closes_at)
            .limit(limit)
        )
        return result.all()

    async def answer_of(self, round_id: int, user_id: int) -> RoundAnswer | None:
        return await self.session.scalar(
            select(RoundAnswer).where(
                RoundAnswer.round_id == round_id, RoundAnswer.user_id == user_id
            )
        )

    async def ranking(self, round_id: int) -> list[tuple[str, int]]:
        """(display name, score), best first; equal scores keep answer order."""
        rows = await self.session.execute(
            select(User.display_name, RoundAnswer.score)
            .join(User, User.id == RoundAnswer.user_id)
            .where(RoundAnswer.round_id == round_id)
            .order_by(RoundAnswer.score.desc(), RoundAnswer.created_at, RoundAnswer.id)
        )
        return [(name, score) for name, score in rows.all()]

    async def recent_questions(self, platform: str, chat_id: str, limit: int = 200) -> list[str]:
        result = await self.session.scalars(
            select(Round.question_id)
            .where(Round.platform == platform, Round.chat_id == chat_id)
            .order_by(Round.id.desc())
            .limit(limit)
        )
        return list(result.all())

    async def settings(self, platform: str, chat_id: str) -> ChatSettings | None:
        return await self.session.get(ChatSettings, (platform, chat_id))

    async def settings_for_update(self, platform: str, chat_id: str) -> ChatSettings:
        found = await self.settings(platform, chat_id)
        if found is None:
            found = ChatSettings(platform=platform, chat_id=chat_id, lang="", quiz_seconds=0)
            self.session.add(found)
        return found
