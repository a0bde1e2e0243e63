"""Tables of content administration: admins, history, views, drafts, pending changes, samples,
the users' queue and the content version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, BigId


class ContentAdmin(Base):
    """A person an owner made a content admin (owners themselves live in the config)."""

    __tablename__ = "content_admins"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(64), info={"account": "id"})
    granted_by: Mapped[str] = mapped_column(String(96), info={"account": "joined"})
    granted_at: Mapped[datetime]


class QuestionChange(Base):
    """One recorded change of a question: who, when, what, and the state before and after."""

    __tablename__ = "question_changes"
    __table_args__ = (Index("ix_question_changes_question", "question_id", "id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(String(48))
    version: Mapped[int] = mapped_column(Integer)  # the question's version after the change
    actor: Mapped[str] = mapped_column(String(96), info={"account": "joined"})  # "platform:id"
    actor_name: Mapped[str] = mapped_column(String(128), default="", info={"personal": True})
    action: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime]


class QuestionView(Base):
    """The version of a question an admin last looked at, so an edit made on an outdated view
    (another admin changed it meanwhile) is refused as a conflict instead of silently winning."""

    __tablename__ = "question_views"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class AddDraft(Base):
    """A /q add dialog in progress: survives restarts; becomes a question only at confirm."""

    __tablename__ = "add_drafts"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class PendingChange(Base):
    """A change shown with its regrade preview, waiting for the admin's confirm or cancel."""

    __tablename__ = "pending_changes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(48))
    base_version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(String(300), default="")
    after: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime]


class SampleAnswer(Base):
    """An answer an admin kept with /q try --keep; re-graded whenever key points change."""

    __tablename__ = "sample_answers"
    __table_args__ = (Index("ix_sample_answers_question", "question_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(String(48))
    text: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(96), info={"account": "joined"})
    created_at: Mapped[datetime]


class Submission(Base):
    """A user's /suggest or /report, waiting in the admins' /queue."""

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_status", "status", "id"),
        Index("ix_submissions_notice", "user_id", "notified"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # suggest | report
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    question_id: Mapped[str] = mapped_column(String(48), default="")
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|accepted|rejected
    reason: Mapped[str] = mapped_column(String(500), default="")
    # False while a decision has not reached the author yet (told on their next message).
    notified: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class ContentState(Base):
    """One row whose version rises with every admin edit, so every worker reloads its catalog."""

    __tablename__ = "content_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
