"""Shared fixtures: a real SQLite file per test, the sample bank, a frozen clock and a recording chat."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import build_core, open_database
from bot.config import Config
from bot.core.dispatcher import Core
from bot.core.events import ChatRef, UserRef
from bot.storage.database import Database
from tests.recording import ChatDriver, FrozenClock, RecordingAdapter

# Discord adapter fixtures (simcord world, adapter) live beside their fakes.
pytest_plugins = ["tests.discord_fakes", "tests.telegram_fakes"]

SAMPLE_CONTENT = Path(__file__).parent / "data" / "content"
SHIPPED_CONTENT = Path(__file__).resolve().parents[1] / "content"


def database_url(tmp_path: Path) -> str:
    """SQLite file by default; TEST_DATABASE_URL points the suite at PostgreSQL instead."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"


@asynccontextmanager
async def scratch_database(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database for one test: a SQLite file, or a throwaway PostgreSQL database."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(server)
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin_dsn = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    connection = await asyncpg.connect(admin_dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


def make_config(tmp_path: Path, content: Path = SAMPLE_CONTENT, **bot: object) -> Config:
    base = Config()
    url = str(bot.pop("database_url", database_url(tmp_path)))
    return replace(
        base,
        bot=replace(
            base.bot,
            database_url=url,
            content_dir=str(content),
            owners=["test:owner"],
            **bot,  # type: ignore[arg-type]
        ),
    )


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
async def config(tmp_path: Path) -> AsyncIterator[Config]:
    async with scratch_database(tmp_path) as url:
        yield make_config(tmp_path, database_url=url)


@pytest.fixture
async def database(config: Config) -> AsyncIterator[Database]:
    db = await open_database(config)
    yield db
    await db.dispose()


@pytest.fixture
async def core(config: Config, database: Database, clock: FrozenClock) -> Core:
    return await build_core(config, database, clock)


@pytest.fixture
def adapter(core: Core) -> RecordingAdapter:
    recording = RecordingAdapter()
    core.attach(recording)
    return recording


@pytest.fixture
def chat_for(core: Core, adapter: RecordingAdapter) -> Callable[..., ChatDriver]:
    def make(
        user_id: str = "alice", chat_id: str | None = None, kind: str = "private"
    ) -> ChatDriver:
        user = UserRef(adapter.platform, user_id, user_id.title())
        chat = ChatRef(adapter.platform, chat_id or user_id, kind)  # type: ignore[arg-type]
        return ChatDriver(core, adapter, user, chat)

    return make


@pytest.fixture
def alice(chat_for: Callable[..., ChatDriver]) -> ChatDriver:
    return chat_for("alice")


@pytest.fixture
def owner(chat_for: Callable[..., ChatDriver]) -> ChatDriver:
    """The bot's owner (configured in make_config) in their private chat."""
    return chat_for("owner")
