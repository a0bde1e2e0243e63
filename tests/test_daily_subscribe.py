"""Subscribing to the daily question as a person and as a group, and what bad input does."""

from __future__ import annotations

import pytest

from bot.core.dispatcher import Core
from tests.daily_support import group_member, subscriptions, unpaced
from tests.recording import ChatDriver, RecordingAdapter, text_of


@pytest.fixture(autouse=True)
def _unpaced(core: Core) -> None:
    unpaced(core)


async def test_subscribe_with_defaults_names_time_zone_and_first_day(
    alice: ChatDriver, core: Core
) -> None:
    # The frozen clock is Monday 2026-03-02 09:00 in Shanghai: today's 09:00 has just passed.
    text = text_of(await alice.say("/subscribe"))
    assert "已订阅每日一题" in text and "全部方向" in text
    assert "2026-03-03 09:00(Asia/Shanghai)" in text
    (sub,) = await subscriptions(core)
    assert (sub.at, sub.timezone, sub.track, sub.chat_kind) == (
        "09:00",
        "Asia/Shanghai",
        "",
        "private",
    )


async def test_arguments_in_any_order_and_last_zone_is_the_next_default(
    alice: ChatDriver, core: Core
) -> None:
    text = text_of(await alice.say("/subscribe weekdays=mon-fri Europe/Berlin 07:15 python"))
    assert "Python" in text and "周一至周五 07:15" in text
    assert "2026-03-02 07:15(Europe/Berlin)" in text  # 02:00 in Berlin now: later today
    text = text_of(await alice.say("/subscribe open 20:00"))
    assert "Europe/Berlin" in text
    listing = text_of(await alice.say("/subscriptions"))
    assert "1. Python编程基础" in listing and "2. 开放性问题" in listing


async def test_subscribing_again_to_the_same_track_updates_it(
    alice: ChatDriver, core: Core
) -> None:
    await alice.say("/subscribe python 08:00")
    text = text_of(await alice.say("/subscribe python 10:30"))
    assert "已更新订阅" in text
    (sub,) = await subscriptions(core)
    assert sub.at == "10:30"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/subscribe 25:00", "时间 25:00 不对"),
        ("/subscribe 9:75", "时间 9:75 不对"),
        ("/subscribe Mars/Olympus", "不认识时区 Mars/Olympus"),
        ("/subscribe ../../etc/passwd", "不认识时区"),
        ("/subscribe weekdays=funday", "星期设置 weekdays=funday 不对"),
        ("/subscribe cooking", "cooking"),
    ],
)
async def test_bad_input_is_explained_and_nothing_is_stored(
    alice: ChatDriver, core: Core, command: str, expected: str
) -> None:
    text = text_of(await alice.say(command))
    assert expected in text
    assert "Traceback" not in text
    assert await subscriptions(core) == []


async def test_english_texts(alice: ChatDriver) -> None:
    await alice.say("/lang en")
    text = text_of(await alice.say("/subscribe python 08:30 America/New_York weekdays=sat,sun"))
    assert "Subscribed to the daily question" in text and "sat,sun" in text
    assert "Unknown time zone Nowhere/Land" in text_of(await alice.say("/subscribe Nowhere/Land"))


async def test_pause_resume_and_unsubscribe(alice: ChatDriver, core: Core) -> None:
    assert "没有进行中的订阅" in text_of(await alice.say("/pause"))
    await alice.say("/subscribe python")
    await alice.say("/subscribe open")
    assert "已暂停 2 个订阅" in text_of(await alice.say("/pause"))
    assert "已暂停" in text_of(await alice.say("/subscriptions"))
    assert all(s.paused for s in await subscriptions(core))
    assert "已恢复 1 个订阅" in text_of(await alice.say("/resume 2"))
    assert "请指明编号" in text_of(await alice.say("/unsubscribe"))
    assert "没有第 7 个订阅" in text_of(await alice.say("/unsubscribe 7"))
    assert "已取消 1 个订阅" in text_of(await alice.say("/unsubscribe 1"))
    (left,) = await subscriptions(core)
    assert left.track == "open" and not left.paused
    assert "已取消 1 个订阅" in text_of(await alice.say("/unsubscribe all"))
    assert "还没有订阅" in text_of(await alice.say("/subscriptions"))


async def test_only_chat_admins_subscribe_a_group(core: Core, adapter: RecordingAdapter) -> None:
    member = group_member(core, adapter, "bob", "g1")
    admin = group_member(core, adapter, "carol", "g1", admin=True)
    assert "只有群管理员" in text_of(await member.say("/subscribe python 18:00"))
    assert await subscriptions(core) == []
    assert "已订阅" in text_of(await admin.say("/subscribe python 18:00"))
    assert "只有群管理员" in text_of(await member.say("/unsubscribe"))
    assert "只有群管理员" in text_of(await member.say("/pause"))
    (sub,) = await subscriptions(core)
    assert (sub.chat_id, sub.chat_kind, sub.paused) == ("g1", "group", False)
    # Anyone may look.
    assert "1. Python编程基础" in text_of(await member.say("/subscriptions"))
