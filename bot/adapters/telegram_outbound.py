"""Our replies -> Bot API calls: text chunks with the keyboard on the last, then attachments."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from telegram import Bot, InputFile, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode

from bot.adapters.telegram_render import inline_keyboard, render_html, split_text
from bot.adapters.telegram_sending import Sender
from bot.core.events import ChatRef, Event
from bot.core.ports import RecipientUnavailable
from bot.core.replies import Attachment, Reply

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Outbound:
    def __init__(self, bot: Callable[[], Bot], sender: Sender) -> None:
        self._bot = bot
        self.sender = sender

    async def send(self, chat: ChatRef, reply: Reply, origin: Event | None) -> str:
        if reply.ephemeral and not chat.is_private and origin is not None:
            # Telegram has no messages visible to one member: write to them privately, and
            # answer in the group only when they never opened a private chat with the bot.
            try:
                private = ChatRef.private_to(origin.user)
                return await self.post(private, replace(reply, reply_to=""))
            except RecipientUnavailable:
                reply = replace(reply, reply_to=reply.reply_to or origin.message_id)
        return await self.post(chat, reply)

    async def post(self, chat: ChatRef, reply: Reply) -> str:
        try:
            chat_id = int(chat.id)
        except ValueError:
            raise RecipientUnavailable(f"not a Telegram chat id: {chat.id!r}") from None
        group = not chat.is_private
        chunks = split_text(reply.text)
        markup = inline_keyboard(reply.keyboard)
        message_id = ""
        for index, chunk in enumerate(chunks):
            extras: dict[str, object] = {}
            if index == 0 and reply.reply_to.isdigit():
                extras["reply_parameters"] = ReplyParameters(
                    int(reply.reply_to), allow_sending_without_reply=True
                )
            if index == len(chunks) - 1 and markup is not None:
                extras["reply_markup"] = markup
            message = await self._text(chat_id, group, render_html(chunk), extras)
            message_id = str(message.message_id)
        for attachment in reply.attachments:
            extras = {} if chunks or markup is None else {"reply_markup": markup}
            sent = await self._attachment(chat_id, group, attachment, extras)
            message_id = message_id or str(sent.message_id)
        return message_id

    async def _text(
        self, chat_id: int, group: bool, html: str, extras: dict[str, object]
    ) -> Message:
        async def request() -> Message:
            return await self._bot().send_message(
                chat_id, html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                **extras,  # type: ignore[arg-type]
            )  # fmt: skip

        return await self.sender.call(chat_id, group, request)

    async def _attachment(
        self, chat_id: int, group: bool, attachment: Attachment, extras: dict[str, object]
    ) -> Message:
        async def request() -> Message:
            upload = InputFile(attachment.data, filename=attachment.filename)
            if attachment.kind == "image":
                return await self._bot().send_photo(chat_id, upload, **extras)  # type: ignore[arg-type]
            return await self._bot().send_document(chat_id, upload, **extras)  # type: ignore[arg-type]

        return await self.sender.call(chat_id, group, request)
