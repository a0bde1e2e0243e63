"""The session repositories take: SQLAlchemy's AsyncSession, or on SQLite an inline sync one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import Result, ScalarResult
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.storage.tracked import write_changed_rows

_T = TypeVar("_T")
# AsyncSession buffers every result before returning it; so does InlineSession, so that a result
# read after the next statement (or after commit) behaves the same on both databases.
_BUFFERED = {"prebuffer_rows": True}


class InlineSession:
    """AsyncSession's interface over a sync Session: SQLite's calls run in the loop thread anyway.

    Why: a statement on a local SQLite file takes microseconds, but AsyncSession runs each one
    in a greenlet and every driver call (cursor, execute, fetch, close) switches out and back;
    that bookkeeping cost more than SQLite itself (about 45 µs of a 65 µs ORM select, measured).
    Core statements go straight to the connection until the ORM is first used in the
    transaction: Session.execute adds about 55 µs to each, and before any ORM use there is
    nothing for it to flush first. From then on everything goes through the session, so that
    reads see the ORM's pending changes. PostgreSQL keeps the real AsyncSession.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._session: Session | None = None  # made on first ORM use
        self._info: dict[Any, Any] = {}

    @property
    def used_orm(self) -> bool:
        return self._session is not None

    @property
    def sync_session(self) -> Session:
        if self._session is None:
            # It joins the connection's transaction; committing it flushes and runs the
            # before_commit hooks, which read what was put in `info` so far.
            self._session = Session(bind=self._connection, expire_on_commit=False)
            self._session.info.update(self._info)
            self._info = self._session.info
        return self._session

    @property
    def info(self) -> dict[Any, Any]:
        return self._info

    def finish(self) -> None:
        """Before the commit: flush the ORM's changes and write the changed tracked rows."""
        if self._session is not None:
            self._session.commit()
            self._session.close()
        else:
            write_changed_rows(self._info, self._connection)

    def discard(self) -> None:
        if self._session is not None:
            self._session.close()

    async def execute(
        self,
        statement: Any,
        params: Mapping[str, Any] | Iterable[Mapping[str, Any]] | None = None,
        *,
        execution_options: Mapping[str, Any] | None = None,
        **kw: Any,
    ) -> Result[Any]:
        options = {**_BUFFERED, **(execution_options or {})}
        if self.used_orm or kw or _uses_orm(statement):
            return self.sync_session.execute(statement, params, execution_options=options, **kw)
        return self._connection.execute(statement, params, execution_options=options)

    async def scalar(
        self, statement: Any, params: Mapping[str, Any] | None = None, **kw: Any
    ) -> Any:
        return (await self.execute(statement, params, **kw)).scalar()

    async def scalars(
        self, statement: Any, params: Mapping[str, Any] | None = None, **kw: Any
    ) -> ScalarResult[Any]:
        return (await self.execute(statement, params, **kw)).scalars()

    async def get(self, entity: type[_T], ident: Any, **kw: Any) -> _T | None:
        return self.sync_session.get(entity, ident, **kw)

    async def flush(self, objects: Iterable[object] | None = None) -> None:
        self.sync_session.flush(objects)

    async def delete(self, instance: object) -> None:
        self.sync_session.delete(instance)

    async def refresh(self, instance: object, names: Iterable[str] | None = None) -> None:
        self.sync_session.refresh(instance, names)

    def add(self, instance: object) -> None:
        self.sync_session.add(instance)

    def expunge_all(self) -> None:
        self.sync_session.expunge_all()

    def get_bind(self) -> Engine | Connection:
        return self._connection

    async def run_sync(self, fn: Callable[..., _T], *args: Any, **kw: Any) -> _T:
        """Call fn(sync_session, ...), as AsyncSession.run_sync does."""
        return fn(self.sync_session, *args, **kw)

    @asynccontextmanager
    async def begin_nested(self) -> AsyncIterator[None]:
        """A savepoint: rolled back alone when the block raises."""
        with self.sync_session.begin_nested():
            yield


async def run_on_connection(session: DbSession, fn: Callable[[Connection], _T]) -> _T:
    """Call fn with the transaction's sync connection, for a run of Core statements (the
    practice counters) shared with the ORM's flush hooks; it does not flush pending ORM changes."""
    if isinstance(session, InlineSession):
        return fn(session._connection)
    return await session.run_sync(lambda sync_session: fn(sync_session.connection()))


def _uses_orm(statement: Any) -> bool:
    """True for statements over mapped classes (select(User)), which need the session."""
    # The attribute the Session itself reads to tell ORM statements from Core ones.
    attrs = getattr(statement, "_propagate_attrs", None)
    return attrs is None or attrs.get("compile_state_plugin") == "orm"


class InlineWriter:
    """SQLite transactions, one at a time, on one connection kept open, in the loop thread.

    Queueing writers in-process is fair and immediate; leaving it to SQLite's busy handler makes
    waiters sleep in growing steps, which cost 100s of ms at the p99 under load. Every
    transaction writes (BEGIN IMMEDIATE), so one connection is all they can use at a time, and
    keeping it open spares a pool checkout, reset and return per event (about 45 µs).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = asyncio.Lock()
        self._connection: Connection | None = None
        self._holder: asyncio.Task[Any] | None = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[InlineSession]:
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            # A second transaction inside the first could only wait for itself.
            raise RuntimeError("nested Database.transaction() in one task")
        async with self._lock:
            self._holder = task
            try:
                if self._connection is None:
                    self._connection = self.engine.connect()
                connection = self._connection
                inline = InlineSession(connection)
                try:
                    with connection.begin():  # committed when the block ends
                        yield inline
                        inline.finish()
                except BaseException:
                    # A failed transaction may leave the connection in any state: start over.
                    inline.discard()
                    self._connection = None
                    connection.close()
                    raise
            finally:
                self._holder = None

    def dispose(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self.engine.dispose()


DbSession: TypeAlias = AsyncSession | InlineSession
