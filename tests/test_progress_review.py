"""/review: an interview of the questions due by spaced repetition, weakest key points first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.core.dispatcher import Core
from bot.storage.models import Attempt, Interview
from tests.progress_seed import Seed, seed
from tests.recording import ChatDriver, text_of

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
DAY = timedelta(days=1)
GIL_GOOD = (
    "GIL 是 CPython 的全局解释器锁,同一时刻只有一个线程执行字节码。"
    "所以 CPU 密集的任务要用多进程,而 I/O 密集任务在等待时会释放 GIL,多线程依然有用。"
)


async def test_review_asks_due_questions_weakest_key_points_first(
    core: Core, alice: ChatDriver
) -> None:
    await seed(
        core,
        "alice",
        # GIL: one answer, its "multiprocess" point always missed (share 1.0), score 50.
        Seed(NOW - 2 * DAY, "t-py-gil", 50, hits=("lock", "one-thread"), misses=("multiprocess",)),
        # assert: failed last time (score 30) but "optimize" was hit before (share 0.5).
        Seed(NOW - 10 * DAY, "t-py-assert", 90, hits=("raises", "optimize", "debug")),
        Seed(NOW - 2 * DAY, "t-py-assert", 30, hits=("raises",), misses=("optimize", "debug")),
        # format: answered well an hour ago, not due.
        Seed(NOW - timedelta(hours=1), "t-py-format", 95, hits=("percent", "format", "fstring")),
    )
    text = text_of(await alice.say("/review"))
    assert "复习 2 道到期的题" in text
    assert "第 1/2 题" in text and "GIL" in text
    verdict = text_of(await alice.say(GIL_GOOD))
    assert "得分:" in verdict
    second = text_of(await alice.press("下一题"))
    assert "第 2/2 题" in second and "assert" in second
    async with core.database.transaction() as session:
        interview = await session.scalar(select(Interview))
        assert interview is not None and interview.mode == "review"
        assert interview.question_ids == ["t-py-gil", "t-py-assert"]
        modes = set(
            await session.scalars(select(Attempt.mode).where(Attempt.interview_id.is_not(None)))
        )
    assert modes == {"review"}


async def test_nothing_due_says_when_the_next_review_is(core: Core, alice: ChatDriver) -> None:
    await seed(core, "alice", Seed(NOW - timedelta(hours=1), "t-py-format", 95))
    # A 95 on a first answer comes back after two days: 4 March 00:00 UTC, 08:00 in Shanghai.
    text = text_of(await alice.say("/review"))
    assert "现在没有需要复习的题" in text and "2026-03-04 08:00(1 题)" in text
    async with core.database.transaction() as session:
        assert await session.scalar(select(Interview)) is None


async def test_review_with_no_history_and_bad_count(alice: ChatDriver) -> None:
    assert "先用 /interview 作答几道题" in text_of(await alice.say("/review"))
    assert "1 到" in text_of(await alice.say("/review 0"))


async def test_review_count_limits_the_questions(core: Core, alice: ChatDriver) -> None:
    await seed(
        core,
        "alice",
        Seed(NOW - 3 * DAY, "t-py-gil", 20),
        Seed(NOW - 3 * DAY, "t-py-assert", 20),
    )
    assert "复习 1 道" in text_of(await alice.say("/review 1"))
