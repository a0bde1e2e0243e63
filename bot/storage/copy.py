"""Copy every table from one database to another (e.g. a SQLite file into PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select, text

from bot.storage import all_models  # noqa: F401  (every table on the metadata)
from bot.storage.database import Database
from bot.storage.models import Base

BATCH = 1000


class CopyError(Exception):
    """The copy cannot start; nothing was written."""


@dataclass(frozen=True)
class TableCount:
    table: str
    rows: int


async def copy_database(source_url: str, target_url: str) -> list[TableCount]:
    """Migrate the target to the current schema, refuse if it holds data, then copy in FK order."""
    source, target = Database(source_url), Database(target_url)
    try:
        await source.upgrade()
        await target.upgrade()
        tables = Base.metadata.sorted_tables
        async with target.engine.connect() as connection:
            for table in tables:
                if await connection.scalar(select(func.count()).select_from(table)):
                    raise CopyError(
                        f"the target already holds rows in {table.name!r}; use an empty one"
                    )
        counts: list[TableCount] = []
        async with source.engine.connect() as reader, target.engine.begin() as writer:
            for table in tables:
                copied = 0
                result = await reader.stream(select(table))
                async for batch in result.partitions(BATCH):
                    await writer.execute(insert(table), [dict(row._mapping) for row in batch])
                    copied += len(batch)
                counts.append(TableCount(table.name, copied))
            if target.dialect == "postgresql":
                await _reset_sequences(writer)
        return counts
    finally:
        await source.dispose()
        await target.dispose()


async def _reset_sequences(connection: object) -> None:
    """Rows came with explicit ids, so move each identity sequence past the largest one."""
    for table in Base.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                await connection.execute(  # type: ignore[attr-defined]
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                        f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    )
                )
