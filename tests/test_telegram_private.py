"""Telegram private chats through the real adapter and a fake Bot API: what a person reads."""

from __future__ import annotations

from bot.core.events import ChatRef
from bot.core.replies import Attachment, Button, Keyboard, Reply
from tests.telegram_fakes import Call, TelegramWorld
from tests.telegram_people import ALICE, BOT, private_chat

GOOD = {
    "GIL": "GIL 是 CPython 的全局解释器锁,同一时刻只有一个线程执行字节码,CPU 密集用多进程,I/O 密集多线程仍有效。",
    "assert": "assert 条件不成立时抛出 AssertionError;用 -O 运行时断言会被移除,只用于调试,不能做输入校验。",
    "格式化": "有 % 格式化、str.format 方法和 f-string 三种,f-string 最快。",
}


def good_answer(question: str) -> str:
    return next(answer for key, answer in GOOD.items() if key in question)


def texts(calls: list[Call]) -> str:
    return "\n".join(c.text for c in calls)


async def test_start_up_sets_the_command_menu_in_chinese_and_english(tg: TelegramWorld) -> None:
    menus = {c.params.get("language_code"): c.params["commands"] for c in tg.api.calls
             if c.method == "setMyCommands"}  # fmt: skip
    assert set(menus) == {None, "zh", "en"}
    zh = {c["command"]: c["description"] for c in menus["zh"]}
    en = {c["command"]: c["description"] for c in menus["en"]}
    assert {"start", "interview", "quiz", "lang"} <= set(zh)
    assert menus[None] == menus["zh"]  # the default language is Chinese
    assert zh["start"] == "介绍与开始" and en["start"] == "What this bot does"


async def test_a_private_interview_end_to_end_with_buttons(tg: TelegramWorld) -> None:
    welcome = await tg.private(ALICE, "/start")
    assert "Alice" in texts(welcome) and "/interview" in texts(welcome)

    [question] = await tg.private(ALICE, "/interview python 2")
    assert "第 1/2 题" in question.text
    assert question.labels == ["提示", "跳过", "看答案", "结束"]
    assert question.params["parse_mode"] == "HTML"

    hint = await tg.press(ALICE, "提示")
    assert tg.api.called("answerCallbackQuery"), "the press is acknowledged"
    assert hint and "提示" in texts(hint)

    verdict = await tg.private(ALICE, good_answer(question.text))
    assert "得分:" in texts(verdict) and "参考答案" in texts(verdict)
    [second] = await tg.press(ALICE, "下一题")
    assert "第 2/2 题" in second.text
    final = await tg.private(ALICE, good_answer(second.text))
    assert "得分:100/100" in texts(final)
    summary = await tg.press(ALICE, "查看总结")
    assert "面试结束 · 共 2 题" in texts(summary)


async def test_a_button_press_is_answered_before_the_core_replies(tg: TelegramWorld) -> None:
    await tg.private(ALICE, "/interview python 1")
    before = len(tg.api.calls)
    await tg.press(ALICE, "跳过")
    methods = [c.method for c in tg.api.calls[before:]]
    assert methods[0] == "answerCallbackQuery"
    assert "sendMessage" in methods[1:]


async def test_a_stale_button_gets_a_polite_message(tg: TelegramWorld) -> None:
    await tg.private(ALICE, "/interview python 1")
    await tg.press(ALICE, "结束")
    again = await tg.press(ALICE, "跳过")
    assert "过期" in texts(again)


async def test_user_text_is_escaped_so_it_cannot_inject_markup(tg: TelegramWorld) -> None:
    await tg.private(ALICE, "/start")  # opens the private chat
    sent = await tg.adapter.send(ChatRef("telegram", str(ALICE.id)), Reply("a <b> & c"))
    last = tg.api.sent(ALICE.id)[-1]
    assert last.params["text"] == "a &lt;b&gt; &amp; c" and last.text == "a <b> & c"
    assert sent == str(last.message_id)


async def test_a_6000_character_reply_arrives_in_two_messages_cut_at_a_line(
    tg: TelegramWorld,
) -> None:
    await tg.private(ALICE, "/start")
    lines = [f"第 {i:03d} 行:" + "解释" * 27 for i in range(100)]  # 60 characters per line
    text = "\n".join(lines)
    assert len(text) > 6000
    keyboard = Keyboard.of([Button("下一题", "v1:next:1:0")])
    await tg.adapter.send(ChatRef("telegram", str(ALICE.id)), Reply(text, keyboard))
    first, second = tg.api.sent(ALICE.id)[-2:]
    assert len(first.text) <= 4096 and len(second.text) <= 4096
    assert first.text + "\n" + second.text == text  # nothing lost, cut between lines
    assert not first.buttons and second.labels == ["下一题"]


async def test_images_and_files_go_as_photo_and_document(tg: TelegramWorld) -> None:
    await tg.private(ALICE, "/start")
    reply = Reply(
        "你的统计",
        attachments=(
            Attachment("chart.png", b"\x89PNG...", "image"),
            Attachment("export.toml", b"[track]\n", "file"),
        ),
    )
    await tg.adapter.send(ChatRef("telegram", str(ALICE.id)), reply)
    methods = [c.method for c in tg.api.sent(ALICE.id)[-3:]]
    assert methods == ["sendMessage", "sendPhoto", "sendDocument"]
    assert tg.api.sent(ALICE.id)[-1].files  # the file's bytes were uploaded


async def test_an_uploaded_document_reaches_the_core(tg: TelegramWorld) -> None:
    tg.api.files["f1"] = b"not a question file"
    update = tg.updates.message(
        ALICE,
        {"id": ALICE.id, "type": "private", "first_name": "Alice"},
        "",
        document={"file_id": "f1", "file_unique_id": "f1", "file_name": "q.toml", "file_size": 19},
    )
    replies = await tg.feed(update)
    assert tg.api.called("getFile")
    assert "文件" in texts(replies)  # the core says it was not expecting a file


async def test_the_bot_username_lets_commands_addressed_to_it_work(tg: TelegramWorld) -> None:
    replies = await tg.private(ALICE, f"/tracks@{BOT['username']}")
    assert "python" in texts(replies)
    elsewhere = await tg.private(ALICE, "/tracks@SomeOtherBot")
    assert "python" not in texts(elsewhere)


async def test_a_document_over_two_megabytes_is_not_downloaded(tg: TelegramWorld) -> None:
    big = {
        "file_id": "f2",
        "file_unique_id": "f2",
        "file_name": "big.toml",
        "file_size": 5_000_000,
    }
    update = tg.updates.message(ALICE, private_chat(ALICE), "", document=big)
    assert await tg.feed(update) == []
    assert not tg.api.called("getFile")
