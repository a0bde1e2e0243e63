"""Storing attempts with one prebuilt insert, feeding the practice counters in the same step."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, insert

from bot.storage.models import Attempt
from bot.storage.practice import add_practice, slot_of
from bot.storage.session import DbSession, run_on_connection

TABLE: Table = Attempt.__table__  # type: ignore[assignment]
_INSERT = insert(TABLE)


class AttemptQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    async def add(self, **values: Any) -> None:
        """Store one attempt (answered, skipped or revealed); an answered one also counts in
        the practice slots, days and totals. Cheaper than an ORM object and flush per answer."""
        await run_on_connection(self.session, lambda connection: _add(connection, values))


def _add(connection: Connection, values: dict[str, Any]) -> None:
    connection.execute(_INSERT, values)
    if values.get("outcome") == "answered":
        slot = (values["user_id"], slot_of(values["created_at"]))
        add_practice(connection, {slot: [1, int(values.get("score") or 0)]})
