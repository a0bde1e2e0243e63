"""The daily question in a Discord server: admins subscribe by slash command, members answer
the daily post through the Answer form, and the evening reveal ranks them."""

from __future__ import annotations

import pytest

from bot.core.dispatcher import Core
from tests.daily_support import states, subscriptions, unpaced
from tests.discord_fakes import DiscordWorld, labels, shown
from tests.recording import FrozenClock
from tests.test_discord_interactions import ASSERT_GOOD, GIL_GOOD


@pytest.fixture(autouse=True)
def _unpaced(core: Core) -> None:
    unpaced(core)


async def test_server_daily_question_by_slash_command(
    world: DiscordWorld, core: Core, clock: FrozenClock
) -> None:
    refused = await world.bob.slash(world.channel, "subscribe", track="python", time="18:00")
    assert "只有群管理员" in shown(refused.response.content) and refused.response.ephemeral
    assert await subscriptions(core) == []
    done = await world.alice.slash(
        world.channel, "subscribe", track="python", time="18:00", timezone="Europe/Berlin"
    )
    assert "已订阅每日一题" in shown(done.response.content)
    (sub,) = await subscriptions(core)
    assert (sub.platform, sub.chat_kind, sub.timezone) == ("discord", "group", "Europe/Berlin")

    clock.advance(hours=16)  # 2026-03-02 17:00 UTC = 18:00 in Berlin
    await core.run_due_work()
    await world.env.settle()
    post = world.channel.last_message
    assert "每日一题 · Python编程基础" in post.content and labels(post) == ["回答"]
    form = await world.bob.click(post, label="回答")
    answer = GIL_GOOD if "GIL" in post.content else ASSERT_GOOD
    graded = await world.bob.submit_modal(form, {"answer": answer})
    assert graded.followups[-1].ephemeral and "得分:" in graded.followups[-1].content

    clock.advance(hours=3)  # 21:00 in Berlin: the evening reveal
    await core.run_due_work()
    await world.env.settle()
    reveal = world.channel.last_message
    assert "本轮排名(1 人作答)" in reveal.content and "Bob" in reveal.content
    assert reveal.reference is not None and reveal.reference.message_id == post.id
    assert (await states(core)) == {"sent": 1}
