"""Keeps one database lease alive in the background and tells its owner when it is won or lost."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.core.ports import Clock
from bot.storage.database import Database
from bot.storage.leases import LeaseQueries

log = logging.getLogger(__name__)
Callback = Callable[[], Awaitable[None]]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class LeaseKeeper:
    """Tries to hold `name`; calls on_acquired when it wins it and on_lost when it lapses.

    The lease lasts `ttl`; the keeper renews every ttl/3, so a holder that dies is replaced
    within about one ttl."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        name: str,
        *,
        on_acquired: Callback,
        on_lost: Callback,
        ttl: timedelta = timedelta(seconds=30),
        holder: str | None = None,
    ) -> None:
        self.database, self.clock, self.name = database, clock, name
        self.on_acquired, self.on_lost = on_acquired, on_lost
        self.ttl = ttl
        self.holder = holder or worker_name()
        self.held = False
        self._task: asyncio.Task[None] | None = None

    async def step(self) -> bool:
        """One try to take or renew the lease; fires the callbacks on a change."""
        try:
            async with self.database.transaction() as session:
                won = await LeaseQueries(session).acquire(
                    self.name, self.holder, self.clock.now(), self.ttl
                )
        except Exception:
            log.warning("lease %s: database unreachable", self.name, exc_info=True)
            won = False
        if won and not self.held:
            self.held = True
            log.info("lease %s acquired by %s", self.name, self.holder)
            await self.on_acquired()
        elif not won and self.held:
            self.held = False
            log.warning("lease %s lost by %s", self.name, self.holder)
            await self.on_lost()
        return won

    async def start(self) -> None:
        await self.step()
        self._task = asyncio.create_task(self._loop(), name=f"lease-{self.name}")

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.ttl.total_seconds() / 3)
            await self.step()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.held:
            async with self.database.transaction() as session:
                await LeaseQueries(session).release(self.name, self.holder, self.clock.now())
            self.held = False
