"""/leaderboard in a group (windows, ties, the formula) and the opt-in global board via /privacy."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.core.dispatcher import Core
from bot.progress.ranking import Standing, rank
from bot.storage.rounds import Round, RoundAnswer
from tests.progress_seed import Seed, seed, user_id
from tests.recording import ChatDriver, text_of

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
DAY = timedelta(days=1)


async def held_round(
    core: Core, chat_id: str, started: datetime, scores: dict[str, int], platform: str = "test"
) -> None:
    """A revealed round in a chat with each named member's score (answers one minute apart)."""
    ids = {name: await user_id(core, name) for name in scores}
    async with core.database.transaction() as session:
        round_ = Round(platform=platform, chat_id=chat_id, question_id="t-py-gil", kind="quiz",
                       lang="zh", status="revealed", started_at=started,
                       closes_at=started + timedelta(minutes=5))  # fmt: skip
        session.add(round_)
        await session.flush()
        for offset, (name, score) in enumerate(scores.items()):
            session.add(RoundAnswer(round_id=round_.id, user_id=ids[name], score=score, hits=[],
                                    created_at=started + timedelta(minutes=offset)))  # fmt: skip


def board_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1].isdigit()]


async def test_group_board_weighs_accuracy_by_participation(
    core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    # Four rounds this week: Alice answers all (avg 60), Bob one (100), Carol two (avg 90).
    await held_round(core, "g1", NOW - 3 * DAY, {"alice": 60, "bob": 100, "carol": 90})
    await held_round(core, "g1", NOW - 2 * DAY, {"alice": 60, "carol": 90})
    await held_round(core, "g1", NOW - 1 * DAY, {"alice": 60})
    await held_round(core, "g1", NOW - timedelta(hours=1), {"alice": 60})
    await held_round(core, "other", NOW - DAY, {"bob": 100})  # another chat does not count
    text = text_of(await chat_for("alice", "g1", "group").say("/leaderboard"))
    assert "本群排行榜 · 最近 7 天" in text
    assert board_lines(text) == [
        "1. Alice — 60 分(平均 60,参与 4/4)",
        "2. Carol — 45 分(平均 90,参与 2/4)",
        "3. Bob — 25 分(平均 100,参与 1/4)",
    ]
    assert "积分 = 平均分 × 参与率" in text


async def test_ties_share_a_rank_and_keep_a_stable_order(
    core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    await held_round(core, "g1", NOW - DAY, {"dave": 80, "bob": 80, "carol": 70})
    group = chat_for("carol", "g1", "group")
    expected = [
        "1. Dave — 80 分(平均 80,参与 1/1)",
        "1. Bob — 80 分(平均 80,参与 1/1)",
        "3. Carol — 70 分(平均 70,参与 1/1)",
    ]
    assert board_lines(text_of(await group.say("/leaderboard"))) == expected
    assert board_lines(text_of(await group.say("/leaderboard"))) == expected  # same each time


async def test_windows_week_month_all(core: Core, chat_for: Callable[..., ChatDriver]) -> None:
    await held_round(core, "g1", NOW - 2 * DAY, {"alice": 50})
    await held_round(core, "g1", NOW - 20 * DAY, {"bob": 90})
    await held_round(core, "g1", NOW - 200 * DAY, {"carol": 100})
    group = chat_for("alice", "g1", "group")
    week = board_lines(text_of(await group.say("/leaderboard week")))
    month = board_lines(text_of(await group.say("/leaderboard month")))
    everything = text_of(await group.say("/leaderboard all"))
    assert week == ["1. Alice — 50 分(平均 50,参与 1/1)"]
    assert month == ["1. Bob — 45 分(平均 90,参与 1/2)", "2. Alice — 25 分(平均 50,参与 1/2)"]
    assert (
        "全部" in everything
        and board_lines(everything)[0] == "1. Carol — 33 分(平均 100,参与 1/3)"
    )
    assert "还没有人答题" in text_of(await chat_for("x", "g2", "group").say("/leaderboard"))


async def test_bad_period_and_private_chat(alice: ChatDriver) -> None:
    assert "用法:/leaderboard" in text_of(await alice.say("/leaderboard yesterday"))
    assert "只能在群里使用" in text_of(await alice.say("/leaderboard"))


async def test_global_board_is_opt_in_through_privacy(
    core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    alice, bob = chat_for("alice"), chat_for("bob")
    await seed(core, "alice", *(Seed(NOW - i * DAY, score=80) for i in range(7)))
    await seed(core, "bob", Seed(NOW - DAY, score=100))
    text = text_of(await alice.say("/leaderboard global"))
    assert "全球榜上还没有人" in text
    status = text_of(await alice.say("/privacy"))
    assert "没有加入全球排行榜" in status
    await alice.press("加入全球榜")
    assert "你已加入全球排行榜" in alice.last().text
    await bob.say("/privacy")
    await bob.press("加入全球榜")
    text = text_of(await bob.say("/leaderboard global"))
    assert board_lines(text) == [
        "1. Alice — 80 分(平均 80,参与 7/7)",
        "2. Bob — 14 分(平均 100,参与 1/7)",
    ]
    await bob.press("退出全球榜")
    assert "没有加入" in bob.last().text
    text = text_of(await alice.say("/leaderboard global"))
    assert "Bob" not in text and "Alice" in text


async def test_someone_elses_privacy_button_changes_nothing(
    core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    alice = chat_for("alice", "g1", "group")
    bob = chat_for("bob", "g1", "group")
    await alice.say("/privacy")
    await bob.press_payload(alice.button("加入全球榜").payload)
    assert "属于别人" in bob.last().text
    assert "没有加入" in text_of(await alice.say("/privacy"))


def test_rank_orders_equal_points_by_who_scored_first() -> None:
    t = NOW
    standings = [
        Standing(3, "c", 1, 1, 70, 1, t + timedelta(minutes=2)),
        Standing(2, "b", 1, 1, 70, 1, t + timedelta(minutes=1)),
        Standing(1, "a", 1, 1, 90, 1, t + timedelta(minutes=3)),
        Standing(4, "d", 0, 1, 0, 0, t),
    ]
    assert [(r.rank, r.standing.name) for r in rank(standings)] == [
        (1, "a"), (2, "b"), (2, "c"), (4, "d")
    ]  # fmt: skip


async def test_global_all_time_counts_active_days_since_the_first_answer(
    core: Core, alice: ChatDriver
) -> None:
    await seed(core, "alice", Seed(NOW - 10 * DAY, score=60), Seed(NOW - 10 * DAY, score=80))
    await seed(core, "alice", Seed(NOW - 3 * DAY, score=100))
    await seed(core, "alice", Seed(NOW - 20 * DAY, score=40))  # stored late, yet the first day
    await alice.say("/privacy")
    await alice.press("加入全球榜")
    text = text_of(await alice.say("/leaderboard global all"))
    assert "全球榜 · 全部" in text
    # 4 answers averaging 70, on 3 of the 21 days since the first one.
    assert board_lines(text) == ["1. Alice — 10 分(平均 70,参与 3/21)"]


async def test_help_explains_the_points_formula(alice: ChatDriver) -> None:
    text = text_of(await alice.say("/help"))
    assert "/leaderboard" in text and "积分 = 平均分 × 参与率" in text
    for command in ("/stats", "/history", "/review", "/privacy", "/mydata", "/forget"):
        assert command in text
