"""Several worker processes over one database: an answer that reaches two of them counts once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.app import build_core, open_database
from bot.config import Config
from bot.core.dispatcher import Core
from bot.core.events import ChatRef, UserRef
from bot.core.texts import t
from bot.storage.models import Attempt
from tests.recording import ChatDriver, FrozenClock, RecordingAdapter, text_of

APOLOGY = t("zh", "error.internal")


@pytest.fixture
async def two_workers(config: Config, clock: FrozenClock) -> AsyncIterator[list[ChatDriver]]:
    """Alice's chat as seen by two workers, each with its own engine, core and adapter."""
    drivers, databases = [], []
    for _ in range(2):
        database = await open_database(config)
        core: Core = await build_core(config, database, clock)
        adapter = RecordingAdapter()
        core.attach(adapter)
        user = UserRef(adapter.platform, "alice", "Alice")
        drivers.append(
            ChatDriver(core, adapter, user, ChatRef(adapter.platform, "alice", "private"))
        )
        databases.append(database)
    yield drivers
    for database in databases:
        await database.dispose()


async def test_the_same_answer_on_two_workers_is_graded_once(
    two_workers: list[ChatDriver],
) -> None:
    first, second = two_workers
    for round_number in range(1, 4):
        await first.say("/stop")
        await first.say("/interview python 1")
        replies = await asyncio.gather(
            first.say("我觉得和内存管理有关,具体不太记得了。"),
            second.say("我觉得和内存管理有关,具体不太记得了。"),
        )
        verdicts = [r for batch in replies for r in batch if "得分" in r.text]
        assert len(verdicts) == 1, [text_of(batch) for batch in replies]
        # The other worker answers sensibly instead of apologising for a failed write.
        assert APOLOGY not in " ".join(text_of(batch) for batch in replies)
        async with first.core.database.transaction() as session:
            assert await session.scalar(select(func.count()).select_from(Attempt)) == round_number


async def test_a_worker_sees_the_interview_another_worker_started(
    two_workers: list[ChatDriver],
) -> None:
    first, second = two_workers
    question = text_of(await first.say("/interview python 1"))
    assert "1/1" in question
    skipped = text_of(await second.say("/skip"))
    assert "面试结束" in skipped or "结束" in skipped


async def test_a_nested_transaction_fails_fast_instead_of_waiting_for_itself(
    two_workers: list[ChatDriver],
) -> None:
    database = two_workers[0].core.database
    if database.dialect != "sqlite":
        pytest.skip("PostgreSQL runs transactions side by side")
    async with database.transaction():
        with pytest.raises(RuntimeError, match="nested"):
            async with database.transaction():
                pass
    async with database.transaction() as session:  # the lock was released
        assert await session.scalar(select(func.count()).select_from(Attempt)) == 0
