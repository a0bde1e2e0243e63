"""Daily deliveries end to end: planning, sending, catch-up, crashes, blocked users, weekdays."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.core.context import Context
from bot.core.dispatcher import Core
from bot.core.handlers.daily_send import Sender
from bot.storage.repository import Repository
from tests.daily_support import dailies, deliveries, states, subscriptions, tick, unpaced
from tests.recording import ChatDriver, FrozenClock, RecordingAdapter, text_of


@pytest.fixture(autouse=True)
def _unpaced(core: Core) -> None:
    unpaced(core)


async def test_question_arrives_at_local_time_once_and_is_graded(
    alice: ChatDriver, core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    await alice.say("/subscribe python 09:30")  # Shanghai; now is 09:00 there
    clock.advance(minutes=29)
    await tick(core)
    assert dailies(adapter) == []
    clock.advance(minutes=1)
    await tick(core)
    await tick(core)  # a second tick in the same minute plans and sends nothing more
    (question,) = dailies(adapter, "alice")
    assert "今天的每日一题" in question and "Python编程基础" in question
    assert [b.label for b in alice.last().keyboard.buttons()] == ["提示", "跳过", "看答案", "结束"]
    verdict = text_of(await alice.say("我不知道,大概和性能有关。"))
    assert "得分:" in verdict and "参考答案" in verdict
    assert [d.state for d in await deliveries(core)] == ["sent"]
    clock.advance(days=1)
    await tick(core)
    assert len(dailies(adapter, "alice")) == 2


async def test_planning_twice_plans_once(
    core: Core, alice: ChatDriver, clock: FrozenClock
) -> None:
    await alice.say("/subscribe python 09:30")
    clock.advance(minutes=30)
    for _ in range(3):
        async with core.database.transaction() as session:
            await Repository(session).deliveries.plan(clock.now(), timedelta(hours=6))
    (row,) = await deliveries(core)
    assert row.state == "pending"


async def test_no_repeat_until_the_track_is_exhausted(
    alice: ChatDriver, core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    await alice.say("/subscribe python 09:30")
    clock.advance(minutes=30)
    seen = []
    for _ in range(3):  # the sample python track has three questions
        await tick(core)
        seen.append((await deliveries(core))[-1].question_id)
        clock.advance(days=1)
    assert len(set(seen)) == 3


async def test_a_poorly_answered_question_comes_back_for_review_first(
    alice: ChatDriver, core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    await alice.say("/subscribe python 09:30")
    clock.advance(minutes=30)
    await tick(core)
    first = (await deliveries(core))[0].question_id
    await alice.say("我不知道。")  # a failing score: due again tomorrow
    clock.advance(days=1)
    await tick(core)
    second = (await deliveries(core))[1].question_id
    assert second == first


async def test_downtime_within_catch_up_is_sent_late_and_beyond_is_skipped(
    chat_for: Callable[..., ChatDriver],
    core: Core,
    adapter: RecordingAdapter,
    clock: FrozenClock,
) -> None:
    early, late = chat_for("early"), chat_for("late")
    await early.say("/subscribe 10:00")  # Shanghai, from today (Monday) 10:00
    await late.say("/subscribe 09:30 Asia/Tokyo")  # Tokyo 09:30 = Shanghai 08:30, from Tuesday
    clock.advance(days=1, hours=4)  # the bot was down until Tuesday 13:00 Shanghai
    # early: Monday's is 27 h late (skipped), Tuesday's 3 h late (sent); late: 4.5 h (sent).
    await tick(core)
    assert len(dailies(adapter)) == 2
    assert (await states(core)) == {"sent": 2, "skipped": 1}
    clock.advance(days=1, hours=3)  # down again, until Wednesday 16:00
    # early: exactly 6 h late, the edge of the window (sent); late: 7.5 h (skipped).
    await tick(core)
    assert len(dailies(adapter, "early")) == 2 and len(dailies(adapter, "late")) == 1
    assert (await states(core)) == {"sent": 3, "skipped": 2}


async def test_downtime_of_several_days_skips_each_missed_day_once(
    alice: ChatDriver, core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    await alice.say("/subscribe 09:30")
    clock.advance(days=4, hours=1)  # Friday 10:00: Monday to Thursday missed, Friday in time
    await tick(core)
    assert (await states(core)) == {"skipped": 4, "sent": 1}
    assert sorted(d.local_date.day for d in await deliveries(core)) == [2, 3, 4, 5, 6]
    assert len(dailies(adapter)) == 1


async def test_planned_but_unsent_rows_past_the_window_are_skipped(
    alice: ChatDriver, core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    await alice.say("/subscribe 09:30")
    clock.advance(minutes=30)
    await core.run_job(core.jobs[1])  # planned, then the process died before sending
    clock.advance(hours=7)
    await tick(core)
    assert (await states(core)) == {"skipped": 1}
    assert dailies(adapter) == []


async def test_a_sender_killed_after_claiming_does_not_resend(
    chat_for: Callable[..., ChatDriver],
    core: Core,
    adapter: RecordingAdapter,
    clock: FrozenClock,
) -> None:
    for name in ("u1", "u2", "u3"):
        await chat_for(name).say("/subscribe 09:30")
    clock.advance(minutes=30)
    await core.run_job(core.jobs[1])
    ctx = Context(core=core, repo=None, event=None, user=None)  # type: ignore[arg-type]
    dead = Sender(ctx, claimer="dead-worker")
    items, _ = await dead.claim()
    assert len(items) == 3
    # It put the first one on the wire and was killed before it could mark the outcome.
    async with core.database.transaction() as session:
        await Repository(session).deliveries.start_sending(
            [items[0].claimed.delivery_id], "dead-worker"
        )
    await adapter.send(items[0].chat, items[0].reply)
    # A restart within the claim timeout leaves its rows alone.
    await tick(core)
    assert (await states(core)) == {"claimed": 2, "sending": 1}
    clock.advance(seconds=core.config.daily.claim_timeout + 60)
    await tick(core)
    assert (await states(core)) == {"unknown": 1, "sent": 2}
    per_chat = {name: len(dailies(adapter, name)) for name in ("u1", "u2", "u3")}
    assert sorted(per_chat.values()) == [1, 1, 1]  # nobody twice, nobody missed


async def test_a_blocked_user_among_100_subscribers(
    chat_for: Callable[..., ChatDriver],
    core: Core,
    adapter: RecordingAdapter,
    clock: FrozenClock,
) -> None:
    people = [chat_for(f"user{n:03}") for n in range(100)]
    for person in people:
        await person.say("/subscribe 09:30")
    adapter.unavailable.add("user042")
    clock.advance(minutes=30)
    await tick(core)
    assert len(dailies(adapter)) == 99
    assert (await states(core)) == {"sent": 99, "unavailable": 1}
    blocked = [s for s in await subscriptions(core) if s.paused]
    assert [s.chat_id for s in blocked] == ["user042"]
    clock.advance(days=1)
    await tick(core)
    assert len(dailies(adapter)) == 198  # the blocked one is not tried again
    # The next time they write, they are told once, and /resume brings it back. What they
    # write is not taken as an answer to the question that never reached them.
    adapter.unavailable.clear()
    told = text_of(await people[42].say("GIL 是全局解释器锁"))
    assert "得分" not in told
    assert "发不出去" in told and "/resume" in told
    assert "发不出去" not in text_of(await people[42].say("/tracks"))  # told once
    assert "已恢复" in text_of(await people[42].say("/resume"))


async def test_weekdays_and_pause(
    alice: ChatDriver, core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    await alice.say("/subscribe 09:30 weekdays=mon-fri")  # Monday 2026-03-02
    clock.advance(minutes=30)
    for _ in range(7):
        await tick(core)
        clock.advance(days=1)
    assert len(dailies(adapter)) == 5
    assert sorted(d.local_date.isoweekday() for d in await deliveries(core)) == [1, 2, 3, 4, 5]
    await alice.say("/pause")
    for _ in range(7):
        await tick(core)
        clock.advance(days=1)
    assert len(dailies(adapter)) == 5
    await alice.say("/resume")
    clock.advance(days=1)
    await tick(core)
    assert len(dailies(adapter)) == 6


async def test_a_sender_out_of_time_gives_back_what_it_claimed_ahead(
    chat_for: Callable[..., ChatDriver],
    core: Core,
    adapter: RecordingAdapter,
    clock: FrozenClock,
) -> None:
    unpaced(core, batch_size=2)
    names = [f"p{n}" for n in range(5)]
    for name in names:
        await chat_for(name).say("/subscribe 09:30")
    clock.advance(minutes=30)
    await core.run_job(core.jobs[1])
    ctx = Context(core=core, repo=None, event=None, user=None)  # type: ignore[arg-type]
    assert await Sender(ctx).run(budget=0) == 2  # one batch sent, the next one given back
    assert (await states(core)) == {"sent": 2, "pending": 3}
    await tick(core)
    assert (await states(core)) == {"sent": 5}
    assert sorted(s.chat.id for s in adapter.sent if s.reply.text.startswith("📅")) == names


async def test_changing_or_pausing_after_planning_takes_effect_that_day(
    chat_for: Callable[..., ChatDriver],
    core: Core,
    adapter: RecordingAdapter,
    clock: FrozenClock,
) -> None:
    mover, pauser = chat_for("mover"), chat_for("pauser")
    await mover.say("/subscribe 09:30")
    await pauser.say("/subscribe 09:30")
    clock.advance(minutes=29)
    await tick(core)  # 09:29: both planned a minute ahead, nothing sent yet
    assert (await states(core)) == {"pending": 2}
    await mover.say("/subscribe 09:45")
    await pauser.say("/pause")
    clock.advance(minutes=1)
    await tick(core)
    assert dailies(adapter) == []
    clock.advance(minutes=15)
    await tick(core)
    assert len(dailies(adapter, "mover")) == 1 and dailies(adapter, "pauser") == []
    # Moving to a later time after today's question came does not bring a second one today.
    await mover.say("/subscribe 11:00")
    clock.advance(hours=2)
    await tick(core)
    assert len(dailies(adapter, "mover")) == 1
    assert [d.local_date.day for d in await deliveries(core)] == [2]


async def test_a_daily_question_during_an_interview_says_how_to_get_back(
    alice: ChatDriver, core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    await alice.say("/interview open 1")
    await alice.say("/subscribe python 09:30")
    clock.advance(minutes=30)
    await tick(core)
    (daily,) = dailies(adapter, "alice")
    assert "你的面试还在进行" in daily
    assert "得分" in text_of(await alice.say("我不知道,大概和性能有关。"))
    await alice.press("结束")
    resumed = text_of(await alice.say("/interview"))
    assert "第 1/1 题" in resumed and "开放性问题" in resumed
