"""An offline Telegram for adapter tests: a fake Bot API behind PTB's request seam, and updates."""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.adapters.telegram_adapter import TelegramAdapter
from bot.adapters.telegram_sending import NO_PACING, Pacing
from bot.core.dispatcher import Core
from tests.telegram_people import BOT, GROUP, Person, Updates, private_chat

TOKEN = "7000001:AAF-offline-secret-token-value"
SENDS = ("sendMessage", "sendPhoto", "sendDocument")
ADMIN_RIGHTS = dict.fromkeys(
    [
        "can_be_edited",
        "is_anonymous",
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
    ],
    False,
)


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    at: float
    message_id: int = 0

    @property
    def chat_id(self) -> int:
        return int(self.params.get("chat_id", 0))

    @property
    def text(self) -> str:
        """What the person reads: the HTML the bot sent, rendered."""
        return html.unescape(str(self.params.get("text") or self.params.get("caption") or ""))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    @property
    def labels(self) -> list[str]:
        return [b["text"] for b in self.buttons]

    @property
    def reply_to(self) -> int | None:
        reply = self.params.get("reply_parameters")
        return int(reply["message_id"]) if reply else None


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class FakeBotApi:
    """The Bot API as our adapter uses it, with Telegram's rules for private chats."""

    calls: list[Call] = field(default_factory=list)
    started: set[int] = field(default_factory=set)  # people who opened a private chat
    blocked: set[int] = field(default_factory=set)
    admins: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    failures: dict[str, list[Failure]] = field(default_factory=lambda: defaultdict(list))
    files: dict[str, bytes] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)  # served by getUpdates
    poll_wait: float = 0.05
    polls: int = 0  # getUpdates calls (not kept in `calls`: there are many)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(500))

    def fail(self, method: str, status: int, description: str, **extra: Any) -> None:
        self.failures[method].append(Failure(status, description, **extra))

    def sent(self, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method in SENDS and (chat_id is None or c.chat_id == chat_id)
        ]

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def respond(
        self, method: str, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, dict[str, Any]]:
        queued = self.failures.get(method)
        outcome: Any
        if queued:
            outcome = queued.pop(0)
        else:
            handler = getattr(self, f"_{method}", None)
            if handler is None:
                outcome = Failure(400, f"Bad Request: method {method} is not faked")
            else:
                outcome = await handler(params)
        message_id = outcome.get("message_id", 0) if isinstance(outcome, dict) else 0
        if method != "getUpdates":
            self.calls.append(Call(method, params, files, time.monotonic(), message_id))
        if isinstance(outcome, Failure):
            body: dict[str, Any] = {
                "ok": False, "error_code": outcome.status, "description": outcome.description
            }  # fmt: skip
            if outcome.retry_after is not None:
                body["parameters"] = {"retry_after": outcome.retry_after}
            return outcome.status, body
        return 200, {"ok": True, "result": outcome}

    # --- methods -----------------------------------------------------------------------------
    async def _getMe(self, _p: dict[str, Any]) -> dict[str, Any]:
        return BOT

    async def _deleteWebhook(self, _p: dict[str, Any]) -> bool:
        return True

    async def _setWebhook(self, _p: dict[str, Any]) -> bool:
        return True

    async def _setMyCommands(self, _p: dict[str, Any]) -> bool:
        return True

    async def _answerCallbackQuery(self, _p: dict[str, Any]) -> bool:
        return True

    async def _getUpdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        self.polls += 1
        offset = int(p.get("offset") or 0)
        deadline = time.monotonic() + min(float(p.get("timeout") or 0), self.poll_wait)
        while True:
            ready = [u for u in self.pending if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.01)

    async def _getChatMember(self, p: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = int(p["chat_id"]), int(p["user_id"])
        person = {"id": user_id, "is_bot": False, "first_name": str(user_id)}
        if user_id in self.admins[chat_id]:
            return {"status": "administrator", "user": person, **ADMIN_RIGHTS}
        return {"status": "member", "user": person}

    async def _getFile(self, p: dict[str, Any]) -> dict[str, Any]:
        file_id = str(p["file_id"])
        data = self.files[file_id]
        return {
            "file_id": file_id, "file_unique_id": file_id, "file_size": len(data),
            "file_path": f"documents/{file_id}",
        }  # fmt: skip

    async def _sendMessage(self, p: dict[str, Any]) -> dict[str, Any] | Failure:
        return self._message(p, {"text": html.unescape(str(p["text"]))})

    async def _sendPhoto(self, p: dict[str, Any]) -> dict[str, Any] | Failure:
        photo = {"file_id": "p1", "file_unique_id": "p1", "width": 1, "height": 1}
        return self._message(p, {"photo": [photo]})

    async def _sendDocument(self, p: dict[str, Any]) -> dict[str, Any] | Failure:
        return self._message(p, {"document": {"file_id": "d1", "file_unique_id": "d1"}})

    def _message(self, p: dict[str, Any], content: dict[str, Any]) -> dict[str, Any] | Failure:
        chat_id = int(p["chat_id"])
        if chat_id > 0 and chat_id in self.blocked:
            return Failure(403, "Forbidden: bot was blocked by the user")
        if chat_id > 0 and chat_id not in self.started:
            return Failure(403, "Forbidden: bot can't initiate conversation with a user")
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        return {
            "message_id": next(self._ids), "date": int(time.time()), "chat": chat, "from": BOT,
            **content,
        }  # fmt: skip


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """JSON-encoded form values back to values; plain strings (texts) stay strings."""
    decoded: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("text", "caption"):
            decoded[key] = value
            continue
        try:
            decoded[key] = json.loads(value)
        except (TypeError, ValueError):
            decoded[key] = value
    return decoded


class FakeRequest(BaseRequest):
    """PTB's request seam: every Bot API call goes to the FakeBotApi, nothing to the network."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            file_id = url.rsplit("/", 1)[-1]
            return 200, self.api.files[file_id]
        params = decode_params(request_data.json_parameters) if request_data else {}
        files: dict[str, bytes] = {}
        if request_data is not None and request_data.contains_files:
            for name, part in request_data.multipart_data.items():
                content = part[1]
                files[name] = content if isinstance(content, bytes) else content.read()
        status, body = await self.api.respond(url.rsplit("/", 1)[-1], params, files)
        return status, json.dumps(body).encode()


@dataclass
class TelegramWorld:
    """The fake API, the running adapter, and helpers to act as Telegram users."""

    api: FakeBotApi
    adapter: TelegramAdapter
    updates: Updates

    async def feed(self, update: dict[str, Any]) -> list[Call]:
        before = len(self.api.sent())
        bot = self.adapter.application.bot
        await self.adapter.application.process_update(Update.de_json(update, bot))
        return self.api.sent()[before:]

    async def private(self, person: Person, text: str) -> list[Call]:
        return await self.feed(self.updates.message(person, private_chat(person), text))

    async def in_group(self, person: Person, text: str, reply_to: int | None = None) -> list[Call]:
        return await self.feed(self.updates.message(person, GROUP, text, reply_to=reply_to))

    async def press(self, person: Person, label: str, chat_id: int | None = None) -> list[Call]:
        chat_id = chat_id if chat_id is not None else person.id
        sent = next(c for c in reversed(self.api.sent(chat_id)) if label in c.labels)
        return await self.feed(self.updates.press(person, sent, label))


def make_adapter(
    core: Core, api: FakeBotApi, pacing: Pacing = NO_PACING, *, rate_limit: bool = True
) -> TelegramAdapter:
    section = replace(core.config.telegram, token=TOKEN)
    adapter = TelegramAdapter(
        section, core, request=FakeRequest(api), updates_request=FakeRequest(api), pacing=pacing,
        poll_timeout=1.0, rate_limit=rate_limit,
    )  # fmt: skip
    core.attach(adapter)
    return adapter


@pytest.fixture
def tg_api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def tg(core: Core, tg_api: FakeBotApi) -> AsyncIterator[TelegramWorld]:
    adapter = make_adapter(core, tg_api)
    await adapter.start(core.handle)
    try:
        yield TelegramWorld(tg_api, adapter, Updates(tg_api))
    finally:
        await adapter.stop()
