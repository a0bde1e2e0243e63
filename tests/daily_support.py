"""Helpers for daily-question tests: an unpaced core, ticks, and delivery rows by state."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sqlalchemy import select

from bot.core.dispatcher import Core
from bot.core.events import ChatRef, UserRef
from bot.storage.daily import Delivery, Subscription
from tests.recording import ChatDriver, RecordingAdapter


def unpaced(core: Core, **daily: object) -> Core:
    """No pacing in tests (the pacer has its own test), other [daily] values as given."""
    core.config = replace(core.config, daily=replace(core.config.daily, max_rate=0, **daily))
    return core


async def tick(core: Core) -> None:
    """What the ticker does every minute."""
    await core.run_due_work()


async def deliveries(core: Core) -> list[Delivery]:
    async with core.database.transaction() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


async def states(core: Core) -> Counter[str]:
    return Counter(d.state for d in await deliveries(core))


async def subscriptions(core: Core) -> list[Subscription]:
    async with core.database.transaction() as session:
        return list(await session.scalars(select(Subscription).order_by(Subscription.id)))


def dailies(adapter: RecordingAdapter, chat_id: str | None = None) -> list[str]:
    """Texts of daily questions received (in one chat, or anywhere)."""
    return [
        s.reply.text
        for s in adapter.sent
        if s.reply.text.startswith("📅") and (chat_id is None or s.chat.id == chat_id)
    ]


def group_member(
    core: Core, adapter: RecordingAdapter, user_id: str, group: str, *, admin: bool = False
) -> ChatDriver:
    user = UserRef(adapter.platform, user_id, user_id.title(), is_chat_admin=admin)
    return ChatDriver(core, adapter, user, ChatRef(adapter.platform, group, "group"))
