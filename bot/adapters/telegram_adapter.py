"""Telegram adapter (python-telegram-bot 22): polling under a database lease, or a webhook."""

from __future__ import annotations

import logging
import os
import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, TypeHandler
from telegram.request import BaseRequest

from bot.adapters.telegram_inbound import BotIdentity, Inbound
from bot.adapters.telegram_outbound import Outbound
from bot.adapters.telegram_sending import Pacing, Sender
from bot.adapters.telegram_webhook import WebhookServer
from bot.app import StartupError
from bot.config import TelegramSection
from bot.core.dispatcher import Core
from bot.core.events import ChatRef, Event
from bot.core.ports import Handle
from bot.core.replies import Reply
from bot.lease import LeaseKeeper
from bot.storage.telegram_updates import TelegramUpdateQueries

log = logging.getLogger(__name__)
# Opt in to PTB's timedelta attributes (RetryAfter.retry_after...): the int form is deprecated
# and warns; PTB reads the variable each time such an attribute is read.
os.environ.setdefault("PTB_TIMEDELTA", "true")

PLATFORM = "telegram"
ALLOWED_UPDATES = ["message", "callback_query"]
POLLING_LEASE = "telegram-polling"
ADMIN_STATUSES = ("administrator", "creator")
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
PRUNE_EVERY = 5000  # updates between clean-ups of the table of seen update ids


def quiet_library_loggers() -> None:
    """httpx logs every request URL at INFO, and the URL holds the bot token."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    library = logging.getLogger("telegram")
    if library.getEffectiveLevel() < logging.INFO:
        library.setLevel(logging.INFO)


class TelegramAdapter:
    platform = PLATFORM
    supports_modals = False

    def __init__(
        self,
        section: TelegramSection,
        core: Core,
        *,
        request: BaseRequest | None = None,
        updates_request: BaseRequest | None = None,
        pacing: Pacing | None = None,
        lease_ttl: timedelta = timedelta(seconds=30),
        poll_timeout: float = 10.0,
        rate_limit: bool = True,
    ) -> None:
        quiet_library_loggers()
        self.section, self.core = section, core
        self.lease_ttl, self.poll_timeout = lease_ttl, poll_timeout
        builder = (
            ApplicationBuilder()
            .token(section.token)
            .base_url(section.api_url)
            .base_file_url(section.file_url)
            .concurrent_updates(True)  # the core serialises per user; others need not wait
        )
        if rate_limit:  # 30 messages a second overall; 429s wait and retry
            builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
        if request is not None:
            builder = builder.request(request).get_updates_request(updates_request or request)
        self.application: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        self.sender = Sender(pacing or Pacing())
        self.outbound = Outbound(lambda: self.application.bot, self.sender)
        self.me = BotIdentity(0, "")
        self.inbound = Inbound(self.me, self._is_admin, self._download)
        self._handle: Handle = core.handle
        self.lease: LeaseKeeper | None = None
        self.webhook: WebhookServer | None = None
        self._claimed = 0

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self, handle: Handle) -> None:
        """getMe, the command menu, then polling (if we hold the lease) or the webhook."""
        self._handle = handle
        try:
            await self.application.initialize()
        except InvalidToken:
            await self.application.bot.shutdown()
            raise StartupError(
                "Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN or [telegram] token"
            ) from None
        except NetworkError as exc:
            await self.application.bot.shutdown()
            host = urlsplit(self.section.api_url).netloc or self.section.api_url
            raise StartupError(f"cannot reach the Telegram Bot API at {host}: {exc}") from None
        try:
            await self._serve()
        except BaseException:
            await self.stop()
            raise

    async def _serve(self) -> None:
        bot = self.application.bot
        self.me = BotIdentity(bot.id, bot.username)
        self.inbound = Inbound(self.me, self._is_admin, self._download)
        self.core.set_bot_username(PLATFORM, bot.username)
        await self.set_commands()
        await self._prune_seen()
        await self.application.start()
        if self.section.webhook_url:
            await self._start_webhook()
            return
        self.lease = LeaseKeeper(
            self.core.database, self.core.clock, POLLING_LEASE,
            on_acquired=self.start_polling, on_lost=self.stop_polling, ttl=self.lease_ttl,
        )  # fmt: skip
        await self.lease.start()
        if not self.lease.held:
            log.info("another worker polls Telegram; this one stands by")

    async def stop(self) -> None:
        await self.stop_polling()
        if self.lease is not None:
            await self.lease.stop()  # hands the lease over at once
            await self.stop_polling()  # in case the lease was won just before it stopped
        if self.webhook is not None:
            await self.webhook.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    def is_connected(self) -> bool:
        return self.application.running

    async def start_polling(self) -> None:
        updater = self.application.updater
        if updater is None or updater.running:
            return
        await updater.start_polling(
            timeout=timedelta(seconds=self.poll_timeout),
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
        log.info("polling Telegram for updates")

    async def stop_polling(self) -> None:
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
            log.info("stopped polling Telegram")

    async def _start_webhook(self) -> None:
        if not self.section.secret_token:
            raise StartupError(
                "[telegram] webhook_url needs a secret_token (TELEGRAM_SECRET_TOKEN) so that "
                "only Telegram can post updates"
            )
        path = urlsplit(self.section.webhook_url).path or "/"
        self.webhook = WebhookServer(
            self.section.listen, self.section.port, path, self.section.secret_token,
            self.process_json,
        )  # fmt: skip
        await self.webhook.start()
        try:
            await self.application.bot.set_webhook(
                self.section.webhook_url,
                secret_token=self.section.secret_token,
                allowed_updates=ALLOWED_UPDATES,
            )
        except TelegramError as exc:
            raise StartupError(f"Telegram refused the webhook URL: {exc.message}") from None

    async def set_commands(self) -> None:
        """The command menu in the default language, and per client language zh / en."""
        specs, seen = [], set()
        for spec in self.core.command_specs:
            if spec.admin or spec.name in seen or not _COMMAND_NAME.match(spec.name):
                continue
            seen.add(spec.name)
            specs.append(spec)
        zh = [BotCommand(s.name, s.description_zh[:256] or s.name) for s in specs[:100]]
        en = [BotCommand(s.name, s.description_en[:256] or s.name) for s in specs[:100]]
        default = en if self.core.config.bot.default_lang == "en" else zh
        for commands, language in ((default, None), (zh, "zh"), (en, "en")):
            try:
                await self.application.bot.set_my_commands(commands, language_code=language)
            except TelegramError as exc:
                log.warning("could not set the command menu (%s): %s", language, exc.message)

    def private_chat_link(self) -> str:
        return f"https://t.me/{self.me.username}?start=quiz" if self.me.username else ""

    # --- inbound -----------------------------------------------------------------------------
    async def process_json(self, data: dict[str, Any]) -> None:
        """One update as Telegram posts it (webhook mode)."""
        update = Update.de_json(data, self.application.bot)
        await self.application.process_update(update)

    async def _on_update(self, update: Update, _context: object) -> None:
        if not await self._first_delivery(update.update_id):
            log.info("update %d was already handled; skipped", update.update_id)
            return
        query = update.callback_query
        if query is not None:
            try:  # at once, so the client stops its spinner whatever the core does next
                await query.answer()
            except TelegramError as exc:
                log.warning("could not answer a button press: %s", exc.message)
        event = await self.inbound.event_for(update)
        if event is not None:
            await self._handle(event)

    async def _first_delivery(self, update_id: int) -> bool:
        now = self.core.clock.now()
        async with self.core.database.transaction() as session:
            first = await TelegramUpdateQueries(session).claim(update_id, now)
        self._claimed += 1
        if self._claimed % PRUNE_EVERY == 0:
            await self._prune_seen()
        return first

    async def _prune_seen(self) -> None:
        try:
            async with self.core.database.transaction() as session:
                await TelegramUpdateQueries(session).prune(self.core.clock.now())
        except Exception:
            log.warning("could not prune handled update ids", exc_info=True)

    async def _on_error(self, update: object, context: Any) -> None:
        update_id = update.update_id if isinstance(update, Update) else "-"
        log.error("Telegram update %s failed", update_id, exc_info=context.error)

    async def _is_admin(self, chat_id: int, user_id: int) -> bool:
        try:
            member = await self.application.bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:
            log.warning("could not check chat admin status: %s", exc.message)
            return False
        return member.status in ADMIN_STATUSES

    async def _download(self, file_id: str) -> bytes:
        file = await self.application.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())

    # --- outbound ----------------------------------------------------------------------------
    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        return await self.outbound.send(chat, reply, origin)
