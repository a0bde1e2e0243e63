"""aiosqlite connections that run SQLite calls in the event loop's own thread, without a hop."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator
from typing import Any

import aiosqlite

# Why: a statement on a local SQLite file (WAL, synchronous=NORMAL, one writer queued in-process)
# takes microseconds, while aiosqlite hands every call to a thread and back: one event's ~15
# statements cost more in thread switches and GIL hand-offs than in SQLite, and under load the
# hand-offs dominate the p99. Running them inline keeps the driver API SQLAlchemy expects.
# The cost: a statement blocks the loop while it runs, so the busy timeout is kept short (another
# process holding the write lock is rare: the CLI tools, briefly).


class _RunNow:
    """Stands in for aiosqlite's queue to its worker thread: runs each call as it is queued.

    SQLAlchemy's adapter queues some calls itself (setting the isolation level), so replacing
    the queue, not only the methods, keeps every path inline."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # handed to the awaiting caller, as the thread would
            if future is not None:
                future.set_exception(exc)
        else:
            if future is not None:
                future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite.Connection whose calls execute immediately instead of on a worker thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self) -> Generator[Any, None, aiosqlite.Connection]:
        return self._connect().__await__()  # no worker thread to start

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def inline_connector(path: str, *, timeout: float) -> Callable[[], InlineConnection]:
    """An `async_creator` for SQLAlchemy's create_async_engine."""

    async def connect() -> InlineConnection:
        connection = InlineConnection(lambda: sqlite3.connect(path, timeout=timeout))
        return await connection

    return connect
