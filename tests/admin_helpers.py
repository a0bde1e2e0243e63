"""Helpers for admin dialog tests: read question rows and history straight from the database."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.core.dispatcher import Core
from bot.core.events import Document
from bot.storage.admin import QuestionChange
from bot.storage.models import QuestionRow
from tests.recording import ChatDriver, text_of

# One question in the content-file schema, as an admin would upload it from any platform.
NEW_QUESTION = """
[track]
key = "python"

[[questions]]
id = "py-walrus"
title = "海象运算符 := 有什么用?"
answer = "在表达式中赋值。"

[[questions.key_points]]
id = "assign"
label = "表达式中赋值"
aliases = ["表达式中赋值", "assignment expression"]
"""


async def row(core: Core, question_id: str) -> QuestionRow | None:
    async with core.database.transaction() as session:
        return await session.get(QuestionRow, question_id)


async def question_count(core: Core) -> int:
    async with core.database.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(QuestionRow)))


async def changes(core: Core) -> int:
    async with core.database.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(QuestionChange)))


async def snapshot(core: Core) -> tuple[int, int, list[tuple[str, int, dict, bool]]]:
    """Everything an admin command could change, to assert that nothing was stored."""
    async with core.database.transaction() as session:
        rows = await session.scalars(select(QuestionRow).order_by(QuestionRow.id))
        content = [(r.id, r.version, r.data, r.enabled) for r in rows]
    return await question_count(core), await changes(core), content


async def upload(chat: ChatDriver, filename: str, data: bytes, caption: str = "") -> str:
    """Send a file as the chat's user; the text of every reply."""
    event = Document(chat.user, chat.chat, filename, data, caption=caption)
    before = len(chat.adapter.sent)
    await chat.core.handle(event)
    return text_of([s.reply for s in chat.adapter.sent[before:]])
