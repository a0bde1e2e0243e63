"""Daily-question delivery at scale on SQLite; prints a table.

100,000 subscriptions over many time zones: planning time for one minute's due set and for a
whole day (1,440 ticks); send throughput into a null adapter; send rate against a fake platform
limited to 30 messages/s (fraction of the limit, 429 count); peak memory; and a worker process
killed (-9) mid-run and restarted, with duplicates and losses counted here from what the fake
platform received.

    python bench/daily.py                  # about two minutes
    python bench/daily.py --subscriptions 20000 --paced-seconds 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from daily_platforms import Clock, LimitedPlatform, NullPlatform  # noqa: E402
from sqlalchemy import bindparam, delete, insert, select, update  # noqa: E402

from bot.app import build_core, open_database  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.core.context import Context  # noqa: E402
from bot.core.dispatcher import Core  # noqa: E402
from bot.core.handlers.daily_send import Sender, plan_window  # noqa: E402
from bot.core.ports import SystemClock  # noqa: E402
from bot.daily_time import first_due, parse_zone  # noqa: E402
from bot.storage.daily import Delivery, Subscription  # noqa: E402
from bot.storage.models import User  # noqa: E402
from bot.storage.repository import Repository  # noqa: E402

ZONES = (
    "Asia/Shanghai", "Asia/Tokyo", "Asia/Kolkata", "Asia/Singapore", "Asia/Dubai",
    "Europe/Berlin", "Europe/London", "Europe/Moscow", "Europe/Madrid", "Africa/Cairo",
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
    "America/Sao_Paulo", "America/Mexico_City", "Australia/Sydney", "Pacific/Auckland",
    "Asia/Kathmandu", "Asia/Tehran", "America/St_Johns", "UTC", "Asia/Seoul", "Asia/Jakarta",
)  # fmt: skip
START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def config_for(url: str, **daily: object) -> Config:
    base = Config()
    return replace(
        base,
        bot=replace(base.bot, database_url=url, content_dir=str(ROOT / "content")),
        daily=replace(base.daily, **daily),  # type: ignore[arg-type]
    )


async def seed(core: Core, count: int, now: datetime, *, spread: bool = True) -> None:
    """`count` people each with a subscription: spread over zones and times of day, or all
    due a minute before `now`."""
    rng = random.Random(7)
    users, subs = [], []
    for n in range(1, count + 1):
        zone_name = rng.choice(ZONES) if spread else "UTC"
        at = f"{rng.randrange(24):02}:{rng.randrange(60):02}" if spread else "09:00"
        zone = parse_zone(zone_name)
        assert zone is not None
        hour, minute = int(at[:2]), int(at[3:])
        due = (
            first_due(now, datetime.min.replace(hour=hour, minute=minute).time(), zone, 127).due_at
            if spread
            else now - timedelta(minutes=1)
        )
        users.append({"id": n, "display_name": f"u{n}", "lang": "zh", "timezone": zone_name,
                      "global_leaderboard": False, "created_at": now})  # fmt: skip
        subs.append({"owner_user_id": n, "platform": "bench", "chat_id": f"u{n}",
                     "chat_kind": "private", "track": "", "at": at, "timezone": zone_name,
                     "weekdays": 127, "paused": False, "paused_reason": "",
                     "notice_pending": False, "next_due_at": due, "created_at": now})  # fmt: skip
    async with core.database.transaction() as session:
        for first in range(0, count, 20_000):
            await session.execute(insert(User), users[first : first + 20_000])
            await session.execute(insert(Subscription), subs[first : first + 20_000])


async def plan_once(core: Core, now: datetime) -> int:
    async with core.database.transaction() as session:
        deliveries = Repository(session).deliveries
        total = 0
        while True:
            result = await deliveries.plan(now, timedelta(hours=48), 5000)
            total += result.planned + result.skipped
            if result.planned + result.skipped < 5000:
                return total


async def plan_day_at_once(core: Core) -> float:
    """The whole day's due set planned in one pass (as after a day's downtime), then undone so
    that the minute-by-minute run starts from the same state."""
    async with core.database.transaction() as session:
        saved = (await session.execute(select(Subscription.id, Subscription.next_due_at))).all()
    started = time.perf_counter()
    planned = await plan_once(core, START + timedelta(days=1))
    elapsed = time.perf_counter() - started
    async with core.database.transaction() as session:
        await session.execute(delete(Delivery))
        table = Subscription.__table__
        await session.execute(
            update(table)
            .where(table.c.id == bindparam("sid"))
            .values(next_due_at=bindparam("due")),
            [{"sid": sid, "due": due} for sid, due in saved],
        )
    assert planned >= len(saved)
    return elapsed


async def planning(core: Core, clock: Clock) -> dict[str, float]:
    """A whole day of ticks, each doing what the planning job does: wall and CPU seconds for
    the day, and the median and worst tick."""
    per_tick: list[float] = []
    passes: list[tuple[float, int]] = []  # ticks that planned: (seconds, rows)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(24 * 60):
        clock.current += timedelta(minutes=1)
        tick = time.perf_counter()
        async with core.database.transaction() as session:
            planned, skipped = await plan_window(
                Repository(session), clock.current, timedelta(hours=48)
            )
        per_tick.append(time.perf_counter() - tick)
        if planned or skipped:
            passes.append((per_tick[-1], planned + skipped))
    return {
        "day": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "tick_ms": statistics.median(per_tick) * 1000,
        "pass_ms": statistics.median(p[0] for p in passes) * 1000,
        "pass_rows": statistics.median(p[1] for p in passes),
        "passes": len(passes),
        "worst_ms": max(per_tick) * 1000,
        "rows": sum(p[1] for p in passes),
    }


async def send_for(core: Core, sample: int) -> tuple[int, float, float]:
    """Null-adapter throughput: (sent, wall seconds, CPU seconds)."""
    sender = Sender(Context(core=core, repo=None, event=None, user=None), claimer="bench")  # type: ignore[arg-type]
    started, cpu, sent = time.perf_counter(), time.process_time(), 0
    while sent < sample:
        handled = await sender.run_batch()
        if not handled:
            break
        sent += handled
    return sent, time.perf_counter() - started, time.process_time() - cpu


async def paced(core: Core, seconds: float, rate: float) -> tuple[int, float, int, float]:
    platform = LimitedPlatform(rate)
    core.attach(platform)
    sender = Sender(Context(core=core, repo=None, event=None, user=None), claimer="paced")  # type: ignore[arg-type]
    started = time.perf_counter()
    await sender.run(budget=seconds)
    elapsed = time.perf_counter() - started
    return platform.count, elapsed, platform.rejected, platform.observed_rate()


async def measure(args: argparse.Namespace, folder: Path) -> list[tuple[str, str, str]]:
    url = f"sqlite+aiosqlite:///{folder / 'daily.sqlite3'}"
    clock = Clock(START)
    config = config_for(url, max_rate=0, catch_up_hours=48)
    database = await open_database(config)
    core = await build_core(config, database, clock)
    core.attach(NullPlatform())
    began = time.perf_counter()
    await seed(core, args.subscriptions, START)
    seeded = time.perf_counter() - began
    one_pass = await plan_day_at_once(core)
    day = await planning(core, clock)
    sent, send_seconds, send_cpu = await send_for(core, args.send_sample)
    core.config = config_for(url, max_rate=args.rate, catch_up_hours=48)
    paced_sent, paced_seconds, rejected, observed = await paced(
        core, args.paced_seconds, args.rate
    )
    await database.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = args.subscriptions
    rows = [
        ("subscriptions (zones)", f"{n:,} ({len(ZONES)})", ""),
        ("seeding", f"{seeded:.1f} s", ""),
        ("planning tick (median)", f"{day['tick_ms']:.1f} ms",
         f"{day['passes']:.0f} of 1,440 ticks plan; worst tick {day['worst_ms']:.0f} ms"),
        ("planning pass (median)", f"{day['pass_ms']:.0f} ms for {day['pass_rows']:.0f} rows",
         "the next 10 minutes' due set"),
        ("plan a whole day (1,440 ticks)", f"{day['day']:.1f} s",
         f"{day['rows']:,.0f} rows, {day['cpu']:.1f} s CPU; target < 10 s"),
        ("plan a whole day (one pass)", f"{one_pass:.1f} s", "all of a day's rows at once"),
        ("send into null adapter", f"{sent / send_seconds:,.0f} /s",
         f"{sent:,} sent, {sent / send_cpu:,.0f}/s of CPU; target >= 2,000/s"),
        (f"send at {args.rate:g}/s limit", f"{observed / args.rate:.1%} of limit",
         f"as the platform saw it; {paced_sent} in {paced_seconds:.1f} s end to end "
         f"({paced_sent / paced_seconds / args.rate:.1%}), {rejected} x 429"),
        ("peak memory (RSS)", f"{peak_mb:.0f} MB", ""),
    ]  # fmt: skip
    return rows


async def crash_setup(url: str, count: int) -> None:
    config = config_for(url, max_rate=0)
    database = await open_database(config)
    core = await build_core(config, database, SystemClock())
    now = datetime.now(UTC)
    await seed(core, count, now, spread=False)
    await plan_once(core, now)
    await database.dispose()


async def crash_states(url: str) -> tuple[list[str], list[str]]:
    database = await open_database(config_for(url))
    async with database.transaction() as session:
        deliveries = Repository(session).deliveries
        sent_chats = await deliveries.chats_in_state("sent")
        unknown_chats = await deliveries.chats_in_state("unknown")
    await database.dispose()
    return sent_chats, unknown_chats


def kill_and_restart(folder: Path, count: int) -> dict[str, int]:
    """A sender process killed (-9) a third of the way through, then started again."""
    url = f"sqlite+aiosqlite:///{folder / 'crash.sqlite3'}"
    asyncio.run(crash_setup(url, count))
    log = folder / "platform.log"
    command = [sys.executable, __file__, "--worker", url, str(log)]
    victim = subprocess.Popen(command)
    while not log.exists() or log.read_bytes().count(b"\n") < count // 3:
        time.sleep(0.02)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    subprocess.run(command, check=True)
    received = Counter(log.read_text().split())
    sent_chats, unknown_chats = asyncio.run(crash_states(url))
    unknown_received = sum(1 for chat in unknown_chats if chat in received)
    # Lost = never arrived and not reported as in doubt: rows marked sent that did not arrive,
    # and rows left in any state but sent or unknown.
    left = count - len(sent_chats) - len(unknown_chats)
    return {
        "total": count,
        "once": sum(1 for v in received.values() if v == 1),
        "duplicates": sum(v - 1 for v in received.values() if v > 1),
        "unknown": len(unknown_chats),
        "unknown_received": unknown_received,
        "lost": left + sum(1 for chat in sent_chats if chat not in received),
    }


async def worker(url: str, log: str) -> None:
    """A sender process with a short claim timeout, running until nothing is left."""
    config = config_for(url, max_rate=0, claim_timeout=2)
    database = await open_database(config)
    core = await build_core(config, database, SystemClock())
    core.attach(NullPlatform(log))
    sender = Sender(
        Context(core=core, repo=None, event=None, user=None), claimer=f"w{os.getpid()}"
    )  # type: ignore[arg-type]
    idle = 0
    while idle < 10:
        if await sender.run(budget=60):
            idle = 0
            continue
        async with database.transaction() as session:
            states = await Repository(session).deliveries.counts_by_state()
        busy = any(states.get(s, 0) for s in ("pending", "claimed", "sending"))
        idle = 0 if busy else idle + 1
        await asyncio.sleep(0.2)
    await database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--send-sample", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--paced-seconds", type=float, default=10.0)
    parser.add_argument("--crash-deliveries", type=int, default=10_000)
    parser.add_argument("--worker", nargs=2, metavar=("URL", "LOG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        asyncio.run(worker(*args.worker))
        return
    with tempfile.TemporaryDirectory() as folder:
        rows = asyncio.run(measure(args, Path(folder)))
        crash = kill_and_restart(Path(folder), args.crash_deliveries)
    rows.append(
        ("kill -9 mid-run + restart", f"{crash['duplicates']} dup, {crash['lost']} lost",
         f"{crash['total']:,} due, {crash['once']:,} received once, "
         f"{crash['unknown']} in doubt (unknown, {crash['unknown_received']} had arrived)"),
    )  # fmt: skip
    print(f"{'measure':<32}{'result':<28}notes")
    for name, value, note in rows:
        print(f"{name:<32}{value:<28}{note}")


if __name__ == "__main__":
    main()
