"""Moving a deployment's database: every row arrives, ids keep working, a non-empty target is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core.dispatcher import Core
from bot.storage.copy import CopyError, copy_database
from bot.storage.database import Database
from bot.storage.models import Attempt, Interview, User
from tests.conftest import scratch_database
from tests.recording import ChatDriver


async def test_copy_moves_every_row_and_new_rows_get_fresh_ids(
    alice: ChatDriver, core: Core, tmp_path: Path
) -> None:
    await alice.say("/interview python 2")
    await alice.say("GIL 是全局解释器锁,同一时刻只有一个线程执行字节码。")
    # Through a SQLite file, then into a fresh database (PostgreSQL when the suite runs on it).
    source_url = f"sqlite+aiosqlite:///{tmp_path / 'moved.sqlite3'}"
    await copy_database(core.database.url, source_url)
    target_dir = tmp_path / "target"
    target_dir.mkdir()
    async with scratch_database(target_dir) as target_url:
        counts = {c.table: c.rows for c in await copy_database(source_url, target_url)}
        assert counts["users"] == 1
        assert counts["attempts"] == 1
        assert counts["questions"] == 4
        target = Database(target_url)
        try:
            async with target.transaction() as session:
                interview = await session.scalar(select(Interview))
                assert interview is not None and interview.step == 0
                session.add(
                    User(
                        display_name="new", lang="zh", timezone="", created_at=interview.created_at
                    )
                )
                await session.flush()
                assert await session.scalar(select(func.count()).select_from(User)) == 2
                assert await session.scalar(select(func.count()).select_from(Attempt)) == 1
            with pytest.raises(CopyError, match="already holds rows"):
                await copy_database(source_url, target_url)
        finally:
            await target.dispose()
