"""Protocols the core needs from the outside world: adapters and a clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol

from bot.core.events import ChatRef, Event
from bot.core.replies import Reply

Handle = Callable[[Event], Awaitable[None]]


class RecipientUnavailable(Exception):
    """The chat cannot be messaged any more (bot blocked, DMs closed, chat gone)."""


class Adapter(Protocol):
    platform: str

    async def start(self, handle: Handle) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        """Send one reply; return the platform message id ("" if none). `origin` is the event
        this reply answers, so interaction-based platforms can answer the interaction."""
        ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
