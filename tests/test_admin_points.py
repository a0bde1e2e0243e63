"""/kp and /alias: regrade preview of the samples, confirm or cancel, conflicts between admins."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.dispatcher import Core
from tests.admin_helpers import row, snapshot
from tests.recording import ChatDriver, FrozenClock, text_of


async def test_alias_add_previews_score_moves_and_saves_on_confirm(
    owner: ChatDriver, alice: ChatDriver, core: Core
) -> None:
    sample = "GIL 是全局解释器锁,所以 CPU 任务应该开好几个进程来并行。"
    await owner.say(f"/q try t-py-gil {sample} --keep")
    before = await snapshot(core)
    preview = text_of(await owner.say("/alias add t-py-gil multiprocess 几个进程"))
    assert "预览 t-py-gil:multiprocess += 几个进程" in preview
    assert "• 参考答案" in preview
    moved = next(line for line in preview.splitlines() if line.startswith("• #"))
    low, high = (int(x) for x in moved.split(": ")[-1].split(" (")[0].split(" → "))
    assert high > low  # the kept sample now hits the multiprocess point
    assert await snapshot(core) == before  # nothing stored before the confirm
    assert "现在是 v2" in text_of(await owner.press("确认"))
    stored = await row(core, "t-py-gil")
    assert stored is not None and "几个进程" in stored.data["key_points"][2]["aliases"]
    log = text_of(await owner.say("/q log t-py-gil"))
    assert "alias add · multiprocess += 几个进程\n    multiprocess.aliases: +几个进程" in log
    graded = text_of(await owner.say(f"/q try t-py-gil {sample}"))
    assert f"得分:{high}/100" in graded
    assert "已经处理过" in text_of(await owner.press("确认"))


async def test_cancel_leaves_the_question_alone(owner: ChatDriver, core: Core) -> None:
    before = await snapshot(core)
    await owner.say("/kp edit t-py-gil lock weight 3")
    assert "已取消" in text_of(await owner.press("取消"))
    assert await snapshot(core) == before


async def test_kp_add_edit_remove(owner: ChatDriver, core: Core) -> None:
    text = text_of(
        await owner.say("/kp add t-py-gil 提到 GIL 的替代方案 | nogil, 自由线程, free-threading")
    )
    assert "+kp5" in text
    await owner.press("确认")
    await owner.say("/kp edit t-py-gil kp5 label_en Mentions GIL alternatives")
    await owner.press("确认")
    await owner.say("/kp remove t-py-gil io-bound")
    assert "现在是 v4" in text_of(await owner.press("确认"))
    stored = await row(core, "t-py-gil")
    assert stored is not None
    points = {p["id"]: p for p in stored.data["key_points"]}
    assert "io-bound" not in points
    assert points["kp5"]["aliases"] == ["nogil", "自由线程", "free-threading"]
    assert points["kp5"]["label_en"] == "Mentions GIL alternatives"
    log = text_of(await owner.say("/q log t-py-gil"))
    assert "    −io-bound: I/O 密集任务多线程仍有效" in log
    assert "    kp5.label_en: ∅ → Mentions GIL alternatives" in log
    assert "    +kp5: 提到 GIL 的替代方案" in log


async def test_bad_key_point_changes_are_refused_and_nothing_stored(
    owner: ChatDriver, core: Core
) -> None:
    before = await snapshot(core)
    text = text_of(await owner.say("/alias add t-py-gil lock " + "锁" * 5000))
    assert "key_points[0].aliases: an entry is over 80 characters" in text
    text = text_of(await owner.say("/kp edit t-py-gil lock weight 9"))
    assert "key_points[0].weight: must be a number above 0 and at most 5" in text
    text = text_of(await owner.say("/kp edit t-py-gil nope label x"))
    assert "no key point 'nope'" in text
    assert "already has" in text_of(await owner.say("/alias add t-py-gil lock 解释器锁"))
    for point in ("raises", "optimize"):
        await owner.say(f"/kp remove t-py-assert {point}")
        await owner.press("确认")
    mid = await snapshot(core)
    text = text_of(await owner.say("/kp remove t-py-assert debug"))
    assert "key_points: needs 1 to 12 key points" in text
    for bad in ("/kp", "/kp add t-py-gil no bar", "/kp edit t-py-gil lock", "/kp remove x"):
        assert "用法:/kp" in text_of(await owner.say(bad))
    for bad in ("/alias", "/alias add t-py-gil lock", "/alias del t-py-gil lock x"):
        assert "用法:/alias" in text_of(await owner.say(bad))
    assert "没有题号为 nope" in text_of(await owner.say("/alias add nope lock x"))
    assert await snapshot(core) == mid
    assert before[0] == mid[0]


async def test_second_admin_gets_a_conflict_and_nothing_of_theirs_is_stored(
    owner: ChatDriver, chat_for: Callable[..., ChatDriver], core: Core
) -> None:
    bob = chat_for("bob")
    await owner.say("/admin grant bob")
    await owner.say("/alias add t-py-gil lock GIL锁")
    assert "现在是 v2" in text_of(await bob.say("/q edit t-py-gil title Bob 的新标题"))
    text = text_of(await owner.press("确认"))
    assert "冲突" in text and "Bob" in text and "v2" in text
    stored = await row(core, "t-py-gil")
    assert stored is not None and stored.version == 2
    assert stored.data["title"] == "Bob 的新标题"
    assert "GIL锁" not in stored.data["key_points"][0]["aliases"]


async def test_another_admin_cannot_press_my_confirm(
    owner: ChatDriver, chat_for: Callable[..., ChatDriver], core: Core
) -> None:
    bob = chat_for("bob")
    await owner.say("/admin grant bob")
    await owner.say("/alias add t-py-gil lock GIL锁")
    payload = owner.button("确认").payload
    before = await snapshot(core)
    assert "别的管理员" in text_of(await bob.press_payload(payload))
    assert "只有题库管理员" in text_of(await chat_for("eve").press_payload(payload))
    assert await snapshot(core) == before


async def test_edit_on_an_outdated_view_is_a_conflict_until_looked_at_again(
    owner: ChatDriver, chat_for: Callable[..., ChatDriver], core: Core
) -> None:
    bob = chat_for("bob")
    await owner.say("/admin grant bob")
    await owner.say("/q show t-py-gil")
    await bob.say("/q show t-py-gil")
    assert "现在是 v2" in text_of(await bob.say("/q edit t-py-gil title Bob 先改了标题"))
    before = await snapshot(core)
    for edit in (
        "/q edit t-py-gil answer 我的新答案",
        "/alias add t-py-gil lock GIL锁",
        "/q disable t-py-gil",
    ):
        text = text_of(await owner.say(edit))
        assert "冲突" in text and "Bob" in text and "/q show t-py-gil" in text
    assert await snapshot(core) == before
    assert "Bob 先改了标题" in text_of(await owner.say("/q show t-py-gil"))
    assert "现在是 v3" in text_of(
        await owner.say("/q edit t-py-gil answer 我的新答案:GIL 是全局解释器锁。")
    )
    assert "现在是 v4" in text_of(
        await owner.say("/q edit t-py-gil difficulty 3")
    )  # own edits: current
    assert "冲突" in text_of(await bob.say("/q edit t-py-gil difficulty 1"))  # Bob saw v2


async def test_an_unconfirmed_preview_expires_after_a_day(
    owner: ChatDriver, core: Core, clock: FrozenClock
) -> None:
    await owner.say("/alias add t-py-gil lock GIL锁")
    first = owner.button("确认").payload
    clock.advance(hours=23)
    await owner.say("/alias add t-py-gil one-thread 单线程执行")
    second = owner.button("确认").payload
    clock.advance(hours=2)
    await core.run_due_work()
    before = await snapshot(core)
    assert "已经处理过或已过期" in text_of(await owner.press_payload(first))
    assert await snapshot(core) == before
    assert "现在是 v2" in text_of(await owner.press_payload(second))
