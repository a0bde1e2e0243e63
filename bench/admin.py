"""Admin edits end to end through Core.handle on a SQLite file with the shipped bank; a table.

Times /q edit, /alias add + confirm (the preview re-grades the model answer and kept samples),
and a user's answer: before any edit, after many edits (longer history, same catalog), and when
every answer follows an edit (each one reloads the catalog), and with the per-event admin
hooks switched off for comparison.

    python bench/admin.py                # 200 edits, 100 samples per row
    python bench/admin.py --edits 50 --runs 30
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import ANSWER, CONTENT, NullAdapter
from bot.app import build_core, open_database
from bot.config import Config
from bot.core.dispatcher import Core
from bot.core.events import ButtonPress, ChatRef, Text, UserRef
from bot.core.ports import SystemClock

OWNER = UserRef("bench", "owner", "Owner")
OWNER_CHAT = ChatRef("bench", "owner", "private")
USER = UserRef("bench", "user", "User")
USER_CHAT = ChatRef("bench", "user", "private")


class KeyboardAdapter(NullAdapter):
    """Remembers the last confirm button, as a person would see it."""

    last_confirm = ""

    async def send(self, chat, reply, *, origin=None):  # type: ignore[no-untyped-def]
        if reply.keyboard is not None:
            for button in reply.keyboard.buttons():
                if button.payload.startswith("v1:admok:"):
                    self.last_confirm = button.payload
        return "1"


async def timed(core: Core, event: Text | ButtonPress) -> float:
    started = time.perf_counter()
    await core.handle(event)
    return time.perf_counter() - started


async def answers(core: Core, runs: int, edit_between: bool, question: str) -> list[float]:
    """A user answering `runs` times (fresh one-question interviews), optionally after an edit."""
    latencies = []
    for n in range(runs):
        await core.handle(Text(USER, USER_CHAT, "/stop"))
        await core.handle(Text(USER, USER_CHAT, "/interview 1"))
        if edit_between:
            await core.handle(Text(OWNER, OWNER_CHAT, f"/q edit {question} tags t{n}"))
        latencies.append(await timed(core, Text(USER, USER_CHAT, ANSWER)))
    return latencies


def row(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    median = statistics.median(ordered)
    return f"| {name:<44} | {len(values):>5} | {median * 1000:>8.2f} | {p95 * 1000:>8.2f} |"


async def main(edits: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Config()
        url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
        bot = replace(base.bot, database_url=url, content_dir=str(CONTENT), owners=["bench:owner"])
        config = replace(base, bot=bot)
        database = await open_database(config)
        core = await build_core(config, database, SystemClock())
        adapter = KeyboardAdapter()
        core.attach(adapter)
        question = core.catalog.active()[0]
        point = question.key_points[0].id
        for n in range(5):
            await core.handle(Text(OWNER, OWNER_CHAT, f"/q try {question.id} {ANSWER[n:]} --keep"))
        await answers(core, 5, False, question.id)  # warm up caches before timing
        rows = [row("answer, before any edit", await answers(core, runs, False, question.id))]
        edit_times = []
        for n in range(edits):
            command = f"/q edit {question.id} more 补充说明第 {n} 版"
            edit_times.append(await timed(core, Text(OWNER, OWNER_CHAT, command)))
        rows.append(row(f"/q edit ({edits} in a row)", edit_times))
        alias_times = []
        for n in range(min(runs, 30)):
            command = f"/alias add {question.id} {point} 别名{n}"
            preview = await timed(core, Text(OWNER, OWNER_CHAT, command))
            press = ButtonPress(OWNER, OWNER_CHAT, adapter.last_confirm)
            alias_times.append(preview + await timed(core, press))
        rows.append(row("/alias add + confirm (preview regrades 6)", alias_times))
        rows.append(
            row(
                f"answer, after {edits + len(alias_times)} edits",
                await answers(core, runs, False, question.id),
            )
        )
        rows.append(
            row(
                "answer, each right after an edit (reload)",
                await answers(core, runs, True, question.id),
            )
        )
        hooks, core.before_event = core.before_event, []
        rows.append(
            row("answer, per-event admin hooks off", await answers(core, runs, False, question.id))
        )
        core.before_event = hooks
        await database.dispose()
    print(f"Admin edits on SQLite, shipped bank ({len(core.catalog.bank.questions)} questions)")
    print(f"| {'operation':<44} | {'n':>5} | {'median ms':>8} | {'p95 ms':>8} |")
    print(f"|{'-' * 46}|{'-' * 7}|{'-' * 10}|{'-' * 10}|")
    print("\n".join(rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=100)
    options = parser.parse_args()
    asyncio.run(main(options.edits, options.runs))
