"""The clock tick: APScheduler calls the core's due work once a minute; it owns no state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler


class Ticker:
    def __init__(self, work: Callable[[], Awaitable[None]], *, seconds: int = 60) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        # coalesce + one instance: a slow tick is never run twice at once, missed ticks collapse.
        self._scheduler.add_job(
            work,
            "interval",
            seconds=seconds,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=seconds,
            id="due-work",
        )

    def start(self) -> None:
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
