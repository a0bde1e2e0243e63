"""Rows read into plain objects, written back at commit when a handler changed them."""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar, TypeVar

from sqlalchemy import Connection, Table, Update, bindparam, event, update
from sqlalchemy.orm import Session

# Why not ORM objects: the two rows every event reads and changes (the sender and their running
# interview) cost about 300 µs of ORM loading and unit-of-work flushing per event; prebuilt Core
# statements cost a fraction of that. Like the ORM, nobody has to remember to save: whatever a
# handler changed is written when the transaction commits.
_TRACKED = "tracked_rows"
R = TypeVar("R", bound="TrackedRow")


class TrackedRow:
    """Base of the plain row classes: a table, the columns handlers may change, and an id."""

    TABLE: ClassVar[Table]
    MUTABLE: ClassVar[tuple[str, ...]]
    id: int
    _saved: tuple[Any, ...]

    def changed(self) -> bool:
        return self._values() != self._saved

    def mark_saved(self) -> None:
        # Lists are copied so that an in-place change still shows as a change.
        self._saved = tuple(list(v) if isinstance(v, list) else v for v in self._values())

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.MUTABLE)


def track(session_info: dict[Any, Any], row: R) -> R:
    """Remember `row` for writing at commit; a row read twice in one transaction is the same
    object, with the changes already made to it."""
    rows: dict[tuple[type, int], TrackedRow] = session_info.setdefault(_TRACKED, {})
    known = rows.get((type(row), row.id))
    if known is not None:
        return known  # type: ignore[return-value]
    row.mark_saved()
    rows[(type(row), row.id)] = row
    return row


def tracked(session_info: dict[Any, Any], kind: type[R], row_id: int) -> R | None:
    rows: dict[tuple[type, int], Any] = session_info.get(_TRACKED, {})
    return rows.get((kind, row_id))


@cache
def _update_for(kind: type[TrackedRow]) -> Update:
    table = kind.TABLE
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(**{name: bindparam(name) for name in kind.MUTABLE})
    )


@event.listens_for(Session, "before_commit")
def _write_changed_rows(session: Session) -> None:
    if session.info.get(_TRACKED):
        write_changed_rows(session.info, session.connection())


def write_changed_rows(session_info: dict[Any, Any], connection: Connection) -> None:
    """Write every tracked row a handler changed (the session's commit does this itself)."""
    rows: dict[tuple[type, int], TrackedRow] = session_info.pop(_TRACKED, {})
    for row in rows.values():
        if not row.changed():
            continue
        values = {name: getattr(row, name) for name in row.MUTABLE}
        connection.execute(_update_for(type(row)), {"row_id": row.id, **values})
        row.mark_saved()
