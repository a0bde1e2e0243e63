"""/stats and /history as a user sees them, on a seeded history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.core.dispatcher import Core
from tests.progress_seed import Seed, seed
from tests.recording import ChatDriver, FrozenClock, text_of

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # the clock fixture: Monday 09:00 in Shanghai


async def test_stats_without_answers_points_to_interview(alice: ChatDriver) -> None:
    assert "还没有作答过" in text_of(await alice.say("/stats"))


async def test_stats_shows_totals_mastery_streak_and_weak_points(
    core: Core, alice: ChatDriver
) -> None:
    day = timedelta(days=1)
    await seed(
        core,
        "alice",
        Seed(NOW - 40 * day, "t-py-gil", 20, hits=("lock",), misses=("multiprocess", "io-bound")),
        Seed(NOW - 2 * day, "t-py-gil", 60, hits=("lock", "io-bound"), misses=("multiprocess",)),
        Seed(NOW - 1 * day, "t-py-assert", 90, hits=("raises", "debug"), misses=("optimize",)),
        Seed(NOW - timedelta(hours=1), "t-py-format", 100, hits=("percent", "format", "fstring")),
        Seed(NOW - 3 * day, "t-py-format", 0, outcome="skipped"),
    )
    text = text_of(await alice.say("/stats text"))
    assert "已作答:4 题" in text
    assert "连续练习:3 天" in text
    # Mastery: weighted toward the recent 60/90/100, far above the plain average of 68.
    line = next(li for li in text.splitlines() if li.startswith("• Python编程基础"))
    assert "4 题,平均 68,最高 100" in line
    mastery = int(line.split("掌握度 ")[1].split("(")[0])
    assert mastery >= 80
    weak = text.split("最需要加强的要点:")[1]
    assert weak.index("CPU 密集任务用多进程") < weak.index("I/O 密集任务多线程仍有效")
    assert "漏答 2/2 次" in weak and "Python 的 GIL 是什么" in weak
    assert "PNG" not in text and not alice.last().attachments


async def test_stats_sends_a_chart_image(core: Core, alice: ChatDriver) -> None:
    await seed(core, "alice", Seed(NOW - timedelta(hours=2), "t-py-gil", 70, hits=("lock",)))
    replies = await alice.say("/stats")
    assert "连续练习:1 天" in text_of(replies)
    (image,) = replies[-1].attachments
    assert image.kind == "image" and image.filename.endswith(".png")
    assert image.data.startswith(b"\x89PNG\r\n\x1a\n")


async def test_stats_in_english_and_bad_argument(core: Core, alice: ChatDriver) -> None:
    await seed(core, "alice", Seed(NOW - timedelta(hours=2), "t-py-gil", 70))
    assert "用法:/stats" in text_of(await alice.say("/stats everything"))
    await alice.say("/lang en")
    text = text_of(await alice.say("/stats text"))
    assert "Python programming: 1 answered, average 70" in text and "Streak: 1 day" in text


async def test_streak_follows_the_users_time_zone(
    core: Core, chat_for: Callable[..., ChatDriver], clock: FrozenClock
) -> None:
    # 15:30 and 16:30 UTC on 1 March: two days in Shanghai, one in New York.
    times = (datetime(2026, 3, 1, 15, 30, tzinfo=UTC), datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    clock.current = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)
    await seed(core, "shanghai", *(Seed(t) for t in times), timezone="Asia/Shanghai")
    await seed(core, "newyork", *(Seed(t) for t in times), timezone="America/New_York")
    assert "连续练习:2 天" in text_of(await chat_for("shanghai").say("/stats text"))
    assert "连续练习:1 天" in text_of(await chat_for("newyork").say("/stats text"))


async def test_stats_streak_uses_the_weekly_grace_day(
    core: Core, alice: ChatDriver, clock: FrozenClock
) -> None:
    clock.current = datetime(2026, 3, 6, 4, 0, tzinfo=UTC)  # Friday noon in Shanghai
    practice = [datetime(2026, 3, d, 4, 0, tzinfo=UTC) for d in (2, 3, 5, 6)]  # Wed missed
    await seed(core, "alice", *(Seed(t) for t in practice))
    assert "连续练习:4 天(本周的宽限日已用)" in text_of(await alice.say("/stats text"))


async def test_follow_up_bonus_reaches_the_daily_trend(core: Core, alice: ChatDriver) -> None:
    """Scores changed after the answer (a follow-up bonus) move the practice slots too."""
    from sqlalchemy import select

    from bot.storage.models import Attempt
    from bot.storage.practice import PracticeSlot

    await seed(core, "alice", Seed(NOW - timedelta(hours=1), "t-py-gil", 40))
    async with core.database.transaction() as session:
        attempt = await session.scalar(select(Attempt))
        assert attempt is not None
        attempt.score = 55
    async with core.database.transaction() as session:
        slot = await session.scalar(select(PracticeSlot))
        assert slot is not None and (slot.answers, slot.score_sum) == (1, 55)


async def test_history_lists_recent_attempts_in_local_time(core: Core, alice: ChatDriver) -> None:
    await seed(
        core,
        "alice",
        Seed(datetime(2026, 3, 1, 15, 50, tzinfo=UTC), "t-py-gil", 65),
        Seed(datetime(2026, 3, 1, 16, 10, tzinfo=UTC), "t-py-assert", 0, outcome="skipped"),
        Seed(datetime(2026, 3, 2, 0, 30, tzinfo=UTC), "t-py-format", 95),
    )
    text = text_of(await alice.say("/history 2"))
    assert "最近 2 次作答" in text
    lines = text.splitlines()[1:]
    assert lines == [
        "2026-03-02 08:30 · Python 有哪些字符串格式化方法? · 95 分",
        "2026-03-02 00:10 · Python 中 assert 的作用是什么? · 跳过",
    ]
    assert "2026-03-01 23:50" in text_of(await alice.say("/history"))


async def test_history_rejects_a_bad_count_and_handles_no_history(
    core: Core, alice: ChatDriver
) -> None:
    assert "还没有作答记录" in text_of(await alice.say("/history"))
    for bad in ("0", "51", "abc", "-3", "2 3"):
        assert "1 到 50 之间的整数" in text_of(await alice.say(f"/history {bad}"))
