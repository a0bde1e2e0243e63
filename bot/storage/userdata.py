"""Everything stored about one user, found generically from the schema: export and erase.

A row belongs to a user when a column references users.id (or is an integer `user_id`), or
when it references a row that belongs to them (an attempt of their interview). References that
are set to NULL when the user goes (who started a group round) are reported and cleared, so the
group keeps its round. New tables of any feature are covered without registering them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, false, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Base, User

USERS: Table = User.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Ownership:
    table: Table
    owned: ColumnElement[bool] | None  # rows that are the user's
    references: tuple[str, ...]  # columns that merely point at the user (SET NULL on delete)


def _set_null(fk: Any) -> bool:
    return (fk.ondelete or "").upper() == "SET NULL"


def _owned(table: Table, user_id: int, visiting: frozenset[str]) -> ColumnElement[bool] | None:
    if table is USERS:
        return USERS.c.id == user_id
    clauses: list[ColumnElement[bool]] = []
    for fk in table.foreign_keys:
        if _set_null(fk):
            continue
        target = fk.column.table
        if target is USERS:
            clauses.append(fk.parent == user_id)
        elif target.name not in visiting:
            parent = _owned(target, user_id, visiting | {table.name})
            if parent is not None:
                clauses.append(fk.parent.in_(select(fk.column).where(parent)))
    column = table.c.get("user_id")
    if column is not None and not column.foreign_keys and _is_integer(column):
        clauses.append(column == user_id)
    return or_(*clauses) if clauses else None


def _is_integer(column: Any) -> bool:
    try:
        return column.type.python_type is int
    except NotImplementedError:
        return False


def ownership(user_id: int) -> list[Ownership]:
    """Every table, parents before children, with how its rows relate to the user."""
    found = []
    for table in Base.metadata.sorted_tables:
        references = tuple(
            fk.parent.name
            for fk in table.foreign_keys
            if _set_null(fk) and fk.column.table is USERS
        )
        found.append(Ownership(table, _owned(table, user_id, frozenset()), references))
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, Decimal):
        return str(value)
    return value


async def export(session: AsyncSession, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Rows per table name: the user's own rows, and rows that only name them (by column)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for entry in ownership(user_id):
        condition = entry.owned if entry.owned is not None else false()
        for name in entry.references:
            condition = or_(condition, entry.table.c[name] == user_id)
        if entry.owned is None and not entry.references:
            continue
        result = await session.execute(select(entry.table).where(condition))
        rows = [{k: _plain(v) for k, v in row._mapping.items()} for row in result]
        if rows:
            tables[entry.table.name] = rows
    return tables


async def erase(session: AsyncSession, user_id: int) -> int:
    """Delete every row of the user (children first) and clear mere references; rows deleted.

    The session's identity map is emptied afterwards: its objects describe deleted rows."""
    await session.flush()
    deleted = 0
    entries = ownership(user_id)
    for entry in entries:
        for name in entry.references:
            column = entry.table.c[name]
            await session.execute(
                update(entry.table).where(column == user_id).values({name: None})
            )
    for entry in reversed(entries):
        if entry.owned is not None:
            result = await session.execute(delete(entry.table).where(entry.owned))
            deleted += max(0, result.rowcount or 0)  # type: ignore[attr-defined]
    session.expunge_all()
    return deleted
