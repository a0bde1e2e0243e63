"""The bot in a Discord server: slash commands, payload buttons, the Answer modal and group rounds."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import build_core, open_database
from bot.core.dispatcher import Core
from bot.storage.rounds import ChatSettings
from tests.discord_fakes import DiscordWorld, custom_ids, labels, make_adapter, shown
from tests.recording import FrozenClock

GIL_GOOD = (
    "GIL 是 CPython 的全局解释器锁,同一时刻只有一个线程执行字节码。"
    "所以 CPU 密集的任务要用多进程,而 I/O 密集任务在等待时会释放 GIL,多线程依然有用。"
)
GIL_PARTIAL = "GIL 是全局解释器锁,同一时刻只有一个线程执行字节码。"
ASSERT_GOOD = (
    "assert 条件不成立时抛出 AssertionError;用 -O 运行时断言会被移除,"
    "所以只用于调试和检查内部不变量,不能做输入校验。"
)
ASSERT_PARTIAL = "assert 条件不成立时会抛出 AssertionError。"


def callback_types(world: DiscordWorld) -> list[int]:
    """Interaction response types in the order the bot sent them (4 reply, 5/6 defer, 9 modal)."""
    return [
        entry.json["type"]
        for entry in world.env.http_requests
        if entry.path.endswith("/callback") and isinstance(entry.json, dict)
    ]


async def test_slash_interview_answers_with_the_question_and_payload_buttons(
    world: DiscordWorld,
) -> None:
    result = await world.alice.slash(world.channel, "interview", track="python", count=2)
    assert result.acknowledged and result.response is not None
    message = result.response.message
    assert "第 1/2 题" in message.content and "Python编程基础" in message.content
    assert "点 “回答” 填写你的答案" in message.content  # servers answer through the form
    assert labels(message) == ["回答", "提示", "跳过", "看答案", "结束"]
    ids = custom_ids(message)
    assert ids[0].startswith("v1:answer:iv:") and ids[1].startswith("v1:hint:")
    assert not result.response.ephemeral  # the question is posted for the channel to see


async def test_answer_button_opens_the_modal_without_deferring_first(world: DiscordWorld) -> None:
    asked = await world.alice.slash(world.channel, "interview", track="python", count=1)
    before = len(callback_types(world))
    shown = await world.alice.click(asked.response.message, label="回答")
    assert shown.modal is not None
    assert shown.modal["custom_id"] == custom_ids(asked.response.message)[0]
    assert shown.modal["title"] == "回答 / Answer"
    text_input = shown.modal["components"][0]["component"]
    assert text_input["style"] == 2 and text_input["max_length"] == 4000
    assert callback_types(world)[before:] == [9]  # the modal itself is the only response


async def test_modal_answer_is_graded_and_its_follow_up_answered_by_form_too(
    world: DiscordWorld,
) -> None:
    asked = await world.alice.slash(world.channel, "interview", track="python", count=3)
    question = asked.response.message
    while "GIL" not in question.content:
        skipped = await world.alice.click(question, label="跳过")
        question = skipped.followups[-1].message
    shown = await world.alice.click(question, label="回答")
    graded = await world.alice.submit_modal(shown, {"answer": GIL_PARTIAL})
    assert graded.deferred
    verdict = graded.followups[-1]
    assert "得分:" in verdict.content
    assert (
        "✓ GIL 是全局解释器锁" in verdict.content and "✗ CPU 密集任务用多进程" in verdict.content
    )
    assert "追问:那 CPU 密集型任务应该怎么并行?" in verdict.content
    assert labels(verdict.message)[0] == "回答"  # the follow-up is answered through the form too
    follow_form = await world.alice.click(verdict.message, label="回答")
    followed = await world.alice.submit_modal(follow_form, {"answer": "用多进程 multiprocessing"})
    assert "追问答对了 ✓" in followed.followups[-1].content


async def test_button_press_is_deferred_before_the_core_answers(world: DiscordWorld) -> None:
    asked = await world.alice.slash(world.channel, "interview", track="python", count=2)
    hinted = await world.alice.click(asked.response.message, label="提示")
    assert callback_types(world)[-1] == 6  # acknowledged at once, no "thinking" message
    assert (
        "提示 1:想想" in hinted.followups[-1].content
        and "上限降为 80 分" in hinted.followups[-1].content
    )
    assert custom_ids(hinted.followups[-1].message)[0].startswith("v1:answer:iv:")


async def test_someone_elses_button_gets_a_note_only_they_can_see(world: DiscordWorld) -> None:
    asked = await world.alice.slash(world.channel, "interview", track="python", count=2)
    pressed = await world.bob.click(asked.response.message, label="提示")
    note = pressed.followups[-1]
    assert note.ephemeral
    assert note.content not in world.texts_seen_by(world.alice)


async def test_server_round_two_members_answer_privately_and_reveal_ranks_them(
    world: DiscordWorld,
) -> None:
    posted = await world.alice.slash(world.channel, "quiz", track="python")
    post = posted.response.message
    assert "群测验" in post.content and "assert" in post.content
    assert labels(post) == ["回答"]

    bob_form = await world.bob.click(post, label="回答")
    bob_graded = await world.bob.submit_modal(bob_form, {"answer": ASSERT_GOOD})
    carol_form = await world.carol.click(post, label="回答")
    carol_graded = await world.carol.submit_modal(carol_form, {"answer": ASSERT_PARTIAL})

    bob_feedback = bob_graded.followups[-1]
    assert bob_feedback.ephemeral and "得分:100/100" in bob_feedback.content
    carol_feedback = carol_graded.followups[-1]
    assert carol_feedback.ephemeral and "得分:50/100" in carol_feedback.content
    assert "✗ -O 模式下断言被移除" in carol_feedback.content
    assert "得分" not in world.texts_seen_by(world.alice)  # feedback stays private

    again = await world.bob.click(post, label="回答")
    twice = await world.bob.submit_modal(again, {"answer": ASSERT_GOOD})
    assert "每人一次" in twice.followups[-1].content

    revealed = await world.alice.slash(world.channel, "reveal")
    ranking = shown(revealed.response.content)
    assert not revealed.response.ephemeral
    assert "本轮排名(2 人作答)" in ranking
    assert "1. Bob — 100\n2. Carol — 50" in ranking
    assert "-O 运行时断言会被去掉" in ranking  # the model answer


async def test_round_closes_on_time_and_the_ranking_is_posted_in_the_channel(
    world: DiscordWorld, core: Core, clock: FrozenClock
) -> None:
    posted = await world.bob.slash(world.channel, "quiz", track="python")
    form = await world.carol.click(posted.response.message, label="回答")
    await world.carol.submit_modal(form, {"answer": ASSERT_GOOD})
    clock.advance(seconds=core.config.discord.quiz_seconds + 1)
    await core.run_due_work()
    await world.env.settle()
    last = world.channel.last_message
    assert "本轮排名(1 人作答)" in last.content and "Carol — 100" in last.content
    assert last.reference is not None
    assert last.reference.message_id == posted.response.message.id  # answers the round's post


async def test_member_without_manage_server_cannot_change_settings(
    world: DiscordWorld, core: Core
) -> None:
    refused = await world.bob.slash(world.channel, "settings", key="quiz_seconds", value="120")
    assert refused.response.ephemeral
    assert "只有群管理员" in refused.response.content
    assert await chat_settings(core, world) is None

    saved = await world.alice.slash(world.channel, "settings", key="quiz_seconds", value="120")
    assert "已保存:quiz_seconds = 120" in shown(saved.response.content)
    assert (await chat_settings(core, world)).quiz_seconds == 120
    posted = await world.bob.slash(world.channel, "quiz")
    assert "2 分钟后公布答案" in posted.response.content


async def chat_settings(core: Core, world: DiscordWorld) -> ChatSettings | None:
    async with core.database.transaction() as session:
        return await session.scalar(
            select(ChatSettings).where(ChatSettings.chat_id == str(world.channel.id))
        )


@pytest.mark.parametrize("adapter_options", [{"ack_after": 0.05, "slow": 0.2}])
async def test_slow_core_is_deferred_in_time_and_visibility_is_kept(world: DiscordWorld) -> None:
    public = await world.alice.slash(world.channel, "quiz", track="python")
    deferrals = [t for t in world.env.http_requests if t.path.endswith("/callback")]
    assert deferrals[-1].json == {"type": 5, "data": {"flags": 64}}  # "thinking…", privately
    post = public.followups[-1]
    assert not post.ephemeral and "群测验" in post.content
    assert "群测验" in world.texts_seen_by(world.carol)

    private = await world.bob.slash(world.channel, "settings", key="lang", value="en")
    assert private.ephemeral and not private.followups
    assert "只有群管理员" in private.response.content  # the loading message became the refusal
    assert "只有群管理员" not in world.texts_seen_by(world.carol)


async def test_buttons_keep_working_after_a_restart(
    world: DiscordWorld, core: Core, clock: FrozenClock
) -> None:
    asked = await world.alice.slash(world.channel, "interview", track="python", count=2)
    database = await open_database(core.config)
    try:
        restarted = await build_core(core.config, database, clock)
        fresh = make_adapter(restarted)
        await world.env.restart_bot(fresh.client)
        skipped = await world.alice.click(asked.response.message, label="跳过")
        assert "第 2/2 题" in skipped.followups[-1].content
    finally:
        await database.dispose()
