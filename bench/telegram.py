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


async def run(answers: int, url: str) -> dict[str, list[float]]:
    """Answers alternate between the two paths, so a busy machine slows both alike."""
    config = config_for(url)
    database = await open_database(config)
    core = await build_core(config, database, SystemClock())
    core.attach(NullAdapter())  # type: ignore[arg-type]
    api = FakeBotApi()
    adapter = make_adapter(core, api, NO_PACING, rate_limit=False)
    await adapter.start(core.handle)
    user = UserRef("bench", "u1", "U")
    person = Person(42, "Bench")
    updates, bot = Updates(api), adapter.application.bot

    async def direct(text: str) -> float:
        started = time.perf_counter()
        await core.handle(Text(user, ChatRef.private_to(user), text))
        return time.perf_counter() - started

    async def via_telegram(text: str) -> float:
        data = updates.message(person, private_chat(person), text)
        started = time.perf_counter()
        await adapter.application.process_update(Update.de_json(data, bot))
        return time.perf_counter() - started

    async def dedupe(update_id: int) -> float:
        started = time.perf_counter()
        async with core.database.transaction() as session:
            await TelegramUpdateQueries(session).claim(update_id, core.clock.now())
        return time.perf_counter() - started

    samples: dict[str, list[float]] = {"core": [], "telegram": [], "dedupe": []}
    try:
        while len(samples["core"]) < answers:
            await direct("/interview 20")
            await via_telegram("/interview 20")
            for _ in range(20):
                samples["core"].append(await direct(ANSWER))
                samples["telegram"].append(await via_telegram(ANSWER))
                samples["dedupe"].append(await dedupe(10**9 + len(samples["dedupe"])))
                await direct("/next")
                await via_telegram("/next")
    finally:
        await adapter.stop()
        await database.dispose()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        samples = asyncio.run(run(args.answers, url))
    print(f"Telegram adapter overhead per answer ({args.answers} answers, SQLite, one at a time)")
    print(f"{'path':<30} {'mean ms':>8} {'p50 ms':>8} {'p99 ms':>8}")
    rows = [
        ("Core.handle only", samples["core"]),
        ("through TelegramAdapter", samples["telegram"]),
        ("  of which: update-id dedupe", samples["dedupe"]),
        ("overhead (paired difference)",
         [t - c for t, c in zip(samples["telegram"], samples["core"], strict=True)]),
    ]  # fmt: skip
    for name, values in rows:
        mean = statistics.fmean(values) * 1000
        print(f"{name:<30} {mean:>8.2f} {ms(values, 0.5):>8.2f} {ms(values, 0.99):>8.2f}")


if __name__ == "__main__":
    main()
