"""Telegram update -> our events: texts, button presses and documents, filtered for groups."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Chat, Message, Update
from telegram import User as TgUser

from bot.core.events import ButtonPress, ChatRef, Document, Event, Text, UserRef

log = logging.getLogger(__name__)

PLATFORM = "telegram"
MAX_DOCUMENT_BYTES = 2_000_000
AdminCheck = Callable[[int, int], Awaitable[bool]]  # (chat id, user id) -> is a chat admin
Download = Callable[[str], Awaitable[bytes]]  # file id -> content


@dataclass(frozen=True)
class BotIdentity:
    id: int
    username: str


@dataclass(frozen=True)
class Inbound:
    """Turns updates into events; the adapter supplies the two Bot API calls it may need."""

    me: BotIdentity
    is_admin: AdminCheck
    download: Download

    async def event_for(self, update: Update) -> Event | None:
        update_id = str(update.update_id)
        query = update.callback_query
        if query is not None:
            message = query.message
            if message is None or not query.data:
                return None
            chat = chat_ref(message.chat)
            admin = chat.is_private
            user = user_ref(query.from_user, admin)
            return ButtonPress(
                user, chat, query.data, message_id=str(message.message_id), update_id=update_id
            )
        message = update.message
        if message is None or message.from_user is None:
            return None  # edits, channel posts, service updates: nothing to answer
        return await self._message_event(message, update_id)

    async def _message_event(self, message: Message, update_id: str) -> Event | None:
        chat = chat_ref(message.chat)
        if chat.kind == "channel":
            return None
        text = message.text or message.caption or ""
        if not chat.is_private:
            # Privacy mode sends us commands, replies to us and mentions; with privacy off we
            # would see every message, and ignore all but those.
            text = self._addressed_text(message, text)
            if text is None:
                return None
        user = user_ref(message.from_user, await self._admin(message, chat, text))
        ids = {"message_id": str(message.message_id), "update_id": update_id}
        document = message.document
        if document is not None:
            if (document.file_size or 0) > MAX_DOCUMENT_BYTES:
                log.info("ignored a document of %d bytes", document.file_size)
                return None
            data = await self.download(document.file_id)
            name = document.file_name or "document"
            return Document(user, chat, name, data, caption=text, **ids)
        if not text.strip():
            return None
        replied = message.reply_to_message
        reply_to = str(replied.message_id) if replied is not None else ""
        return Text(user, chat, text, reply_to_message_id=reply_to, **ids)

    def _addressed_text(self, message: Message, text: str) -> str | None:
        """The text if the group message is meant for the bot (mention removed), else None."""
        if is_command(text):
            return text
        replied = message.reply_to_message
        author = replied.from_user if replied is not None else None
        if author is not None and author.id == self.me.id:
            return text
        if self.me.username:
            mention = re.compile(rf"@{re.escape(self.me.username)}\b", re.IGNORECASE)
            if mention.search(text):
                return mention.sub("", text).strip()
        return None

    async def _admin(self, message: Message, chat: ChatRef, text: str) -> bool:
        """Private chats are the user's own; in groups asked only for commands (one API call)."""
        if chat.is_private:
            return True
        sender_chat = message.sender_chat
        if sender_chat is not None:
            # An anonymous admin writes as the group itself.
            return sender_chat.id == message.chat.id
        if not is_command(text) or message.from_user is None:
            return False
        return await self.is_admin(message.chat.id, message.from_user.id)


def is_command(text: str) -> bool:
    return text.lstrip().startswith(("/", "／"))


def chat_ref(chat: Chat) -> ChatRef:
    if chat.type == Chat.PRIVATE:
        return ChatRef(PLATFORM, str(chat.id), "private")
    if chat.type == Chat.CHANNEL:
        return ChatRef(PLATFORM, str(chat.id), "channel")
    return ChatRef(PLATFORM, str(chat.id), "group")


def user_ref(user: TgUser | None, admin: bool) -> UserRef:
    if user is None:
        return UserRef(PLATFORM, "0", "", admin)
    return UserRef(PLATFORM, str(user.id), user.full_name, is_chat_admin=admin)
