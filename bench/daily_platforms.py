"""Fake platforms for bench/daily.py: a null one (optionally logging each recipient to a file)
and one that enforces a rate limit with 429 answers, as Telegram does."""

from __future__ import annotations

import os
import time
from datetime import datetime

from bot.core.events import ChatRef, Event
from bot.core.replies import Reply


class Clock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


class NullPlatform:
    platform = "bench"
    supports_modals = False

    def __init__(self, log_path: str = "") -> None:
        self.count = 0
        self._fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT) if log_path else -1

    async def start(self, handle: object) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        if self._fd >= 0:
            os.write(self._fd, f"{chat.id}\n".encode())  # one write per line: atomic append
        self.count += 1
        return str(self.count)


class RetryAfter(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"429: retry after {seconds:.2f}")
        self.retry_after = seconds


class LimitedPlatform(NullPlatform):
    """A platform allowing `rate` messages per second (a token bucket of one second's burst);
    over the limit it answers 429 with a retry-after, as Telegram does."""

    def __init__(self, rate: float) -> None:
        super().__init__()
        self.rate, self.tokens, self.last = rate, rate, time.monotonic()
        self.rejected = 0
        self.first = self.latest = 0.0  # when the first and the latest message were accepted

    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            self.rejected += 1
            raise RetryAfter((1 - self.tokens) / self.rate)
        self.tokens -= 1
        self.first, self.latest = self.first or now, now
        return await super().send(chat, reply, origin=origin)

    def observed_rate(self) -> float:
        """Messages per second as the platform saw them, first to last."""
        span = self.latest - self.first
        return (self.count - 1) / span if span > 0 else 0.0
