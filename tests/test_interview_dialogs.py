"""The interview flow as a user lives it, through the recording adapter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import select

from bot.app import build_core, open_database
from bot.core.dispatcher import Core
from bot.storage.models import Attempt
from tests.recording import ChatDriver, RecordingAdapter, text_of

GIL_GOOD = (
    "GIL 是 CPython 的全局解释器锁,同一时刻只有一个线程执行字节码。"
    "所以 CPU 密集的任务要用多进程,而 I/O 密集任务在等待时会释放 GIL,多线程依然有用。"
)


async def attempts(core: Core) -> list[Attempt]:
    async with core.database.transaction() as session:
        return list(await session.scalars(select(Attempt).order_by(Attempt.id)))


async def answer_current(chat: ChatDriver, good: bool = True, shown: str = "") -> str:
    """Answer whatever question is showing with a good or a poor answer."""
    shown = shown or chat.last().text
    if "GIL" in shown:
        return text_of(
            await chat.say(GIL_GOOD if good else "我不太清楚这个问题,可能和内存有关吧。")
        )
    if "assert" in shown:
        return text_of(
            await chat.say("assert 条件不成立时会抛出 AssertionError,主要用于调试,检查不变量。")
        )
    return text_of(await chat.say("有 % 格式化、str.format 方法和 f-string 三种,f-string 最快。"))


async def test_start_explains_and_lists_commands(alice: ChatDriver) -> None:
    text = text_of(await alice.say("/start"))
    assert "面试" in text
    for command in ("/interview", "/tracks", "/stats", "/lang"):
        assert command in text


async def test_tracks_show_question_counts(alice: ChatDriver) -> None:
    text = text_of(await alice.say("/tracks"))
    assert "python — Python编程基础:3 题" in text
    assert "open — 开放性问题:1 题" in text


async def test_full_interview_grades_each_answer_and_ends_with_summary(alice: ChatDriver) -> None:
    first = text_of(await alice.say("/interview python 2"))
    assert "第 1/2 题" in first and "Python编程基础" in first
    assert [b.label for b in alice.last().keyboard.buttons()] == ["提示", "跳过", "看答案", "结束"]
    verdict = await answer_current(alice)
    assert "得分:" in verdict and "✓" in verdict and "参考答案" in verdict
    second = text_of(await alice.press("下一题"))
    assert "第 2/2 题" in second
    await answer_current(alice)
    summary = text_of(await alice.press("查看总结"))
    assert "面试结束 · 共 2 题" in summary
    assert "平均分" in summary


async def test_good_answer_hits_every_point_and_poor_answer_misses(alice: ChatDriver) -> None:
    await alice.say("/interview python 3")
    while "GIL" not in alice.last().text:
        await alice.press("跳过")
    good = await answer_current(alice, good=True)
    assert "得分:100/100" in good
    assert "✗" not in good.split("参考答案")[0]


async def test_missed_point_gets_a_follow_up_that_can_raise_the_score(
    alice: ChatDriver, core: Core
) -> None:
    await alice.say("/interview python 3")
    while "GIL" not in alice.last().text:
        await alice.press("跳过")
    verdict = text_of(
        await alice.say(
            "同一时刻只有一个线程执行字节码,I/O 密集的任务多线程还行,CPU 密集用多进程。"
        )
    )
    assert "✗ GIL 是全局解释器锁" in verdict
    assert "追问:GIL 锁住的究竟是什么?" in verdict
    before = (await attempts(core))[-1].score
    follow = text_of(await alice.say("它是一把全局解释器锁,保护解释器内部状态。"))
    assert "追问答对了" in follow
    assert (await attempts(core))[-1].score > before


async def test_hint_reveals_a_point_and_lowers_the_maximum(alice: ChatDriver) -> None:
    await alice.say("/interview python 3")
    while "GIL" not in alice.last().text:
        await alice.press("跳过")
    hint = text_of(await alice.press("提示"))
    assert "GIL 是全局解释器锁" in hint and "80" in hint
    verdict = await answer_current(alice, good=True)
    assert "得分:80/100" in verdict


async def test_skip_and_reveal_are_shown_in_the_summary(alice: ChatDriver) -> None:
    await alice.say("/interview python 2")
    await alice.press("跳过")
    revealed = text_of(await alice.press("看答案"))
    assert "参考答案" in revealed and "不计分" in revealed
    summary = text_of(await alice.press("查看总结"))
    assert "跳过" in summary and "看了答案" in summary
    assert "这一轮没有作答的题目" in summary


async def test_no_question_repeats_until_the_track_is_exhausted(
    alice: ChatDriver, adapter: RecordingAdapter
) -> None:
    titles: list[str] = []
    for _ in range(3):
        await alice.say("/interview python 1")
        titles.append(alice.last().text.splitlines()[2])
        await alice.press("跳过")
    assert len(set(titles)) == 3


async def test_stop_abandons_and_text_afterwards_points_to_interview(alice: ChatDriver) -> None:
    await alice.say("/interview")
    assert "已放弃" in text_of(await alice.say("/stop"))
    assert "/interview" in text_of(await alice.say("随便说点什么"))
    assert "没有进行中的面试" in text_of(await alice.say("/stop"))


async def test_interview_resumes_after_restart(alice: ChatDriver, core: Core) -> None:
    await alice.say("/interview python 2")
    await alice.press("跳过")
    question_shown = alice.last().text
    assert "第 2/2 题" in question_shown
    # A new process: a new engine over the same SQLite file and a new core.
    database = await open_database(core.config)
    try:
        restarted = await build_core(core.config, database, core.clock)
        adapter = RecordingAdapter()
        restarted.attach(adapter)
        again = ChatDriver(restarted, adapter, alice.user, alice.chat)
        verdict = await answer_current(again, shown=question_shown)
        assert "得分" in verdict
        assert "面试结束 · 共 2 题" in text_of(await again.press("查看总结"))
    finally:
        await database.dispose()


async def test_bad_interview_arguments_are_explained(alice: ChatDriver) -> None:
    for bad in ("0", "-3", "10000"):
        reply = text_of(await alice.say(f"/interview python {bad}"))
        assert "1 到 20" in reply, bad
    unknown = text_of(await alice.say("/interview abc"))
    assert "没有找到方向 “abc”" in unknown and "python" in unknown and "open" in unknown
    assert "没有 /interveiw 这个命令" in text_of(await alice.say("/interveiw"))


async def test_empty_and_oversized_answers_store_nothing(alice: ChatDriver, core: Core) -> None:
    await alice.say("/interview python 1")
    assert "回答是空的" in text_of(await alice.say("   "))
    huge = "很长的回答" * 20_000  # 100,000 characters
    assert "上限是 4000 字" in text_of(await alice.say(huge))
    assert await attempts(core) == []
    assert "得分" in await answer_current(alice)


async def test_stale_and_repeated_button_presses_are_refused_politely(alice: ChatDriver) -> None:
    await alice.say("/interview python 2")
    skip = alice.button("跳过")
    await alice.press_payload(skip.payload)
    assert "过期" in text_of(await alice.press_payload(skip.payload))
    await alice.say("/stop")
    assert "过期" in text_of(await alice.press("跳过"))
    assert "过期" in text_of(await alice.press_payload("garbage-from-an-old-version"))


async def test_someone_elses_button_is_refused(chat_for: Callable[..., ChatDriver]) -> None:
    alice = chat_for("alice", "group-1", "group")
    bob = chat_for("bob", "group-1", "group")
    await alice.say("/interview python 1")
    refused = text_of(await bob.press_payload(alice.button("跳过").payload))
    assert "别人的面试" in refused


async def test_two_answers_at_once_are_graded_once(alice: ChatDriver, core: Core) -> None:
    await alice.say("/interview python 1")
    await asyncio.gather(alice.say(GIL_GOOD), alice.say(GIL_GOOD))
    assert len(await attempts(core)) == 1


async def test_language_switch_changes_the_interface(alice: ChatDriver) -> None:
    assert "English" in text_of(await alice.say("/lang en"))
    text = text_of(await alice.say("/interview python 1"))
    assert "Question 1/1" in text and "Reply with your answer" in text
    assert "Usage" in text_of(await alice.say("/lang klingon"))


async def test_open_question_says_it_is_graded_on_dimensions(alice: ChatDriver) -> None:
    text = text_of(await alice.say("/interview open 1"))
    assert "开放题" in text
    verdict = text_of(
        await alice.say("我会先看需求是不是刚需、能带来多少收益,再算成本,最后看有没有数据壁垒。")
    )
    assert "得分:100/100" in verdict and "按覆盖的维度评分" in verdict


async def test_stats_summarise_answers_per_track(alice: ChatDriver) -> None:
    assert "还没有作答" in text_of(await alice.say("/stats"))
    await alice.say("/interview python 1")
    await answer_current(alice)
    stats = text_of(await alice.say("/stats"))
    assert "已作答:1 题" in stats and "连续练习:1 天" in stats and "Python编程基础" in stats


async def test_a_failing_handler_apologises_without_a_traceback(
    alice: ChatDriver, core: Core
) -> None:
    async def broken(ctx: object) -> None:
        raise RuntimeError("boom")

    core.router.commands["boom"] = broken
    reply = text_of(await alice.say("/boom"))
    assert "抱歉" in reply and "Traceback" not in reply and "boom" not in reply
