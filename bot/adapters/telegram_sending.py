"""Sending to Telegram politely: per-chat pacing, RetryAfter waits, retries, blocked chats."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.core.ports import RecipientUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]

# Bad requests that mean the chat itself is gone, not that the message was wrong.
GONE = ("chat not found", "user is deactivated", "bot was kicked", "not enough rights to send")


@dataclass(frozen=True)
class Pacing:
    """Telegram's advice: about 1 message per second in a chat, 20 per minute in a group.

    Short bursts are allowed (a verdict and the next question arrive together); the pacer
    only makes a chat wait once its burst is spent."""

    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: float = 20.0
    group_burst: int = 5
    retries: int = 4  # network errors and leftover 429s
    backoff: float = 0.5  # seconds, doubled after every failed try


NO_PACING = Pacing(1e9, 10**6, 1e9, 10**6, retries=4, backoff=0.0)


class _Bucket:
    __slots__ = ("stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens, self.stamp = tokens, stamp


class Pacer:
    """One token bucket per chat; `wait` returns when the chat may get another message."""

    def __init__(
        self,
        pacing: Pacing,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.pacing = pacing
        self._now, self._sleep = monotonic, sleep
        self._buckets: dict[int | str, _Bucket] = {}
        self._lock = asyncio.Lock()

    def _rate(self, group: bool) -> tuple[float, int]:
        p = self.pacing
        return (p.group_per_minute / 60, p.group_burst) if group else (
            p.private_per_second, p.private_burst
        )  # fmt: skip

    async def wait(self, chat_id: int | str, *, group: bool) -> float:
        """Take one token for this chat, sleeping until there is one; returns the wait."""
        rate, burst = self._rate(group)
        async with self._lock:  # reserve the slot first, so concurrent senders queue up
            now = self._now()
            bucket = self._buckets.get(chat_id)
            if bucket is None:
                bucket = self._buckets[chat_id] = _Bucket(float(burst), now)
                if len(self._buckets) > 50_000:
                    self._forget_idle(now)
            bucket.tokens = min(float(burst), bucket.tokens + (now - bucket.stamp) * rate)
            bucket.stamp = now
            bucket.tokens -= 1
            delay = 0.0 if bucket.tokens >= 0 else -bucket.tokens / rate
        if delay > 0:
            await self._sleep(delay)
        return delay

    def _forget_idle(self, now: float) -> None:
        idle = [key for key, b in self._buckets.items() if now - b.stamp > 120]
        for key in idle:
            del self._buckets[key]


def seconds(value: timedelta | float | int) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Sender:
    """Runs one Bot API call for a chat with pacing and the error policy of the adapter."""

    def __init__(self, pacing: Pacing, *, sleep: Sleep = asyncio.sleep) -> None:
        self.pacing = pacing
        self.pacer = Pacer(pacing, sleep=sleep)
        self._sleep = sleep

    async def call(
        self, chat_id: int | str, group: bool, request: Callable[[], Awaitable[T]]
    ) -> T:
        delay = self.pacing.backoff
        for attempt in range(self.pacing.retries + 1):
            last = attempt == self.pacing.retries
            await self.pacer.wait(chat_id, group=group)
            try:
                return await request()
            except Forbidden as exc:  # blocked by the user, kicked from the group
                raise RecipientUnavailable(str(exc)) from exc
            except ChatMigrated as exc:  # the group became a supergroup with a new id
                raise RecipientUnavailable(f"chat migrated to {exc.new_chat_id}") from exc
            except RetryAfter as exc:
                # The rate limiter already waited and retried; wait as told once more.
                if last:
                    raise
                wait = seconds(exc.retry_after)
                log.warning("Telegram asked to wait %.1f s before sending again", wait)
                await self._sleep(wait)
            except BadRequest as exc:
                if any(phrase in exc.message.lower() for phrase in GONE):
                    raise RecipientUnavailable(exc.message) from exc
                raise
            except NetworkError as exc:  # includes TimedOut and 5xx answers
                if last:
                    raise
                log.warning("sending failed (%s); retrying in %.1f s", exc.message, delay)
                await self._sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")
