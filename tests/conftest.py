"""Shared fixtures: a real SQLite file per test, the sample bank, a frozen clock and a recording chat."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import build_core, open_database
from bot.config import Config
from bot.core.dispatcher import Core
from bot.core.events import ChatRef, UserRef
from bot.storage.database import Database
from tests.recording import ChatDriver, FrozenClock, RecordingAdapter

SAMPLE_CONTENT = Path(__file__).parent / "data" / "content"
SHIPPED_CONTENT = Path(__file__).resolve().parents[1] / "content"


def database_url(tmp_path: Path) -> str:
    """SQLite file by default; TEST_DATABASE_URL points the suite at PostgreSQL instead."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"


def make_config(tmp_path: Path, content: Path = SAMPLE_CONTENT, **bot: object) -> Config:
    base = Config()
    return replace(
        base,
        bot=replace(
            base.bot,
            database_url=database_url(tmp_path),
            content_dir=str(content),
            owners=["test:owner"],
            **bot,
        ),
    )


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


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
    def make(user_id: str = "alice", chat_id: str | None = None, kind: str = "private") -> ChatDriver:
        user = UserRef(adapter.platform, user_id, user_id.title())
        chat = ChatRef(adapter.platform, chat_id or user_id, kind)  # type: ignore[arg-type]
        return ChatDriver(core, adapter, user, chat)

    return make


@pytest.fixture
def alice(chat_for: Callable[..., ChatDriver]) -> ChatDriver:
    return chat_for("alice")
