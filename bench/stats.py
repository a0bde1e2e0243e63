"""Progress views at scale: /stats (text, chart), /leaderboard (chat, global); prints a table.

10,000 users and 1,000,000 answered attempts over 180 days in one SQLite file, plus 20 group
chats with 300 rounds each; 10% of users are on the global leaderboard. The file is built once
with bulk inserts and kept in /tmp (pass --rebuild to make it again). Every timing goes through
Core.handle into a null adapter, so it includes the user lookup, the transaction and, for the
chart, the rendering.

    python bench/stats.py                  # build (about a minute the first time), then measure
    python bench/stats.py --runs 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_core, open_database
from bot.bank import load_bank
from bot.config import Config
from bot.core.events import ChatRef, Event, Text, UserRef
from bot.core.replies import Reply
from bot.storage.practice import slot_of

DB = Path("/tmp/interview-bench-stats-v5.sqlite3")
CONTENT = Path(__file__).resolve().parents[1] / "content"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
USERS, ATTEMPTS, DAYS = 10_000, 1_000_000, 180
CHATS, ROUNDS_PER_CHAT, MEMBERS_PER_CHAT = 20, 300, 60
OPT_IN_SHARE = 0.10


class FixedClock:
    def now(self) -> datetime:
        return NOW


class NullAdapter:
    platform = "bench"
    supports_modals = False

    def __init__(self) -> None:
        self.attachments = 0

    async def start(self, handle: object) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        self.attachments += len(reply.attachments)
        return "1"


def config() -> Config:
    base = Config()
    url = f"sqlite+aiosqlite:///{DB}"
    return replace(base, bot=replace(base.bot, database_url=url, content_dir=str(CONTENT)))


def stamp(moment: datetime) -> str:
    """SQLAlchemy's SQLite DateTime text for an aware UTC moment."""
    return moment.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


async def prepare_schema() -> None:
    """Schema and content through the bot itself."""
    database = await open_database(config())
    await build_core(config(), database, FixedClock())
    await database.dispose()


def build() -> None:
    """A fresh file: the schema, then the history with plain bulk inserts."""
    DB.unlink(missing_ok=True)
    asyncio.run(prepare_schema())
    questions = [q for q in load_bank(CONTENT).questions if q.enabled]
    rng = random.Random(7)
    started = time.perf_counter()
    db = sqlite3.connect(DB)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    created = stamp(NOW - timedelta(days=DAYS))
    db.executemany(
        "INSERT INTO users (id, display_name, lang, timezone, global_leaderboard, created_at) "
        "VALUES (?, ?, 'zh', ?, ?, ?)",
        [(i, f"user{i}", rng.choice(["", "Europe/Berlin", "America/New_York"]),
          rng.random() < OPT_IN_SHARE, created) for i in range(1, USERS + 1)],
    )  # fmt: skip
    db.executemany(
        "INSERT INTO identities (user_id, platform, platform_user_id, private_chat, "
        "dm_unavailable) VALUES (?, 'bench', ?, 1, 0)",
        [(i, f"u{i}") for i in range(1, USERS + 1)],
    )
    slots: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    days: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    batch = []
    for n in range(ATTEMPTS):
        user = rng.randint(1, USERS)
        question = rng.choice(questions)
        # Recent days are busier; every user's answers land in a few sessions a week.
        when = NOW - timedelta(days=DAYS * rng.random() ** 1.5, minutes=rng.randint(0, 59))
        points = [p.id for p in question.key_points]
        hits = [p for p in points if rng.random() < 0.6]
        score = round(100 * len(hits) / len(points))
        misses = [p for p in points if p not in hits]
        batch.append((user, question.id, question.track, score, json.dumps(hits),
                      json.dumps(misses), stamp(when)))  # fmt: skip
        for table, key in ((slots, stamp(slot_of(when))), (days, when.date().isoformat())):
            table[(user, key)][0] += 1
            table[(user, key)][1] += score
        if len(batch) == 50_000 or n == ATTEMPTS - 1:
            db.executemany(
                "INSERT INTO attempts (user_id, question_id, track, outcome, score, max_score, "
                "hits, misses, mode, platform, chat_id, answer_chars, created_at) "
                "VALUES (?, ?, ?, 'answered', ?, 100, ?, ?, 'interview', 'bench', '', 200, ?)",
                batch,
            )
            batch.clear()
    db.executemany(
        "INSERT INTO practice_slots (user_id, slot, answers, score_sum) VALUES (?, ?, ?, ?)",
        [(u, s, a, total) for (u, s), (a, total) in slots.items()],
    )
    db.executemany(
        "INSERT INTO practice_days (user_id, day, answers, score_sum) VALUES (?, ?, ?, ?)",
        [(u, d, a, total) for (u, d), (a, total) in days.items()],
    )
    totals: dict[int, list] = {}
    for (u, d), (a, total) in days.items():
        entry = totals.setdefault(u, [0, 0, 0, d])
        entry[0], entry[1], entry[2], entry[3] = (
            entry[0] + a,
            entry[1] + total,
            entry[2] + 1,
            min(entry[3], d),
        )
    db.executemany(
        "INSERT INTO practice_totals (user_id, answers, score_sum, days, first_day) "
        "VALUES (?, ?, ?, ?, ?)",
        [(u, *values) for u, values in totals.items()],
    )
    answers = []
    for chat in range(CHATS):
        members = rng.sample(range(1, USERS + 1), MEMBERS_PER_CHAT)
        for r in range(ROUNDS_PER_CHAT):
            opened = NOW - timedelta(days=DAYS * r / ROUNDS_PER_CHAT, hours=rng.random())
            cursor = db.execute(
                "INSERT INTO rounds (platform, chat_id, question_id, kind, lang, message_id, "
                "status, started_at, closes_at) VALUES ('bench', ?, ?, 'quiz', 'zh', '', "
                "'revealed', ?, ?)",
                (f"g{chat}", rng.choice(questions).id, stamp(opened),
                 stamp(opened + timedelta(minutes=5))),
            )  # fmt: skip
            for member in rng.sample(members, rng.randint(5, 25)):
                answered = stamp(opened + timedelta(seconds=rng.randint(1, 299)))
                answers.append((cursor.lastrowid, member, rng.randint(0, 100), answered))
    db.executemany(
        "INSERT INTO round_answers (round_id, user_id, score, hits, created_at) "
        "VALUES (?, ?, ?, '[]', ?)",
        answers,
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()
    print(f"built {DB} in {time.perf_counter() - started:.0f} s "
          f"({len(slots):,} practice slots, {len(answers):,} round answers)")  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(runs: int) -> list[tuple[str, float, float, int]]:
    database = await open_database(config())
    core = await build_core(config(), database, FixedClock())
    adapter = NullAdapter()
    core.attach(adapter)
    rng = random.Random(11)
    cases = [
        ("/stats text", "/stats text", False, runs),
        ("/stats (with chart)", "/stats", False, max(10, runs // 2)),
        ("/leaderboard week (chat)", "/leaderboard week", True, runs),
        ("/leaderboard all (chat)", "/leaderboard all", True, runs),
        ("/leaderboard global week", "/leaderboard global week", False, runs),
        ("/leaderboard global all", "/leaderboard global all", False, max(10, runs // 2)),
    ]
    rows = []
    for label, text, in_group, count in cases:
        timings = []
        for n in range(count + 3):
            uid = f"u{rng.randint(1, USERS)}"
            chat = (
                ChatRef("bench", f"g{rng.randrange(CHATS)}", "group")
                if in_group
                else ChatRef("bench", uid, "private")
            )
            started = time.perf_counter()
            await core.handle(Text(UserRef("bench", uid, uid), chat, text))
            if n >= 3:  # the first calls warm caches (fonts, statements)
                timings.append((time.perf_counter() - started) * 1000)
        rows.append((label, statistics.median(timings), percentile(timings, 0.99), count))
    await database.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed calls per row")
    parser.add_argument("--rebuild", action="store_true", help="make the database again")
    args = parser.parse_args()
    if args.rebuild or not DB.exists():
        build()
    rows = asyncio.run(measure(args.runs))
    print(f"\n{USERS:,} users, {ATTEMPTS:,} attempts, {CHATS} chats x {ROUNDS_PER_CHAT} rounds "
          f"(SQLite, one process)\n")  # fmt: skip
    print(f"| {'command':<26} | {'p50 ms':>7} | {'p99 ms':>7} | {'calls':>5} |")
    print(f"|{'-' * 28}|{'-' * 9}|{'-' * 9}|{'-' * 7}|")
    for label, p50, p99, count in rows:
        print(f"| {label:<26} | {p50:7.1f} | {p99:7.1f} | {count:5d} |")


if __name__ == "__main__":
    main()
