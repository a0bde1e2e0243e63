"""SQLAlchemy 2 typed models for users, content, interviews and attempts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# SQLite only auto-increments INTEGER PRIMARY KEY; BigInteger elsewhere.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite would otherwise hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    global_leaderboard: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class Identity(Base):
    """A user's account on one platform; one user may have several."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(64))
    # Has written to us in a private chat, so we may write there (Telegram needs that first).
    private_chat: Mapped[bool] = mapped_column(Boolean, default=False)
    dm_unavailable: Mapped[bool] = mapped_column(Boolean, default=False)


class TrackRow(Base):
    __tablename__ = "tracks"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class QuestionRow(Base):
    """The bank at run time. `data` is the question in the content-file shape."""

    __tablename__ = "questions"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    track: Mapped[str] = mapped_column(ForeignKey("tracks.key"), index=True)
    data: Mapped[dict] = mapped_column(JSON)
    file_hash: Mapped[str] = mapped_column(String(32), default="")
    edited_by_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime]


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (Index("ix_interviews_user_status", "user_id", "status"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    chat_kind: Mapped[str] = mapped_column(String(16), default="private")
    mode: Mapped[str] = mapped_column(String(16), default="interview")
    track: Mapped[str] = mapped_column(String(32), default="")
    question_ids: Mapped[list] = mapped_column(JSON)
    step: Mapped[int] = mapped_column(Integer, default=0)
    # "answer": waiting for an answer; "follow_up": a 追问 is open; "done": graded, awaiting next.
    phase: Mapped[str] = mapped_column(String(16), default="answer")
    hints: Mapped[list] = mapped_column(JSON, default=list)  # key point ids revealed at this step
    follow_up_point: Mapped[str] = mapped_column(String(48), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("interview_id", "step", name="uq_attempt_step"),
        Index("ix_attempts_user_time", "user_id", "created_at"),
        Index("ix_attempts_user_question", "user_id", "question_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(48))
    track: Mapped[str] = mapped_column(String(32))
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), nullable=True
    )
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str] = mapped_column(
        String(16), default="answered"
    )  # answered|skipped|revealed
    score: Mapped[int] = mapped_column(Integer, default=0)
    max_score: Mapped[int] = mapped_column(Integer, default=100)
    hits: Mapped[list] = mapped_column(JSON, default=list)
    misses: Mapped[list] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16), default="interview")
    platform: Mapped[str] = mapped_column(String(16), default="")
    chat_id: Mapped[str] = mapped_column(String(64), default="")
    answer_chars: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
