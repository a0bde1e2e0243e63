"""/q add: the guided dialog, its draft across a restart, TOML blocks and uploads, bad input."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

from bot.app import build_core
from bot.core.dispatcher import Core
from tests.admin_helpers import NEW_QUESTION, question_count, row, snapshot, upload
from tests.recording import ChatDriver, FrozenClock, RecordingAdapter, text_of

NEW_TRACK = """
[track]
key = "rust"
name = "Rust 基础"

[[questions]]
id = "rust-borrow"
title = "Rust 的借用检查器检查什么?"
answer = "借用检查器保证同一时刻要么一个可变引用,要么多个不可变引用,且引用不超过所指数据的生命周期。"

[[questions.key_points]]
id = "aliasing"
label = "可变引用独占"
aliases = ["一个可变引用", "多个不可变引用"]
"""


async def test_guided_dialog_adds_a_question_only_at_confirm(
    owner: ChatDriver, alice: ChatDriver, core: Core
) -> None:
    assert "哪个方向" in text_of(await owner.say("/q add"))
    assert "没有这个方向" in text_of(await owner.say("量子计算"))
    assert "请发送题目" in text_of(await owner.say("python"))
    assert "1 到 200" in text_of(await owner.say("长" * 300))
    assert "参考答案" in text_of(await owner.say("Python 的装饰器是什么?"))
    assert "要点 1" in text_of(
        await owner.say("装饰器是接收函数并返回新函数的可调用对象,用 @ 语法应用。")
    )
    assert "至少需要一个要点" in text_of(await owner.say("完成"))
    assert "别名" in text_of(await owner.say("接收函数返回函数"))
    assert "每个最多 80" in text_of(await owner.say("返回新函数, " + "长" * 5000))
    assert "要点 2" in text_of(await owner.say("返回新函数, 高阶函数, higher-order function"))
    await owner.say("@ 语法糖")
    await owner.say("@语法, 语法糖")
    before = await snapshot(core)
    preview = text_of(await owner.say("完成"))
    assert "请确认新题目 · python" in preview and "kp2: @ 语法糖 — @语法, 语法糖" in preview
    assert await snapshot(core) == before
    assert "已保存新题目 python-1" in text_of(await owner.press("保存"))
    assert "Python编程基础:4 题" in text_of(await alice.say("/tracks"))
    graded = text_of(await owner.say("/q try python-1 装饰器就是高阶函数,用 @语法 写在函数上面"))
    assert "得分:100/100" in graded
    assert "add · Python 的装饰器是什么?" in text_of(await owner.say("/q log python-1"))


async def test_cancel_at_any_step_stores_nothing(owner: ChatDriver, core: Core) -> None:
    before = await snapshot(core)
    await owner.say("/q add")
    await owner.say("python")
    await owner.say("一道会被放弃的题")
    assert "已放弃草稿" in text_of(await owner.say("/cancel"))
    assert "没有可以取消" in text_of(await owner.say("/cancel"))
    assert "还没有开始" not in text_of(await owner.say("随便说点什么"))
    await owner.say("/q add")
    for text in ("python", "标题", "答案", "要点", "别名"):
        await owner.say(text)
    await owner.say("完成")
    assert "已放弃草稿" in text_of(await owner.press("取消"))
    assert "已经处理过" in text_of(await owner.press("保存"))
    assert await snapshot(core) == before


async def test_an_open_draft_takes_the_text_before_a_running_interview(
    owner: ChatDriver,
) -> None:
    await owner.say("/interview python 2")
    await owner.say("/q add")
    assert "请发送题目" in text_of(await owner.say("python"))
    await owner.say("/cancel")
    assert "得分" in text_of(await owner.say("GIL 是全局解释器锁,所以 CPU 密集任务用多进程。"))


async def test_draft_survives_a_restart(owner: ChatDriver, core: Core, clock: FrozenClock) -> None:
    await owner.say("/q add")
    await owner.say("python")
    await owner.say("重启之后还在的题目?")
    restarted = await build_core(core.config, core.database, clock)
    adapter = RecordingAdapter()
    restarted.attach(adapter)
    again = ChatDriver(restarted, adapter, owner.user, owner.chat)
    assert "继续你上次没完成的草稿" in text_of(await again.say("/q add"))
    assert "要点 1" in text_of(await again.say("答案在这里。"))
    for text in ("要点甲", "甲, 乙", "完成"):
        await again.say(text)
    assert "已保存新题目 python-1" in text_of(await again.press("保存"))
    stored = await row(restarted, "python-1")
    assert stored is not None and stored.data["title"] == "重启之后还在的题目?"


async def test_toml_block_in_the_message_adds_questions(owner: ChatDriver, core: Core) -> None:
    text = text_of(await owner.say(f"/q add\n```toml\n{NEW_QUESTION}\n```"))
    assert "已导入 1 道题:py-walrus" in text
    stored = await row(core, "py-walrus")
    assert stored is not None and stored.track == "python" and stored.edited_by_admin
    again = text_of(await owner.say(f"/q add\n{NEW_QUESTION}"))
    assert "[py-walrus] id: already exists" in again


async def test_bad_toml_is_refused_with_every_problem(owner: ChatDriver, core: Core) -> None:
    before = await snapshot(core)
    text = text_of(await owner.say('/q add\n[track]\nkey = "python"\n[[questions]\nid = 1'))
    assert "(syntax)" in text and "什么都没有保存" in text
    bad = NEW_QUESTION.replace(
        'id = "py-walrus"', 'id = "py-walrus"\ndifficulty = 9\ncolour = "red"'
    )
    text = text_of(await owner.say(f"/q add\n{bad}"))
    assert "[py-walrus] difficulty: must be 1, 2 or 3" in text
    assert "[py-walrus] colour: is not a known field" in text
    assert "no [[questions]] found" in text_of(await owner.say('/q add\n[track]\nkey = "python"'))
    assert await snapshot(core) == before


async def test_uploaded_toml_creates_a_new_track(owner: ChatDriver, alice: ChatDriver) -> None:
    text = await upload(owner, "rust.toml", NEW_TRACK.encode())
    assert "已导入 1 道题:rust-borrow" in text
    assert "rust — Rust 基础:1 题" in text_of(await alice.say("/tracks"))


async def test_uploaded_zip_of_toml_files(owner: ChatDriver, core: Core) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("python.toml", NEW_QUESTION)
        archive.writestr("rust.toml", NEW_TRACK)
    text = await upload(owner, "bank.zip", buffer.getvalue(), caption="/q add")
    assert "已导入 2 道题" in text
    assert await row(core, "rust-borrow") is not None


def _zip(member: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return buffer.getvalue()


def _lie_about_size(data: bytes, size: int) -> bytes:
    """The same zip with both headers claiming the member unpacks to `size` bytes."""
    patched = bytearray(data)
    struct.pack_into("<I", patched, 22, size)  # local file header
    central = patched.find(b"PK\x01\x02")
    struct.pack_into("<I", patched, central + 24, size)  # central directory entry
    return bytes(patched)


async def test_bad_uploads_are_refused_and_store_nothing(
    owner: ChatDriver, chat_for: Callable[..., ChatDriver], core: Core
) -> None:
    before = await snapshot(core)
    big = ("# " + "x" * 1000 + "\n").encode() * 1024
    assert "the limit is 524288" in await upload(owner, "big.toml", big)
    assert "is not UTF-8 text" in await upload(owner, "gbk.toml", NEW_QUESTION.encode("gbk"))
    bomb = _zip("bomb.toml", b"#" * (50 * 1024 * 1024))
    assert len(bomb) < 100_000
    assert "unpacks to 52428800 bytes" in await upload(owner, "bomb.zip", bomb)
    liar = _lie_about_size(_zip("liar.toml", b"#" * (3 * 1024 * 1024)), 100)
    assert "lies about its size" in await upload(owner, "liar.zip", liar)
    assert "not a readable zip" in await upload(owner, "fake.zip", b"not a zip at all")
    assert "only .toml files" in await upload(owner, "mixed.zip", _zip("run.sh", b"echo"))
    assert "管理员可以用 /q add 上传" in await upload(
        chat_for("eve"), "py.toml", NEW_QUESTION.encode()
    )
    assert "我没有在等待文件" in await upload(owner, "notes.txt", b"hello")
    assert await snapshot(core) == before
    assert await question_count(core) == 4
