"""Admin roles and /q show|edit|disable|enable|search|try|log|revert as dialogs."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import build_core
from bot.core.dispatcher import Core
from tests.admin_helpers import changes, row, snapshot
from tests.conftest import SAMPLE_CONTENT
from tests.recording import ChatDriver, FrozenClock, RecordingAdapter, text_of


async def test_non_admin_is_refused_logged_and_told_why(
    alice: ChatDriver, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    before = await snapshot(core)
    with caplog.at_level(logging.WARNING):
        text = text_of(await alice.say("/q edit t-py-gil title 被篡改的题目"))
    assert "只有题库管理员" in text
    assert any("refused /q" in r.getMessage() for r in caplog.records)
    assert "alice" not in caplog.text  # platform ids stay out of the logs
    assert await snapshot(core) == before
    assert "只有机器人的所有者" in text_of(await alice.say("/admin grant alice"))


async def test_owner_grants_and_revokes_a_content_admin(
    owner: ChatDriver, chat_for: Callable[..., ChatDriver]
) -> None:
    bob = chat_for("bob")
    assert "只有题库管理员" in text_of(await bob.say("/q show t-py-gil"))
    assert "test:bob 现在是题库管理员" in text_of(await owner.say("/admin grant bob"))
    assert "已经是" in text_of(await owner.say("/admin grant test:bob"))
    assert "test:bob" in text_of(await owner.say("/admin list"))
    assert "全局解释器锁" in text_of(await bob.say("/q show t-py-gil"))
    assert "/q — 题库管理" in text_of(await bob.say("/help"))
    assert "/q — " not in text_of(await chat_for("carol").say("/help"))
    assert "不再是" in text_of(await owner.say("/admin revoke bob"))
    assert "只有题库管理员" in text_of(await bob.say("/q show t-py-gil"))
    for bad in ("/admin", "/admin grant", "/admin grant a b", "/admin promote bob"):
        assert "用法" in text_of(await owner.say(bad))


async def test_show_lists_fields_key_points_and_aliases(owner: ChatDriver) -> None:
    text = text_of(await owner.say("/q show t-py-gil"))
    assert "[t-py-gil] python" in text and "v1" in text
    assert "lock ×2: GIL 是全局解释器锁 — 全局解释器锁, global interpreter lock" in text
    assert "易混淆:多线程并行" in text
    assert "没有题号为 nope" in text_of(await owner.say("/q show nope"))
    assert "用法:/q show" in text_of(await owner.say("/q show"))
    assert "用法:/q show" in text_of(await owner.say("/q show a b"))


async def test_edit_reaches_users_and_is_logged(
    owner: ChatDriver, alice: ChatDriver, core: Core
) -> None:
    saved = text_of(await owner.say("/q edit t-py-assert title Python 的 assert 语句有什么用?"))
    assert "已保存:t-py-assert 现在是 v2" in saved
    seen = text_of(await alice.say("/interview python 3"))
    for _ in range(2):
        seen += text_of(await alice.press("跳过"))
    assert "Python 的 assert 语句有什么用?" in seen
    log = text_of(await owner.say("/q log t-py-assert"))
    assert "v2" in log and "Owner" in log and "edit · title = Python 的 assert" in log
    assert "    title: Python 中 assert 的作用是什么? → Python 的 assert 语句有什么用?" in log
    stored = await row(core, "t-py-assert")
    assert stored is not None and stored.edited_by_admin and stored.version == 2


async def test_invalid_edits_are_refused_whole_with_every_problem(
    owner: ChatDriver, core: Core
) -> None:
    before = await snapshot(core)
    text = text_of(await owner.say("/q edit t-py-gil difficulty 7"))
    assert "什么都没有保存" in text and "difficulty: must be 1, 2 or 3" in text
    text = text_of(await owner.say("/q edit t-py-gil difficulty hard"))
    assert "difficulty: must be a whole number" in text
    text = text_of(await owner.say("/q edit t-py-gil colour blue"))
    assert "colour: cannot be edited here" in text
    text = text_of(await owner.say("/q edit t-py-gil title " + "长" * 300))
    assert "title: is 300 characters, the limit is 200" in text
    assert "用法:/q edit" in text_of(await owner.say("/q edit t-py-gil title"))
    assert "没有题号为 nope" in text_of(await owner.say("/q edit nope title x"))
    assert "用法:/q add" in text_of(await owner.say("/q frobnicate"))
    assert await snapshot(core) == before


async def test_disable_and_enable_change_what_users_are_asked(
    owner: ChatDriver, alice: ChatDriver
) -> None:
    assert "已停用" in text_of(await owner.say("/q disable t-py-gil"))
    assert "本来就是停用的" in text_of(await owner.say("/q disable t-py-gil"))
    assert "Python编程基础:2 题" in text_of(await alice.say("/tracks"))
    assert "已启用" in text_of(await owner.say("/q enable t-py-gil"))
    assert "Python编程基础:3 题" in text_of(await alice.say("/tracks"))
    assert "用法:/q disable" in text_of(await owner.say("/q disable"))


async def test_search_finds_by_words_in_any_field(owner: ChatDriver) -> None:
    text = text_of(await owner.say("/q search 解释器锁"))
    assert "t-py-gil" in text and "t-py-assert" not in text
    assert "没有找到" in text_of(await owner.say("/q search 量子纠缠"))
    assert "用法:/q search" in text_of(await owner.say("/q search"))
    assert "用法:/q search" in text_of(await owner.say("/q search " + "x" * 200))


async def test_try_grades_the_current_question_and_keep_saves_a_sample(
    owner: ChatDriver,
) -> None:
    text = text_of(await owner.say("/q try t-py-gil GIL 就是全局解释器锁,所以要用多进程。"))
    assert "按 t-py-gil 当前版本 v1 评分" in text and "得分:" in text
    assert "已保存为样例" not in text
    kept = text_of(await owner.say("/q try t-py-gil 全局解释器锁导致只能用多进程 --keep"))
    assert "已保存为样例答案 #" in kept
    assert "保存的样例答案:1 条" in text_of(await owner.say("/q show t-py-gil"))
    assert "用法:/q try" in text_of(await owner.say("/q try t-py-gil"))
    assert "用法:/q try" in text_of(await owner.say("/q try t-py-gil " + "答" * 5000))


async def test_revert_undoes_the_last_change(owner: ChatDriver, core: Core) -> None:
    await owner.say("/q edit t-py-gil answer 新的参考答案:GIL 是全局解释器锁。")
    text = text_of(await owner.say("/q revert t-py-gil"))
    assert "已撤销 t-py-gil 的 v2 edit,现在是 v3" in text
    stored = await row(core, "t-py-gil")
    assert stored is not None and stored.data["answer"].startswith("GIL 是 CPython")
    assert "revert · v2 edit" in text_of(await owner.say("/q log t-py-gil"))
    assert "还没有被管理员修改过" in text_of(await owner.say("/q revert t-py-format"))


async def test_file_sync_after_restart_keeps_the_admin_edit(
    owner: ChatDriver, core: Core, clock: FrozenClock
) -> None:
    await owner.say("/q edit t-py-gil title 管理员改过的标题")
    restarted = await build_core(core.config, core.database, clock)
    restarted.attach(RecordingAdapter())
    stored = await row(restarted, "t-py-gil")
    assert stored is not None and stored.data["title"] == "管理员改过的标题"
    assert await changes(restarted) == 1


async def test_another_worker_sees_the_edit_on_its_next_event(
    owner: ChatDriver, alice: ChatDriver, core: Core, clock: FrozenClock
) -> None:
    other = await build_core(core.config, core.database, clock)
    adapter = RecordingAdapter()
    other.attach(adapter)
    alice_there = ChatDriver(other, adapter, alice.user, alice.chat)
    assert "Python编程基础:3 题" in text_of(await alice_there.say("/tracks"))
    await owner.say("/q disable t-py-format")
    assert "Python编程基础:2 题" in text_of(await alice_there.say("/tracks"))
    await owner.say("/q edit t-py-gil title 另一个进程也能看到的标题")
    assert other.catalog.question("t-py-gil").title == "Python 的 GIL 是什么,对多线程有什么影响?"
    await alice_there.say("/tracks")
    assert other.catalog.question("t-py-gil").title == "另一个进程也能看到的标题"


async def test_a_worker_started_with_newer_files_makes_running_ones_reload(
    alice: ChatDriver, core: Core, clock: FrozenClock, tmp_path: Path
) -> None:
    await alice.say("/tracks")
    newer = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, newer)
    python = newer / "python.toml"
    python.write_text(
        python.read_text(encoding="utf-8").replace(
            "Python 中 assert 的作用是什么?", "assert 做什么?"
        ),
        encoding="utf-8",
    )
    await build_core(
        replace(core.config, bot=replace(core.config.bot, content_dir=str(newer))),
        core.database,
        clock,
    )
    await alice.say("/tracks")
    assert core.catalog.question("t-py-assert").title == "assert 做什么?"


async def test_admin_replies_follow_the_admins_language(owner: ChatDriver, core: Core) -> None:
    await owner.say("/lang en")
    assert "There is no question nope" in text_of(await owner.say("/q show nope"))
    text = text_of(await owner.say("/q edit t-py-gil difficulty 9"))
    assert "Change refused; nothing was stored. 1 problem(s)" in text
    assert "Saved: t-py-gil is now v2" in text_of(
        await owner.say("/q edit t-py-gil tags gil, threads")
    )
    stored = await row(core, "t-py-gil")
    assert stored is not None and stored.data["tags"] == ["gil", "threads"]
