"""Telegram groups: /quiz rounds answered by reply, brief acknowledgements, admin-only settings."""

from __future__ import annotations

from bot.core.dispatcher import Core
from tests.recording import FrozenClock
from tests.telegram_fakes import Call, TelegramWorld
from tests.telegram_people import ALICE, BOB, BOT, CAROL, GROUP
from tests.test_telegram_private import good_answer, texts

GROUP_ID = GROUP["id"]


async def post_quiz(tg: TelegramWorld) -> Call:
    await tg.private(ALICE, "/start")  # Alice has a private chat with the bot; Bob has not
    [post] = await tg.in_group(ALICE, "/quiz python")
    assert post.chat_id == GROUP_ID
    assert "回复这条消息作答" in post.text
    return post


async def test_a_group_round_with_two_members_answering_by_reply(tg: TelegramWorld) -> None:
    post = await post_quiz(tg)

    alice = await tg.in_group(ALICE, good_answer(post.text), reply_to=post.message_id)
    in_group = [c for c in alice if c.chat_id == GROUP_ID]
    assert [c.text for c in in_group] == ["Alice 已作答:100 分"]
    assert in_group[0].reply_to is not None  # a reply to her answer
    private = [c for c in alice if c.chat_id == ALICE.id]
    assert private and "你在群测验中的回答" in private[0].text and "✓" in private[0].text

    bob = await tg.in_group(BOB, "我不太清楚,大概和内存有关。", reply_to=post.message_id)
    [ack] = bob
    assert ack.chat_id == GROUP_ID and "Bob 已作答" in ack.text and "私聊我" in ack.text
    [link] = ack.buttons
    assert link["url"] == f"https://t.me/{BOT['username']}?start=quiz"
    assert not tg.api.sent(BOB.id), "nobody writes first to someone who never started the bot"

    twice = await tg.in_group(BOB, "再答一次", reply_to=post.message_id)
    assert "每人一次" in texts(twice)

    [reveal] = await tg.in_group(ALICE, "/reveal")
    assert reveal.chat_id == GROUP_ID and "公布答案" in reveal.text
    assert "1. Alice — 100" in reveal.text and "2. Bob" in reveal.text
    assert reveal.reply_to == post.message_id


async def test_group_chatter_not_meant_for_the_bot_is_ignored(tg: TelegramWorld) -> None:
    await post_quiz(tg)
    before = len(tg.api.calls)
    assert await tg.in_group(BOB, "今天天气不错") == []
    assert await tg.in_group(CAROL, "回复别人的消息", reply_to=1) == []
    assert [c.method for c in tg.api.calls[before:]] == []  # not even a getChatMember


async def test_a_mention_reaches_the_bot_without_the_mention(tg: TelegramWorld) -> None:
    replies = await tg.in_group(CAROL, f"@{BOT['username']} /tracks")
    assert "python" in texts(replies)


async def test_a_non_admin_is_refused_an_admin_setting(tg: TelegramWorld) -> None:
    refusal = await tg.in_group(BOB, "/settings quiz_seconds 120")
    assert tg.api.called("getChatMember")
    assert "只有群管理员" in texts(refusal)
    # Bob never opened a private chat, so the refusal answers him in the group.
    assert refusal[-1].chat_id == GROUP_ID and refusal[-1].reply_to is not None

    tg.api.admins[GROUP_ID].add(CAROL.id)
    saved = await tg.in_group(CAROL, "/settings quiz_seconds 120")
    assert "已保存" in texts(saved)


async def test_a_refusal_goes_privately_to_someone_who_started_the_bot(tg: TelegramWorld) -> None:
    await tg.private(BOB, "/start")
    refusal = await tg.in_group(BOB, "/settings lang en")
    assert [c.chat_id for c in refusal] == [BOB.id]
    assert "只有群管理员" in texts(refusal)


async def test_an_anonymous_admin_writing_as_the_group_counts_as_admin(tg: TelegramWorld) -> None:
    anonymous = type(ALICE)(1087968824, "Group")  # Telegram's GroupAnonymousBot
    update = tg.updates.message(anonymous, GROUP, "/settings lang en", sender_chat=GROUP)
    saved = await tg.feed(update)
    assert "已保存:lang = en" in texts(saved)
    assert not tg.api.called("getChatMember")


async def test_only_the_starter_or_an_admin_reveals_early(tg: TelegramWorld) -> None:
    await post_quiz(tg)
    refused = await tg.in_group(BOB, "/reveal")
    assert "只有出题人或群管理员" in texts(refused)
    tg.api.admins[GROUP_ID].add(CAROL.id)
    [reveal] = await tg.in_group(CAROL, "/reveal")
    assert "这一轮没有人作答" in reveal.text


async def test_the_time_limit_reveals_the_round_in_the_group(
    tg: TelegramWorld, core: Core, clock: FrozenClock
) -> None:
    post = await post_quiz(tg)
    await tg.in_group(BOB, good_answer(post.text), reply_to=post.message_id)
    clock.advance(minutes=11)  # quiz_seconds defaults to 600
    before = len(tg.api.sent())
    await core.run_due_work()
    [reveal] = tg.api.sent()[before:]
    assert reveal.chat_id == GROUP_ID and "1. Bob — 100" in reveal.text


async def test_an_interview_in_a_group_is_answered_by_replying_to_the_question(
    tg: TelegramWorld,
) -> None:
    [question] = await tg.in_group(ALICE, "/interview python 1")
    assert question.chat_id == GROUP_ID and "第 1/1 题" in question.text
    verdict = await tg.in_group(ALICE, good_answer(question.text), reply_to=question.message_id)
    assert "得分:100/100" in texts(verdict)
    assert all(c.chat_id == GROUP_ID for c in verdict)
