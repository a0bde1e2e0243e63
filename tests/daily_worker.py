"""A daily-delivery worker process for the multi-process tests: sends into a null platform that
appends each recipient to a shared file, until nothing is left to send."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import replace
from pathlib import Path

from bot.app import build_core, open_database
from bot.config import Config
from bot.core.context import Context
from bot.core.events import ChatRef, Event
from bot.core.handlers.daily_send import Sender
from bot.core.ports import Handle, SystemClock
from bot.core.replies import Reply
from bot.storage.repository import Repository

SAMPLE_CONTENT = Path(__file__).parent / "data" / "content"


class NullPlatform:
    """Accepts every message at once; one line per message in an append-only file (a single
    O_APPEND write per line, so lines of several processes never interleave)."""

    platform = "null"

    def __init__(self, log_path: str) -> None:
        self._fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._count = 0

    async def start(self, handle: Handle) -> None:
        return None

    async def stop(self) -> None:
        os.close(self._fd)

    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        os.write(self._fd, f"{chat.id}\n".encode())
        self._count += 1
        return str(self._count)


def worker_config(url: str, claim_timeout: int = 300) -> Config:
    base = Config()
    return replace(
        base,
        bot=replace(base.bot, database_url=url, content_dir=str(SAMPLE_CONTENT)),
        daily=replace(base.daily, max_rate=0, claim_timeout=claim_timeout),
    )


async def work(url: str, log_path: str, name: str, claim_timeout: int, until_idle: float) -> None:
    """Send until the queue has stayed empty (nothing pending, nothing in flight) for a while."""
    config = worker_config(url, claim_timeout)
    database = await open_database(config)
    core = await build_core(config, database, SystemClock())
    core.attach(NullPlatform(log_path))
    sender = Sender(Context(core=core, repo=None, event=None, user=None), claimer=name)  # type: ignore[arg-type]
    idle_since = asyncio.get_running_loop().time()
    while asyncio.get_running_loop().time() - idle_since < until_idle:
        if await sender.run(budget=30):
            idle_since = asyncio.get_running_loop().time()
            continue
        async with database.transaction() as session:
            counts = await Repository(session).deliveries.counts_by_state()
        if counts.get("pending", 0) or counts.get("claimed", 0) or counts.get("sending", 0):
            idle_since = asyncio.get_running_loop().time()
        await asyncio.sleep(0.2)
    await database.dispose()


if __name__ == "__main__":
    url, log_path, name, timeout, idle = sys.argv[1:6]
    asyncio.run(work(url, log_path, name, int(timeout), float(idle)))
