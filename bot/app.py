"""Composition root: config, database, bank, core, adapters and ticker; start and stop order."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.bank import ContentError, load_bank
from bot.catalog import Catalog
from bot.config import Config
from bot.core.dispatcher import Core
from bot.core.handlers import before_event, build_router, gauges, jobs
from bot.core.ports import Adapter, Clock, SystemClock
from bot.storage.database import Database
from bot.storage.repository import Repository, SyncReport
from bot.ticker import Ticker

log = logging.getLogger(__name__)


class StartupError(Exception):
    """The bot cannot start; the message says why in words an operator can act on."""


async def open_database(config: Config) -> Database:
    database = Database(config.bot.database_url)
    try:
        await database.upgrade()
    except Exception as exc:
        await database.dispose()
        raise StartupError(f"cannot open or migrate the database: {exc}") from exc
    return database


async def sync_content(database: Database, content_dir: Path, clock: Clock) -> SyncReport | None:
    """Load the content files into the database (admin edits are kept); None if there are none."""
    if not content_dir.is_dir():  # noqa: ASYNC240  (once at start-up, before serving)
        log.warning("content directory %s not found; using the bank in the database", content_dir)
        return None
    try:
        bank = load_bank(content_dir)
    except ContentError as exc:
        raise StartupError(f"the content files are invalid:\n{exc}") from exc
    try:
        async with database.transaction() as session:
            repo = Repository(session)
            await repo.admin.lock_content_sync()  # first: another worker may be syncing now
            report = await repo.sync_bank(bank, clock.now())
            if report.added or report.updated:
                await repo.admin.bump_content()  # workers already running reload those questions
    except SQLAlchemyError as exc:
        raise StartupError(f"cannot load the content files into the database: {exc}") from exc
    log.info(
        "content synced: %d added, %d updated, %d unchanged, %d admin edits kept",
        report.added, report.updated, report.unchanged, report.kept_admin_edits,
    )  # fmt: skip
    return report


@dataclass(frozen=True)
class LoadedCatalog:
    catalog: Catalog
    content_version: int
    question_versions: dict[str, int]


async def load_catalog(database: Database) -> LoadedCatalog:
    """The bank as stored, with the versions it was read at (so no event reloads it again)."""
    async with database.transaction() as session:
        repo = Repository(session)
        return LoadedCatalog(
            Catalog(await repo.load_bank()),
            await repo.admin.content_version(),
            await repo.admin.question_versions(),
        )


async def build_core(config: Config, database: Database, clock: Clock) -> Core:
    await sync_content(database, Path(config.bot.content_dir), clock)
    loaded = await load_catalog(database)
    core = Core(
        config=config,
        database=database,
        catalog=loaded.catalog,
        clock=clock,
        router=build_router(),
        jobs=jobs(),
        before_event=before_event(),
    )
    core.gauge_providers.extend(gauges())
    core.content_version, core.question_versions = loaded.content_version, loaded.question_versions
    return core


def freeze_startup_heap() -> None:
    """Move what start-up built (bank, compiled statements, modules) out of the collector's way.

    It lives as long as the process, yet every full collection would walk it again: under load
    those pauses showed in the answer latency's p99 (65 -> 42 ms in bench/load.py)."""
    gc.collect()
    gc.freeze()


def platform_adapters(config: Config, core: Core, *, console: bool) -> list[Adapter]:
    """Adapters for every configured token; the console when forced or when none is configured."""
    adapters: list[Adapter] = []
    if not console and config.telegram.token:
        from bot.adapters.telegram_adapter import TelegramAdapter

        adapters.append(TelegramAdapter(config.telegram, core))
    if not console and config.discord.token:
        from bot.adapters.discord_adapter import DiscordAdapter

        adapters.append(DiscordAdapter(config.discord, core))
    if console or not adapters:
        from bot.adapters.console_adapter import ConsoleAdapter

        adapters.append(ConsoleAdapter())
    return adapters


def require_somewhere_to_talk(config: Config, *, console: bool) -> None:
    """Refuse to serve (`run` with a health endpoint, as in compose) with no platform token and
    no terminal for the console."""
    if console or config.telegram.token or config.discord.token or not config.http.port:
        return  # a person trying the bot: the console, which ends quietly at end of input
    if sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty():
        return
    # Without this the console adapter reads end-of-file at once and the process exits 0, which
    # a restart policy turns into a silent restart loop.
    raise StartupError(
        "no platform token is configured: set TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN (or a "
        "token in config.toml). Without one `run` falls back to the console, which needs a "
        "terminal; for piped input use `interview-bot console`."
    )


@dataclass
class App:
    config: Config
    console: bool = False
    clock: Clock = field(default_factory=SystemClock)

    async def run(self) -> None:
        require_somewhere_to_talk(self.config, console=self.console)
        database = await open_database(self.config)
        try:
            core = await build_core(self.config, database, self.clock)
            freeze_startup_heap()
            adapters = platform_adapters(self.config, core, console=self.console)
            await self._serve(core, adapters)
        finally:
            await database.dispose()

    async def _serve(self, core: Core, adapters: list[Adapter]) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        # Signal handlers need a Unix event loop in the main thread (not Windows, not tests).
        if sys.platform != "win32" and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
        started: list[Adapter] = []
        ticker = Ticker(core.run_due_work)
        health = None
        if self.config.http.port:
            from bot.http_server import HealthServer

            health = HealthServer(core, self.config.http.listen, self.config.http.port)
            await health.start()
        try:
            for adapter in adapters:
                core.attach(adapter)
                await adapter.start(core.handle)
                started.append(adapter)
                log.info("%s adapter started", adapter.platform)
            ticker.start()
            waits = [asyncio.create_task(stop.wait())]
            waits += [
                asyncio.create_task(a.finished.wait())  # type: ignore[attr-defined]
                for a in started
                if hasattr(a, "finished")
            ]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for task in waits:
                task.cancel()
        finally:
            ticker.stop()
            for adapter in reversed(started):
                try:
                    await adapter.stop()
                except Exception:  # one adapter failing to stop must not keep the others running
                    log.exception("stopping the %s adapter failed", adapter.platform)
            if health is not None:
                await health.stop()
