"""Core: the one way in. Per-user lock, one transaction per event, replies sent after commit."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace

from bot.catalog import Catalog
from bot.config import Config
from bot.core.commands import CommandSpec, parse_command
from bot.core.context import Context, Outgoing
from bot.core.events import ButtonPress, ChatRef, Command, Document, Event, Text
from bot.core.payloads import unpack
from bot.core.ports import Adapter, Clock, RecipientUnavailable
from bot.core.replies import Reply
from bot.core.router import Router
from bot.metrics import Metrics
from bot.storage.database import Database
from bot.storage.repository import Repository

log = logging.getLogger(__name__)
Job = Callable[[Context], Awaitable[None]]
UnavailableListener = Callable[[Repository, ChatRef], Awaitable[None]]
GaugeProvider = Callable[[Repository], Awaitable[dict[str, float]]]


class Core:
    def __init__(
        self,
        *,
        config: Config,
        database: Database,
        catalog: Catalog,
        clock: Clock,
        router: Router,
        jobs: Iterable[Job] = (),
        before_event: Iterable[Job] = (),
        bot_usernames: dict[str, str] | None = None,
    ) -> None:
        self.config = config
        self.database = database
        self.catalog = catalog
        self.clock = clock
        self.router = router
        self.jobs = list(jobs)
        # Run first in every event's transaction (catalog reload after an admin edit, notices).
        self.before_event = list(before_event)
        self.content_version: int | None = None  # of the catalog held; None until first checked
        self.question_versions: dict[str, int] = {}  # so a reload re-reads changed questions only
        self.bot_usernames = dict(bot_usernames or {})
        self.adapters: dict[str, Adapter] = {}
        self.unavailable_listeners: list[UnavailableListener] = []
        self.metrics = Metrics()
        self.gauge_providers: list[GaugeProvider] = [_state_gauges]
        # Log lines carry a keyed hash of the user, never the raw platform id.
        salt = config.logging.user_hash_salt or secrets.token_hex(16)
        self._hash_key = salt.encode()
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    @property
    def command_specs(self) -> list[CommandSpec]:
        return list(self.router.specs)

    def attach(self, adapter: Adapter) -> None:
        self.adapters[adapter.platform] = adapter

    def set_bot_username(self, platform: str, username: str) -> None:
        self.bot_usernames[platform] = username

    def replace_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def _lock_for(self, event: Event) -> asyncio.Lock:
        key = (event.user.platform, event.user.id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    def user_hash(self, platform: str, user_id: str) -> str:
        digest = hmac.new(self._hash_key, f"{platform}:{user_id}".encode(), hashlib.sha256)
        return digest.hexdigest()[:12]

    async def handle(self, event: Event) -> None:
        """Handle one inbound event; never raises for a user's mistake or a handler's bug."""
        started = time.perf_counter()
        trace: dict[str, str] = {"handler": "", "outcome": "ok"}
        async with self._lock_for(event):
            outbox = await self._run_event(event, trace)
        await self.deliver(outbox)
        elapsed = time.perf_counter() - started
        kind = type(event).__name__.lower()
        self.metrics.inc("bot_updates_total", kind=kind, outcome=trace["outcome"])
        self.metrics.observe("bot_handle_seconds", elapsed)
        if not log.isEnabledFor(logging.INFO):
            return  # the user hash is an HMAC: not worth computing for a line nobody keeps
        fields = {
            "update_id": event.update_id,
            "user": self.user_hash(event.user.platform, event.user.id),
            "platform": event.user.platform,
            "event": kind,
            "handler": trace["handler"],
            "outcome": trace["outcome"],
            "duration_ms": round(elapsed * 1000, 2),
        }
        log.info(
            "%s %s via %s: %s in %.1f ms",
            fields["platform"], kind, fields["handler"] or "-", fields["outcome"],
            fields["duration_ms"], extra={"fields": fields},
        )  # fmt: skip

    async def _run_event(self, event: Event, trace: dict[str, str]) -> list[Outgoing]:
        try:
            async with self.database.transaction() as session:
                repo = Repository(session)
                arrival = await repo.users.arrive(
                    event.user.platform,
                    event.user.id,
                    event.user.display_name,
                    self.config.bot.default_lang,
                    self.clock.now(),
                    in_private=event.chat.is_private,
                )
                ctx = Context(
                    core=self, repo=repo, event=event, user=arrival.user, arrival=arrival
                )
                for hook in self.before_event:
                    await hook(ctx)
                await self._route(ctx)
                trace["handler"] = ctx.handler_name
                return ctx.outbox
        except Exception:
            trace["outcome"] = "error"
            log.exception("handler failed for %s", type(event).__name__)
            apology = Reply(_apology(self.config.bot.default_lang), ephemeral=True)
            return [Outgoing(event.chat, apology, event)]

    async def _route(self, ctx: Context) -> None:
        event = ctx.event
        for arrival in self.router.hooks.get("arrival", ()):  # runs on every event, never stops it
            await arrival(ctx)
        if isinstance(event, ButtonPress):
            payload = unpack(event.payload)
            handler = self.router.buttons.get(payload.action) if payload else None
            if handler is None:
                ctx.reply(ctx.t("error.stale_button"), ephemeral=True)
                return
            ctx.payload = payload
            ctx.handler_name = f"button:{payload.action}" if payload else ""
            await handler(ctx)
            return
        if isinstance(event, Command):
            from bot.core.commands import ParsedCommand

            ctx.command = ParsedCommand(event.name.lower(), event.args, " ".join(event.args))
        elif isinstance(event, Text):
            ctx.command = parse_command(
                event.text, self.bot_usernames.get(event.user.platform, "")
            )
        elif isinstance(event, Document):
            for doc_handler in self.router.document_handlers:
                if await doc_handler(ctx):
                    ctx.handler_name = f"document:{doc_handler.__name__}"
                    return
            if event.chat.is_private:
                ctx.reply(ctx.t("error.document_unexpected"))
            return
        if ctx.command is not None:
            command_handler = self.router.commands.get(ctx.command.name)
            ctx.handler_name = f"command:{ctx.command.name}"
            if command_handler is not None:
                await command_handler(ctx)
            elif ctx.chat.is_private or isinstance(event, Command):
                ctx.reply(ctx.t("error.unknown_command", name=ctx.command.name))
            return
        for text_handler in self.router.text_handlers:
            if await text_handler(ctx):
                ctx.handler_name = f"text:{text_handler.__name__}"
                return

    async def run_job(self, job: Job) -> None:
        """Run background work in its own transaction and deliver what it queued."""
        if getattr(job, "own_transactions", False):
            # It opens short transactions itself and sends between them (the daily sender).
            try:
                await job(Context(core=self, repo=None, event=None, user=None))  # type: ignore[arg-type]
            except Exception:
                log.exception("background job %s failed", getattr(job, "__name__", job))
            return
        try:
            async with self.database.transaction() as session:
                ctx = Context(core=self, repo=Repository(session), event=None, user=None)
                await job(ctx)
                outbox = ctx.outbox
        except Exception:
            log.exception("background job %s failed", getattr(job, "__name__", job))
            return
        await self.deliver(outbox)

    async def run_due_work(self) -> None:
        """Called by the ticker every minute: each registered job in turn."""
        for job in self.jobs:
            await self.run_job(job)

    async def deliver(self, outbox: list[Outgoing]) -> None:
        for item in outbox:
            await self.send_one(item)

    async def send_one(self, item: Outgoing) -> str | None:
        """Send one message; None when it could not be delivered."""
        adapter = self.adapters.get(item.chat.platform)
        if adapter is None:
            log.warning("no adapter for platform %s; reply dropped", item.chat.platform)
            return None
        reply = item.reply
        if item.render is not None:
            try:
                reply = replace(reply, attachments=reply.attachments + await item.render())
            except Exception:
                log.exception("rendering an attachment failed; sending the text alone")
        try:
            message_id = await adapter.send(item.chat, reply, origin=item.origin)
        except RecipientUnavailable:
            log.info("chat %s:%s is unavailable", item.chat.platform, item.chat.kind)
            self.metrics.inc(
                "bot_send_errors_total", platform=item.chat.platform, kind="unavailable"
            )
            await self._mark_unavailable(item.chat)
            return None
        except Exception as exc:
            log.exception("sending to %s failed", item.chat.platform)
            kind = type(exc).__name__
            self.metrics.inc("bot_send_errors_total", platform=item.chat.platform, kind=kind)
            return None
        self.metrics.inc("bot_messages_sent_total", platform=item.chat.platform)
        if item.on_sent is not None:
            try:
                async with self.database.transaction() as session:
                    await item.on_sent(Repository(session), message_id)
            except Exception:
                log.exception("after-send step failed")
        return message_id

    async def gauges(self) -> dict[str, float]:
        """Values read from the database at scrape time (queue sizes, open interviews...)."""
        values: dict[str, float] = {}
        async with self.database.transaction() as session:
            repo = Repository(session)
            for provider in self.gauge_providers:
                values.update(await provider(repo))
        return values

    async def _mark_unavailable(self, chat: ChatRef) -> None:
        try:
            async with self.database.transaction() as session:
                repo = Repository(session)
                if chat.is_private:
                    await repo.mark_dm_unavailable(chat.platform, chat.id)
                for listener in self.unavailable_listeners:
                    await listener(repo, chat)
        except Exception:
            log.exception("could not record an unavailable chat")


async def _state_gauges(repo: Repository) -> dict[str, float]:
    counts = await repo.open_counts()
    return {f'bot_open{{kind="{kind}"}}': float(n) for kind, n in counts.items()}


def _apology(lang: str) -> str:
    from bot.core.texts import t

    return t(lang, "error.internal")
