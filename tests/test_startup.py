"""Start-up as an operator sees it: workers starting together, and `run` with nowhere to talk."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from bot.app import StartupError, build_core, open_database, sync_content
from bot.bank import load_bank
from bot.config import Config
from bot.storage.admin_models import ContentState
from bot.storage.database import Database, alembic_config
from bot.storage.models import QuestionRow, TrackRow
from tests.conftest import SAMPLE_CONTENT, SHIPPED_CONTENT, make_config, scratch_database
from tests.recording import FrozenClock

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 4
postgres_only = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="workers racing on one database need the shared PostgreSQL server",
)


async def start_worker(config: Config, *, migrate: bool) -> None:
    """What `interview-bot run` does before serving, with its own engine like a separate worker."""
    database = await open_database(config) if migrate else Database(config.bot.database_url)
    try:
        await build_core(config, database, FrozenClock())
    finally:
        await database.dispose()


def worker_process(url: str) -> None:
    """A worker in its own process: once imported, says ready and starts when told to go."""
    config = make_config(ROOT, SHIPPED_CONTENT, database_url=url)
    print("ready", flush=True)
    sys.stdin.readline()
    asyncio.run(start_worker(config, migrate=True))


def start_processes(url: str) -> list[str]:
    """Start WORKERS processes at the same moment; the exception each failed one ended with."""
    # Separate processes, as in production: Alembic keeps its migration context in module
    # globals, so upgrades racing inside one process would trip over each other instead.
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.test_startup", url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    for worker in workers:  # imports take a while; line them up first
        assert worker.stdout is not None and worker.stdout.readline() == "ready\n"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    failures = []
    for worker in workers:
        _, errors = worker.communicate(timeout=120)
        if worker.returncode:
            raised = [
                line
                for line in errors.splitlines()
                if re.match(r"[\w.]+(Error|Exception)\b", line)
            ]
            failures.append((raised or [errors.strip() or "(no output)"])[-1][:300])
    return failures


async def assert_started_once(config: Config, failures: list[str]) -> None:
    assert not failures, f"{len(failures)} of {WORKERS} workers failed to start: {failures}"
    bank = load_bank(SHIPPED_CONTENT)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    database = Database(config.bot.database_url)
    try:
        async with database.transaction() as session:
            versions = (
                await session.scalars(text("SELECT version_num FROM alembic_version"))
            ).all()
            assert versions == [head]
            assert await session.scalar(select(func.count()).select_from(TrackRow)) == len(
                bank.tracks
            )
            assert await session.scalar(select(func.count()).select_from(QuestionRow)) == len(
                bank.questions
            )
            # Loaded once: only the worker that added the questions bumped the catalog version.
            assert await session.scalar(select(ContentState.version)) == 1
    finally:
        await database.dispose()


@postgres_only
async def test_workers_starting_together_on_a_fresh_database_all_start(tmp_path: Path) -> None:
    async with scratch_database(tmp_path) as url:
        failures = await asyncio.to_thread(start_processes, url)
        await assert_started_once(make_config(tmp_path, database_url=url), failures)


@postgres_only
async def test_workers_loading_content_together_load_it_once(tmp_path: Path) -> None:
    async with scratch_database(tmp_path) as url:
        config = make_config(tmp_path, SHIPPED_CONTENT, database_url=url)
        await (await open_database(config)).dispose()  # schema in place: only the content races
        results = await asyncio.gather(
            *(start_worker(config, migrate=False) for _ in range(WORKERS)), return_exceptions=True
        )
        await assert_started_once(config, [repr(r) for r in results if r is not None])


def without_tokens(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh SQLite worker with no platform token."""
    environ = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
    environ.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        CONTENT_DIR=str(SAMPLE_CONTENT),
    )
    return environ


def interview_bot(tmp_path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot", "--config", str(tmp_path / "absent.toml"), *args]


def test_a_service_without_a_token_or_a_terminal_says_what_to_set(tmp_path: Path) -> None:
    # A container's worker (compose sets HTTP_PORT for its health check): no token and no
    # terminal (/dev/null, or an empty pipe). It stops before binding the port.
    for stdin, given in ((subprocess.DEVNULL, None), (None, "")):
        done = subprocess.run(
            interview_bot(tmp_path, "run"),
            stdin=stdin,
            input=given,
            capture_output=True,
            text=True,
            env={**without_tokens(tmp_path), "HTTP_PORT": "18089"},
            timeout=120,
        )
        assert done.returncode != 0
        assert "TELEGRAM_BOT_TOKEN" in done.stderr and "DISCORD_BOT_TOKEN" in done.stderr
        assert "interview-bot console" in done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout == ""


def test_the_readme_command_with_nothing_on_stdin_opens_and_closes_the_console(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        interview_bot(tmp_path, "run"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=without_tokens(tmp_path),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Mock-interview bot (console)" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["console", "run"])
def test_piped_input_is_still_answered(tmp_path: Path, command: str) -> None:
    done = subprocess.run(
        interview_bot(tmp_path, command),
        input="/help\n",
        capture_output=True,
        text=True,
        env=without_tokens(tmp_path),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "/interview" in done.stdout
    assert "Traceback" not in done.stderr


def test_run_waits_on_stdin_held_open_without_input(tmp_path: Path) -> None:
    # Without HTTP_PORT it is someone trying the bot: a pipe with no input yet is waited on.
    worker = subprocess.Popen(
        interview_bot(tmp_path, "run"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=without_tokens(tmp_path),
    )
    assert worker.stdout is not None and "Mock-interview bot (console)" in worker.stdout.readline()
    answer, errors = worker.communicate("/tracks\n", timeout=60)
    assert worker.returncode == 0, errors
    assert "python" in answer


async def test_a_database_error_while_loading_content_is_a_clear_startup_error(
    config: Config,
) -> None:
    database = Database(config.bot.database_url)  # never migrated: no tables to load into
    try:
        with pytest.raises(StartupError, match="cannot load the content files into the database"):
            await sync_content(database, SAMPLE_CONTENT, FrozenClock())
    finally:
        await database.dispose()


if __name__ == "__main__":
    worker_process(sys.argv[1])
