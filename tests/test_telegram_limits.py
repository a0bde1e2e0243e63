"""Telegram limits and failures: pacing, 429 waits, retries, blocked people, chats that are gone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.adapters.telegram_sending import Pacer, Pacing
from bot.core.context import Outgoing
from bot.core.dispatcher import Core
from bot.core.events import ChatRef
from bot.core.ports import RecipientUnavailable
from bot.core.replies import Reply
from bot.storage.models import Identity
from tests.telegram_fakes import TelegramWorld
from tests.telegram_people import ALICE, BOB, GROUP


def private(person_id: int) -> ChatRef:
    return ChatRef("telegram", str(person_id), "private")


async def test_a_person_who_blocked_the_bot_becomes_unavailable_and_others_still_get_theirs(
    tg: TelegramWorld, core: Core
) -> None:
    await tg.private(ALICE, "/start")
    await tg.private(BOB, "/start")
    tg.api.blocked.add(BOB.id)
    with pytest.raises(RecipientUnavailable):
        await tg.adapter.send(private(BOB.id), Reply("今日一题"))

    await core.deliver(
        [
            Outgoing(private(BOB.id), Reply("给 Bob")),
            Outgoing(private(ALICE.id), Reply("给 Alice")),
        ]
    )
    assert tg.api.sent(ALICE.id)[-1].text == "给 Alice"
    async with core.database.transaction() as session:
        bob = await session.scalar(
            select(Identity).where(Identity.platform_user_id == str(BOB.id))
        )
        alice = await session.scalar(
            select(Identity).where(Identity.platform_user_id == str(ALICE.id))
        )
    assert bob is not None and bob.dm_unavailable
    assert alice is not None and not alice.dm_unavailable

    tg.api.blocked.discard(BOB.id)  # Bob unblocks and writes again: he is reachable again
    replies = await tg.private(BOB, "/help")
    assert replies and replies[0].chat_id == BOB.id


async def test_a_429_waits_as_told_and_the_message_is_sent_once(tg: TelegramWorld) -> None:
    await tg.private(ALICE, "/start")
    tg.api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await tg.adapter.send(private(ALICE.id), Reply("稍等再发"))
    tries = [c for c in tg.api.called("sendMessage") if c.chat_id == ALICE.id][-2:]
    assert tries[0].message_id == 0  # the refused try
    assert tries[1].at - tries[0].at >= 1.0
    assert [c.text for c in tg.api.sent(ALICE.id)].count("稍等再发") == 2  # one refused, one sent


async def test_network_errors_are_retried_with_backoff(tg: TelegramWorld) -> None:
    await tg.private(ALICE, "/start")
    tg.api.fail("sendMessage", 502, "Bad Gateway")
    tg.api.fail("sendMessage", 500, "Internal Server Error")
    message_id = await tg.adapter.send(private(ALICE.id), Reply("终于送达"))
    assert message_id and tg.api.sent(ALICE.id)[-1].message_id == int(message_id)


async def test_a_chat_that_is_gone_is_unavailable_but_a_bad_request_is_an_error(
    tg: TelegramWorld,
) -> None:
    tg.api.fail("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(RecipientUnavailable):
        await tg.adapter.send(ChatRef("telegram", str(GROUP["id"]), "group"), Reply("x"))
    tg.api.fail("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat")
    with pytest.raises(RecipientUnavailable):
        await tg.adapter.send(ChatRef("telegram", str(GROUP["id"]), "group"), Reply("x"))
    tg.api.fail("sendMessage", 400, "Bad Request: can't parse entities")
    with pytest.raises(Exception, match="parse entities"):
        await tg.adapter.send(ChatRef("telegram", str(GROUP["id"]), "group"), Reply("x"))


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


async def test_the_pacer_allows_a_short_burst_then_one_message_a_second_in_a_chat() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), monotonic=time.monotonic, sleep=time.sleep)
    waits = [await pacer.wait(1, group=False) for _ in range(5)]
    assert waits == [0, 0, 0, 1.0, 1.0]
    assert await pacer.wait(2, group=False) == 0  # another chat is not held up
    time.now += 10
    assert await pacer.wait(1, group=False) == 0  # the burst refills while the chat is quiet


async def test_the_pacer_keeps_a_group_to_twenty_messages_a_minute() -> None:
    time = FakeTime()
    pacer = Pacer(Pacing(), monotonic=time.monotonic, sleep=time.sleep)
    for _ in range(25):
        await pacer.wait(-100, group=True)
    # The burst of 5 goes at once; the other 20 follow at one every 3 seconds.
    assert time.now == pytest.approx(60.0)
    assert time.slept == [3.0] * 20
