"""Telegram adapter overhead per update: the same answers through Core.handle and through PTB.

Answers go (1) straight into Core.handle with a null adapter, and (2) as Telegram update JSON
through the real TelegramAdapter (Update.de_json, process_update, the update-id dedupe insert,
HTML rendering, the rate limiter and PTB's request building) against an in-process fake Bot API
with no network latency. The difference is what the adapter adds to each update. The rate limiter
is left out (it holds sends to Telegram's 30 messages a second, which is not overhead).

    python bench/telegram.py                  # SQLite file, 300 answers
    python bench/telegram.py --answers 1000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

# The repository root instead of bench/, where this file would shadow the telegram package.
sys.path[:1] = [str(Path(__file__).resolve().parents[1])]

from telegram import Update  # noqa: E402

from bench.load import ANSWER, NullAdapter, config_for  # noqa: E402
from bot.adapters.telegram_sending import NO_PACING  # noqa: E402
from bot.app import build_core, open_database  # noqa: E402
from bot.core.events import ChatRef, Text, UserRef  # noqa: E402
from bot.core.ports import SystemClock  # noqa: E402
from bot.storage.telegram_updates import TelegramUpdateQueries  # noqa: E402
from tests.telegram_fakes import FakeBotApi, make_adapter  # noqa: E402
from tests.telegram_people import Person, Updates, private_chat  # noqa: E402


def ms(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def run(answers: int, url: str) -> list[tuple[str, list[float]]]:
    config = config_for(url)
    database = await open_database(config)
    core = await build_core(config, database, SystemClock())
    rows: list[tuple[str, list[float]]] = []
    try:
        # (1) The core alone: answers typed by a user, replies into a null adapter.
        null = NullAdapter()
        core.attach(null)  # type: ignore[arg-type]
        user = UserRef("bench", "u1", "U")
        chat = ChatRef.private_to(user)
        core_times: list[float] = []
        while len(core_times) < answers:
            await core.handle(Text(user, chat, "/interview 20"))
            for _ in range(20):
                started = time.perf_counter()
                await core.handle(Text(user, chat, ANSWER))
                core_times.append(time.perf_counter() - started)
                await core.handle(Text(user, chat, "/next"))
        rows.append(("Core.handle only", core_times))

        # (2) The same through the Telegram adapter and a fake Bot API.
        api = FakeBotApi()
        adapter = make_adapter(core, api, NO_PACING, rate_limit=False)
        await adapter.start(core.handle)
        updates, person = Updates(api), Person(42, "Bench")
        bot = adapter.application.bot

        async def feed(text: str) -> float:
            data = updates.message(person, private_chat(person), text)
            started = time.perf_counter()
            await adapter.application.process_update(Update.de_json(data, bot))
            return time.perf_counter() - started

        adapter_times: list[float] = []
        try:
            while len(adapter_times) < answers:
                await feed("/interview 20")
                for _ in range(20):
                    adapter_times.append(await feed(ANSWER))
                    await feed("/next")
            rows.append(("through TelegramAdapter", adapter_times))

            dedupe: list[float] = []
            for update_id in range(10**9, 10**9 + answers):
                started = time.perf_counter()
                async with core.database.transaction() as session:
                    await TelegramUpdateQueries(session).claim(update_id, core.clock.now())
                dedupe.append(time.perf_counter() - started)
            rows.append(("  of which: update-id dedupe", dedupe))
        finally:
            await adapter.stop()
    finally:
        await database.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        rows = asyncio.run(run(args.answers, url))
    print(f"Telegram adapter overhead per answer ({args.answers} answers, SQLite, one at a time)")
    print(f"{'path':<30} {'mean ms':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for name, samples in rows:
        mean = statistics.fmean(samples) * 1000
        print(f"{name:<30} {mean:>8.2f} {ms(samples, 0.5):>8.2f} {ms(samples, 0.99):>8.2f}")
    core_mean = statistics.fmean(rows[0][1]) * 1000
    adapter_mean = statistics.fmean(rows[1][1]) * 1000
    print(f"{'adapter overhead':<30} {adapter_mean - core_mean:>8.2f}")


if __name__ == "__main__":
    main()
