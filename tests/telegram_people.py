"""Telegram update JSON as Telegram sends it, and the people of the adapter tests."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.telegram_fakes import Call, FakeBotApi

BOT = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "面试陪练",
    "username": "InterviewTestBot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name}


class Updates:
    """Builds the JSON Telegram would send, numbered like Telegram numbers updates."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        self._update_ids = itertools.count(90_000)
        self._message_ids = itertools.count(10)

    def message(
        self,
        person: Person,
        chat: dict[str, Any],
        text: str,
        *,
        reply_to: int | None = None,
        sender_chat: dict[str, Any] | None = None,
        document: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if chat["type"] == "private":
            self.api.started.add(person.id)  # writing to the bot opens the private chat
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
            "from": person.as_dict(),
        }  # fmt: skip
        if document is not None:
            message["document"] = document
            if text:
                message["caption"] = text
        else:
            message["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities" if document is None else "caption_entities"] = [
                {"type": "bot_command", "offset": 0, "length": length}
            ]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to, "date": int(time.time()), "chat": chat, "from": BOT,
                "text": "…",
            }  # fmt: skip
        if sender_chat is not None:
            message["sender_chat"] = sender_chat
        return {"update_id": next(self._update_ids), "message": message}

    def press(self, person: Person, sent: Call, label: str) -> dict[str, Any]:
        data = next(b["callback_data"] for b in sent.buttons if b["text"] == label)
        chat = {"id": sent.chat_id, "type": "private" if sent.chat_id > 0 else "supergroup"}
        message = {
            "message_id": sent.message_id, "date": int(time.time()), "chat": chat, "from": BOT,
            "text": sent.text,
        }  # fmt: skip
        query = {
            "id": str(next(self._update_ids)), "from": person.as_dict(), "chat_instance": "ci",
            "message": message, "data": data,
        }  # fmt: skip
        return {"update_id": next(self._update_ids), "callback_query": query}


def private_chat(person: Person) -> dict[str, Any]:
    return {"id": person.id, "type": "private", "first_name": person.first_name}


GROUP = {"id": -1001234567890, "type": "supergroup", "title": "AI 面试小组"}
ALICE, BOB, CAROL = Person(111, "Alice"), Person(222, "Bob"), Person(333, "Carol")
