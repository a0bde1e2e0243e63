"""Everything stored about one user, found generically from the schema: export and erase.

A row belongs to a user when a column references users.id (or is an integer `user_id`), or
when it references a row that belongs to them (an attempt of their interview). References that
are set to NULL when the user goes (who started a group round) are reported and cleared, so the
group keeps its round. New tables of any feature are covered without registering them.
Columns that name a platform account instead of a user (an audit trail's "telegram:42", marked
with info={"account": "joined"}) are exported and, on erase, replaced by "forgotten" along with
columns marked info={"personal": True}; a row keyed by the account itself (info={"account": "id"}
beside a `platform` column, e.g. a content-admin grant) is deleted."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Integer, Table, and_, delete, or_, select, update

from bot.storage.models import Base, Identity, User
from bot.storage.session import DbSession

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


FORGOTTEN = "forgotten"
Account = tuple[str, str]  # (platform, platform user id)


async def accounts_of(session: DbSession, user_id: int) -> list[Account]:
    rows = await session.execute(
        select(Identity.platform, Identity.platform_user_id).where(Identity.user_id == user_id)
    )
    return [(platform, account) for platform, account in rows]


def _named(table: Table, accounts: list[Account], kind: str) -> ColumnElement[bool] | None:
    """Rows whose `kind` account column names one of the accounts."""
    clauses: list[ColumnElement[bool]] = []
    for column in table.columns:
        if column.info.get("account") != kind or not accounts:
            continue
        if kind == "joined":
            clauses.append(column.in_([f"{platform}:{account}" for platform, account in accounts]))
        else:
            clauses += [and_(table.c.platform == p, column == a) for p, a in accounts]
    return or_(*clauses) if clauses else None


def _is_integer(column: Any) -> bool:
    return isinstance(column.type, Integer)


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


async def export(session: DbSession, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Rows per table name: the user's own rows, and rows that only name them (by column)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    accounts = await accounts_of(session, user_id)
    for entry in ownership(user_id):
        clauses = [entry.owned] if entry.owned is not None else []
        clauses += [entry.table.c[name] == user_id for name in entry.references]
        clauses += [
            named
            for kind in ("joined", "id")
            if (named := _named(entry.table, accounts, kind)) is not None
        ]
        if not clauses:
            continue
        condition = or_(*clauses)
        result = await session.execute(select(entry.table).where(condition))
        rows = [{k: _plain(v) for k, v in row._mapping.items()} for row in result]
        if rows:
            tables[entry.table.name] = rows
    return tables


async def erase(session: DbSession, user_id: int) -> int:
    """Delete every row of the user (children first) and clear mere references; rows deleted.

    The session's identity map is emptied afterwards: its objects describe deleted rows."""
    await session.flush()
    deleted = 0
    accounts = await accounts_of(session, user_id)
    entries = ownership(user_id)
    for entry in entries:
        keyed = _named(entry.table, accounts, "id")
        if keyed is not None:
            result = await session.execute(delete(entry.table).where(keyed))
            deleted += max(0, result.rowcount or 0)  # type: ignore[attr-defined]
        named = _named(entry.table, accounts, "joined")
        if named is not None:
            scrubbed = {
                c.name: FORGOTTEN if c.info.get("account") == "joined" else ""
                for c in entry.table.columns
                if c.info.get("account") == "joined" or c.info.get("personal")
            }
            await session.execute(update(entry.table).where(named).values(scrubbed))
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
