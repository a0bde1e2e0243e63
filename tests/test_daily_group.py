"""A group's daily question: a round posted at the local time, answered by reply, revealed at
the evening reveal time with the day's ranking, beside /quiz."""

from __future__ import annotations

import pytest

from bot.core.dispatcher import Core
from tests.daily_support import dailies, group_member, states, subscriptions, tick, unpaced
from tests.recording import FrozenClock, RecordingAdapter, text_of
from tests.test_interview_dialogs import GIL_GOOD


@pytest.fixture(autouse=True)
def _unpaced(core: Core) -> None:
    unpaced(core)


async def test_group_daily_round_is_answered_by_reply_and_revealed_in_the_evening(
    core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    admin = group_member(core, adapter, "carol", "g1", admin=True)
    bob = group_member(core, adapter, "bob", "g1")
    await admin.say("/subscribe python 18:00")
    clock.advance(hours=9)  # 18:00 in Shanghai
    await tick(core)
    (post,) = dailies(adapter, "g1")
    assert "每日一题 · Python编程基础" in post and "21:00 公布答案" in post
    post_id = next(s.message_id for s in adapter.sent if s.reply.text == post)
    # A /quiz can run in the same chat while the daily round is open, and end on its own.
    quiz = text_of(await bob.say("/quiz open"))
    assert "群测验" in quiz
    answer = GIL_GOOD if "GIL" in post else "我不知道"
    ack = text_of(await bob.say(answer, reply_to_message_id=post_id))
    assert "Bob 已作答" in ack
    assert "已经答过" in text_of(await bob.say("再答一次", reply_to_message_id=post_id))
    clock.advance(hours=2, minutes=59)
    await tick(core)
    assert not any(
        "公布答案:" in s.reply.text and s.reply.reply_to == post_id for s in adapter.sent
    )
    clock.advance(minutes=1)  # 21:00
    await tick(core)
    (reveal,) = [
        s.reply.text
        for s in adapter.sent
        if s.reply.reply_to == post_id and "公布答案" in s.reply.text
    ]
    assert "本轮排名(1 人作答)" in reveal and "1. Bob" in reveal
    assert (await states(core)) == {"sent": 1}


async def test_one_question_per_group_per_day_and_no_repeat(
    core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    admin = group_member(core, adapter, "carol", "g2", admin=True)
    await admin.say("/subscribe python 18:00")
    clock.advance(hours=9)
    posts = []
    for _ in range(3):
        await tick(core)
        await tick(core)
        posts += dailies(adapter, "g2")[len(posts) :]
        clock.advance(days=1)
    assert len(posts) == 3
    assert len({p.split("\n")[2] for p in posts}) == 3  # three different question titles


async def test_a_group_that_removed_the_bot_pauses_and_the_admin_is_told(
    core: Core, adapter: RecordingAdapter, clock: FrozenClock
) -> None:
    admin = group_member(core, adapter, "carol", "g3", admin=True)
    await admin.say("/subscribe 18:00")
    adapter.unavailable.add("g3")
    clock.advance(hours=9)
    await tick(core)
    assert (await states(core)) == {"unavailable": 1}
    (sub,) = await subscriptions(core)
    assert sub.paused and sub.paused_reason == "unavailable"
    adapter.unavailable.clear()
    told = text_of(await admin.say("/subscriptions"))
    assert "发不出去" in told and "无法发送到这里" in told
