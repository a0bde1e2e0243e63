"""/suggest and /report from anyone; /queue: accept opens a pre-filled draft, reject says why."""

from __future__ import annotations

from bot.core.dispatcher import Core
from tests.admin_helpers import row, snapshot
from tests.recording import ChatDriver, RecordingAdapter, text_of


async def test_suggestion_accepted_becomes_a_question_and_the_author_is_told(
    owner: ChatDriver, alice: ChatDriver, core: Core
) -> None:
    thanks = text_of(
        await alice.say(
            "/suggest Python 的 with 语句做了什么? | 调用上下文管理器的 __enter__ 和 __exit__。"
        )
    )
    assert "建议 #1 已提交" in thanks
    listing = text_of(await owner.say("/queue"))
    assert "#1 💡 Alice: Python 的 with 语句做了什么?(附答案)" in listing
    accepted = text_of(await owner.say("/queue accept 1"))
    assert "已按建议预填" in accepted and "哪个方向" in accepted
    told = text_of(alice.mine()[-1:])
    assert "已被管理员采纳" in told and "#1" in told
    assert "要点 1" in text_of(await owner.say("python"))  # title and answer came pre-filled
    for text in ("上下文管理器", "__enter__, __exit__, 上下文管理器", "完成"):
        await owner.say(text)
    assert "已保存新题目 python-1" in text_of(await owner.press("保存"))
    stored = await row(core, "python-1")
    assert stored is not None and stored.data["answer"].startswith("调用上下文管理器")
    assert "没有待处理" in text_of(await owner.say("/queue"))
    assert "没有待处理的 #1" in text_of(await owner.say("/queue accept 1"))


async def test_report_rejected_with_a_reason_reaches_the_author_next_time(
    owner: ChatDriver, alice: ChatDriver, adapter: RecordingAdapter
) -> None:
    assert "反馈 #1 已提交" in text_of(await alice.say("/report t-py-gil 别名里少了 GIL 锁"))
    assert "#1 ⚠ Alice → t-py-gil: 别名里少了 GIL 锁" in text_of(await owner.say("/queue"))
    adapter.unavailable.add("alice")  # alice blocked the bot for a while
    assert "已拒绝" in text_of(await owner.say("/queue reject 1 已经有“全局解释器锁”这个别名"))
    adapter.unavailable.discard("alice")
    first = text_of(await alice.say("/tracks"))
    assert "未被采纳。原因:已经有“全局解释器锁”这个别名" in first
    assert "未被采纳" not in text_of(await alice.say("/tracks"))  # told once


async def test_accepted_report_points_the_admin_at_the_question(
    owner: ChatDriver, alice: ChatDriver
) -> None:
    await alice.say("/report t-py-assert 答案里 -O 的说明不完整")
    text = text_of(await owner.say("/queue accept 1"))
    assert "/q show t-py-assert" in text
    assert "已被管理员采纳" in text_of(alice.mine()[-1:])


async def test_bad_suggestions_reports_and_queue_commands(
    owner: ChatDriver, alice: ChatDriver, core: Core
) -> None:
    assert "用法:/suggest" in text_of(await alice.say("/suggest"))
    assert "用法:/suggest" in text_of(await alice.say("/suggest | 只有答案"))
    assert "太长了" in text_of(await alice.say("/suggest " + "长" * 600))
    assert "用法:/report" in text_of(await alice.say("/report t-py-gil"))
    assert "没有题号为 nope" in text_of(await alice.say("/report nope 不对"))
    assert "只有题库管理员" in text_of(await alice.say("/queue"))
    for n in range(5):
        await alice.say(f"/suggest 题目 {n}")
    assert "已有 5 条待处理" in text_of(await alice.say("/suggest 第六条"))
    before = await snapshot(core)
    for bad in (
        "/queue accept",
        "/queue accept x",
        "/queue reject 1",
        "/queue accept 1 多余",
        "/queue drop 1",
    ):
        assert "处理:/queue accept" in text_of(await owner.say(bad))
    assert "没有待处理的 #99" in text_of(await owner.say("/queue reject 99 不要"))
    assert "没有待处理的建议或反馈" not in text_of(await owner.say("/queue"))
    assert await snapshot(core) == before
