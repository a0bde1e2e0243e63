"""End-to-end load: simulated users answering interviews through Core.handle; prints a table.

Each user starts within the first second, part-way through an interview (1-20 questions left),
then runs /interview 20 after each; between, it answers, /next, answers ... until the time is up,
pausing before each message (--think, mean 0.07 s; 0 for a closed loop). Only answers are timed and
counted (grading, storage and replies into a null adapter), from the moment each was due: a
message that waits for the busy event loop waits in the latency too. SQLite runs in one process;
PostgreSQL (if reachable) with 1, 2 and 4 worker processes over one database.

    python bench/load.py                       # full table (a few minutes)
    python bench/load.py --seconds 5 --users 10 100
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_core, freeze_startup_heap, open_database
from bot.config import Config
from bot.core.events import ChatRef, Event, Text, UserRef
from bot.core.ports import SystemClock
from bot.core.replies import Reply
from bot.grading import grade

CONTENT = Path(
    __import__("os").environ.get("BENCH_CONTENT", Path(__file__).resolve().parents[1] / "content")
)
ANSWER = (
    "核心是先说明定义和原理,再讲关键步骤:输入经过线性投影得到查询、键和值,点积后除以根号 d_k 再做 "
    "softmax 得到注意力权重,对值加权求和;多头注意力在不同子空间并行计算后拼接。训练时注意过拟合,"
    "用正则化和数据增强;部署时关注延迟、吞吐量和显存,必要时做量化与蒸馏。"
)


class NullAdapter:
    platform = "bench"
    supports_modals = False

    async def start(self, handle: object) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        return "1"


def config_for(url: str) -> Config:
    base = Config()
    return replace(base, bot=replace(base.bot, database_url=url, content_dir=str(CONTENT)))


async def run_users(url: str, users: list[str], seconds: float, think: float) -> list[float]:
    """Drive `users` concurrently for `seconds`; return every answer's latency in seconds.

    Each user waits a random pause (exponential, mean `think` seconds) before each message, as a
    person would; think=0 is a closed loop that only measures saturation."""
    config = config_for(url)
    database = await open_database(config)
    core = await build_core(config, database, SystemClock())
    core.attach(NullAdapter())
    # Compile every question's aliases first (a one-off per process and question, ~10-30 ms each):
    # the table measures the steady state, not the first answer to each question.
    for question in core.catalog.active():
        grade("", question)
    freeze_startup_heap()  # as App.run does once the bot has started
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    rng = random.Random(len(users))

    async def send(user: UserRef, chat: ChatRef, text: str) -> float:
        """Send after a pause; return the latency counted from when the message was due.

        Counting from the due time, not from when this task got the CPU back, includes the
        time a message waits while the event loop is busy with other users' messages."""
        due = time.perf_counter() + (rng.expovariate(1 / think) if think > 0 else 0.0)
        await asyncio.sleep(max(0.0, due - time.perf_counter()))  # sleep(0) still yields
        await core.handle(Text(user, chat, text))
        return time.perf_counter() - due

    async def one(user_id: str) -> None:
        user = UserRef("bench", user_id, user_id)
        chat = ChatRef("bench", user_id, "private")
        # People do not all start, or finish an interview, in the same second: each starts
        # within the first second, mid-way through an interview.
        await asyncio.sleep(rng.uniform(0, 1))
        left = rng.randint(1, 20)
        await send(user, chat, f"/interview {left}")
        while time.perf_counter() < deadline:
            if left == 0:  # the interview has ended: start the next one
                left = 20
                await send(user, chat, "/interview 20")
            latencies.append(await send(user, chat, ANSWER))
            left -= 1
            await send(user, chat, "/next")

    await asyncio.gather(*(one(u) for u in users))
    await database.dispose()
    return latencies


def worker(url: str, users: list[str], seconds: float, think: float, out: mp.Queue) -> None:
    out.put(asyncio.run(run_users(url, users, seconds, think)))


async def prepare(url: str) -> None:
    """Migrate and load the bank once, so workers do not race on the first start."""
    config = config_for(url)
    database = await open_database(config)
    await build_core(config, database, SystemClock())
    await database.dispose()


def measure(
    url: str, users: int, workers: int, seconds: float, think: float
) -> tuple[int, float, float, float]:
    asyncio.run(prepare(url))
    names = [f"u{uuid.uuid4().hex[:8]}" for _ in range(users)]
    if workers == 1:
        latencies = asyncio.run(run_users(url, names, seconds, think))
    else:
        queue: mp.Queue = mp.Queue()
        shares = [names[i::workers] for i in range(workers)]
        procs = [mp.Process(target=worker, args=(url, s, seconds, think, queue)) for s in shares]
        for p in procs:
            p.start()
        latencies = [x for _ in procs for x in queue.get()]
        for p in procs:
            p.join()
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    return len(latencies), len(latencies) / seconds, p50, p99


async def make_pg_database(server: str) -> str | None:
    try:
        import asyncpg
        from sqlalchemy.engine import make_url

        url = make_url(server)
        admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
        connection = await asyncpg.connect(admin, timeout=3)
        name = f"bench_{uuid.uuid4().hex[:10]}"
        await connection.execute(f'CREATE DATABASE "{name}"')
        await connection.close()
        return url.set(database=name).render_as_string(hide_password=False)
    except Exception as exc:  # no server: the PostgreSQL rows are left out
        print(f"(PostgreSQL not reachable: {exc})", file=sys.stderr)
        return None


async def drop_pg_database(url: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(False)
    connection = await asyncpg.connect(admin)
    await connection.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
    await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--users", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--think", type=float, default=0.07, help="mean pause before each message, seconds"
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    print(
        f"{'database':<11}{'workers':>8}{'users':>7}{'answers':>9}"
        f"{'answers/s':>11}{'p50 ms':>9}{'p99 ms':>9}"
    )
    for users in args.users:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite+aiosqlite:///{tmp}/load.sqlite3"
            n, rate, p50, p99 = measure(url, users, 1, args.seconds, args.think)
            print(
                f"{'sqlite':<11}{1:>8}{users:>7}{n:>9}{rate:>11.0f}{p50:>9.1f}{p99:>9.1f}",
                flush=True,
            )
    for workers in args.workers:
        for users in args.users:
            url = asyncio.run(make_pg_database(args.postgres))
            if url is None:
                return
            try:
                n, rate, p50, p99 = measure(url, users, workers, args.seconds, args.think)
            finally:
                asyncio.run(drop_pg_database(url))
            print(
                f"{'postgresql':<11}{workers:>8}{users:>7}{n:>9}{rate:>11.0f}{p50:>9.1f}{p99:>9.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
