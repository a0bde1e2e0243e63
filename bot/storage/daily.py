"""Daily-question subscriptions and their deliveries: models and the subscription queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    bindparam,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, BigId
from bot.storage.session import DbSession

# Delivery states. pending -> claimed (batch taken by one sender) -> sending (this chunk is on
# the wire) -> sent | failed | unavailable. A dead sender's "claimed" rows were never sent and
# go back to pending; its "sending" rows may or may not have arrived and become "unknown"
# (counted, never resent: at most once beats a duplicate). Too late to send: "skipped".
STATES = ("pending", "claimed", "sending", "sent", "failed", "unavailable", "skipped", "unknown")


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (
        UniqueConstraint("platform", "chat_id", "track", name="uq_subscription_chat_track"),
        Index("ix_subscriptions_due", "paused", "next_due_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    owner_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    chat_kind: Mapped[str] = mapped_column(String(16), default="private")
    track: Mapped[str] = mapped_column(String(32), default="")  # "" = every track
    at: Mapped[str] = mapped_column(String(5))  # local "HH:MM"
    timezone: Mapped[str] = mapped_column(String(64))
    weekdays: Mapped[int] = mapped_column(Integer, default=0b1111111)  # Monday = bit 0
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_reason: Mapped[str] = mapped_column(String(16), default="")  # user | unavailable
    # The owner has not yet been told that delivery stopped (told the next time they write).
    notice_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    next_due_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime]


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "local_date", name="uq_delivery_day"),
        Index("ix_deliveries_state_due", "state", "due_at"),
        Index("ix_deliveries_local_date", "local_date"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE")
    )
    local_date: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(12), default="pending")
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    question_id: Mapped[str] = mapped_column(String(48), default="")
    target_id: Mapped[int | None] = mapped_column(BigId, nullable=True)  # interview or round
    error: Mapped[str] = mapped_column(String(200), default="")


# Run for every event, so built once: composing it costs more than SQLite spends running it.
_PENDING_NOTICES = (
    select(Subscription)
    .where(Subscription.owner_user_id == bindparam("owner"), Subscription.notice_pending.is_(True))
    .order_by(Subscription.id)
)


class SubscriptionQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    async def in_chat(self, platform: str, chat_id: str) -> Sequence[Subscription]:
        result = await self.session.scalars(
            select(Subscription)
            .where(Subscription.platform == platform, Subscription.chat_id == chat_id)
            .order_by(Subscription.id)
        )
        return result.all()

    async def find(self, platform: str, chat_id: str, track: str) -> Subscription | None:
        return await self.session.scalar(
            select(Subscription).where(
                Subscription.platform == platform,
                Subscription.chat_id == chat_id,
                Subscription.track == track,
            )
        )

    async def pending_notices(self, owner_user_id: int) -> Sequence[Subscription]:
        """Subscriptions whose owner has yet to hear that they stopped (asked on every event)."""
        result = await self.session.scalars(_PENDING_NOTICES, {"owner": owner_user_id})
        return result.all()

    async def delete(self, subscription: Subscription) -> None:
        await self.session.delete(subscription)
        await self.session.flush()
