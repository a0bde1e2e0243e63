"""The daily question on Telegram: a private subscription answered like an interview, a user who
blocked the bot, and a group subscribed by its admin (checked with getChatMember)."""

from __future__ import annotations

import pytest

from bot.core.dispatcher import Core
from tests.daily_support import states, subscriptions, unpaced
from tests.recording import FrozenClock
from tests.telegram_fakes import TelegramWorld
from tests.telegram_people import ALICE, BOB, CAROL, GROUP
from tests.test_telegram_private import good_answer, texts


@pytest.fixture(autouse=True)
def _unpaced(core: Core) -> None:
    unpaced(core)


async def test_private_daily_question_arrives_and_is_graded(
    tg: TelegramWorld, core: Core, clock: FrozenClock
) -> None:
    confirmed = await tg.private(ALICE, "/subscribe python 09:30")
    assert "已订阅每日一题" in texts(confirmed)
    clock.advance(minutes=30)
    await core.run_due_work()
    [question] = [c for c in tg.api.sent(ALICE.id) if "今天的每日一题" in c.text]
    assert "提示" in question.labels
    graded = await tg.private(ALICE, good_answer(question.text))
    assert "得分:100/100" in texts(graded)


async def test_a_user_who_blocked_the_bot_is_paused_and_told_on_return(
    tg: TelegramWorld, core: Core, clock: FrozenClock
) -> None:
    await tg.private(BOB, "/subscribe 09:30")
    tg.api.blocked.add(BOB.id)
    clock.advance(minutes=30)
    await core.run_due_work()
    assert (await states(core)) == {"unavailable": 1}
    (sub,) = await subscriptions(core)
    assert sub.paused and sub.paused_reason == "unavailable"
    tg.api.blocked.discard(BOB.id)
    told = await tg.private(BOB, "/subscriptions")
    assert "发不出去" in texts(told) and "/resume" in texts(told)


async def test_only_a_group_admin_subscribes_the_group(
    tg: TelegramWorld, core: Core, clock: FrozenClock
) -> None:
    refused = await tg.in_group(BOB, "/subscribe python 18:00")
    assert "只有群管理员" in texts(refused)
    tg.api.admins[GROUP["id"]].add(CAROL.id)
    accepted = await tg.in_group(CAROL, "/subscribe python 18:00")
    assert "已订阅每日一题" in texts(accepted)
    clock.advance(hours=9)  # 18:00 in Shanghai
    await core.run_due_work()
    [post] = [c for c in tg.api.sent(GROUP["id"]) if "每日一题 · Python编程基础" in c.text]
    assert "回复这条消息作答" in post.text and "21:00" in post.text
    answered = await tg.in_group(BOB, good_answer(post.text), reply_to=post.message_id)
    assert "Bob 已作答:100 分" in texts(answered)
