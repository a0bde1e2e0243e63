"""Daily delivery jobs: plan due rows each minute, then claim, send (paced) and mark them."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.core.context import Context
from bot.core.handlers.daily_content import Prepared, prepare
from bot.core.ports import RecipientUnavailable
from bot.storage.repository import Repository

log = logging.getLogger(__name__)
CHUNK = 20  # rows marked "sending" at a time: the most a crash can leave in doubt
PLAN_LIMIT = 5000
PLAN_TRIGGER = timedelta(minutes=1)
PLAN_AHEAD = timedelta(minutes=10)
SEND_TIMEOUT = 30.0
MAX_RETRIES = 3
TIME_BUDGET = 45.0  # seconds per tick, so that planning runs again within the next minute
# A claimed batch: prepared rows, and ids of rows with nothing to send (no question left).
Batch = tuple[list[Prepared], list[int]]
Result = tuple[Prepared, str, str]  # a sent row: its state, and message id or error


class Pacer:
    """Spaces sends at least 1/rate apart (measured from the previous send), and waits out a
    platform's "retry after" for everyone, since that limit is the bot's, not one chat's."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0

    async def wait(self) -> None:
        delay = self._next - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        self._next = time.monotonic() + self.interval

    def hold(self, seconds: float) -> None:
        self._next = max(self._next, time.monotonic() + seconds)


def _retry_after(exc: BaseException) -> float | None:
    value = getattr(exc, "retry_after", None)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def claimer_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


async def plan_due(ctx: Context) -> None:
    """Job: insert the deliveries that are due (idempotent)."""
    catch_up = timedelta(hours=ctx.config.daily.catch_up_hours)
    planned, skipped = await plan_window(ctx.repo, ctx.now(), catch_up)
    if planned or skipped:
        log.info("daily: planned %d deliveries, %d missed days skipped", planned, skipped)
    if skipped:
        ctx.core.metrics.inc("bot_deliveries_total", skipped, state="skipped")


async def plan_window(repo: Repository, now: datetime, catch_up: timedelta) -> tuple[int, int]:
    """When something is due within a minute, plan everything due in the next PLAN_AHEAD:
    one planning write every few minutes instead of every minute. (planned, skipped)."""
    soonest = await repo.deliveries.soonest_due()
    if soonest is None or soonest > now + PLAN_TRIGGER:
        return 0, 0
    planned = skipped = 0
    while True:
        result = await repo.deliveries.plan(now, catch_up, PLAN_LIMIT, PLAN_AHEAD)
        planned, skipped = planned + result.planned, skipped + result.skipped
        if result.subscriptions < PLAN_LIMIT:
            return planned, skipped


async def send_due(ctx: Context) -> None:
    """Job: runs outside any transaction (ctx.repo is None) because it opens its own short
    ones: claim, then per chunk mark "sending", send, mark the outcome."""
    await Sender(ctx).run()


send_due.own_transactions = True  # type: ignore[attr-defined]


class Sender:
    def __init__(self, ctx: Context, claimer: str = "", pacer: Pacer | None = None) -> None:
        self.core = ctx.core
        self.daily = ctx.config.daily
        self.claimer = claimer or claimer_name()
        self.pacer = pacer or Pacer(self.daily.max_rate)

    async def run(self, budget: float = TIME_BUDGET) -> int:
        """Send until nothing is due or the time budget is spent; returns rows handled."""
        started, handled = time.monotonic(), 0
        await self.recover()
        batch = await self.claim()
        while batch[0] or batch[1]:
            # Claim the next batch while this one is on the wire: a paced sender never idles.
            upcoming = asyncio.create_task(self.claim())
            try:
                handled += await self.send_batch(*batch)
            except Exception:
                await self.release(await upcoming)  # not left claimed until the timeout
                raise
            batch = await upcoming
            if time.monotonic() - started >= budget:
                await self.release(batch)
                break
        return handled

    async def release(self, batch: Batch) -> None:
        ids = [p.claimed.delivery_id for p in batch[0]]
        if ids:
            async with self.core.database.transaction() as session:
                await Repository(session).deliveries.release(ids, self.claimer,
                                                             self.core.clock.now())  # fmt: skip

    async def recover(self) -> None:
        now = self.core.clock.now()
        async with self.core.database.transaction() as session:
            deliveries = Repository(session).deliveries
            timeout = timedelta(seconds=self.daily.claim_timeout)
            requeued, unknown = await deliveries.recover(now, timeout)
            late = await deliveries.skip_late(now, timedelta(hours=self.daily.catch_up_hours))
        if requeued or unknown or late:
            log.warning(
                "daily: recovered %d claimed rows, %d in-doubt rows marked unknown, %d skipped "
                "as too late", requeued, unknown, late,
            )  # fmt: skip
        for state, count in (("unknown", unknown), ("skipped", late)):
            if count:
                self.core.metrics.inc("bot_deliveries_total", count, state=state)

    async def run_batch(self) -> int:
        """Claim one batch and send it; returns how many rows were claimed."""
        return await self.send_batch(*await self.claim())

    async def send_batch(self, items: list[Prepared], empty: list[int]) -> int:
        started = time.perf_counter()
        if not items and not empty:
            return 0
        counts: dict[str, int] = {"failed": len(empty)} if empty else {}
        previous: list[Result] = []
        for first in range(0, len(items), CHUNK):
            chunk = items[first : first + CHUNK]
            # One transaction records the last chunk's outcomes and puts this one on the wire.
            held = await self.settle(previous, [p.claimed.delivery_id for p in chunk])
            previous = []
            for item in chunk:
                if item.claimed.delivery_id not in held:
                    continue  # recovered by another worker meanwhile: not ours any more
                state, detail = await self.send_one(item)
                previous.append((item, state, detail))
                counts[state] = counts.get(state, 0) + 1
        await self.settle(previous, [])
        total = len(items) + len(empty)
        elapsed = time.perf_counter() - started
        log.info(
            "daily batch: %d deliveries (%s) in %.2f s, %.0f/s", total,
            ", ".join(f"{n} {state}" for state, n in sorted(counts.items())), elapsed,
            total / elapsed if elapsed else 0.0,
        )  # fmt: skip
        for state, n in counts.items():
            self.core.metrics.inc("bot_deliveries_total", n, state=state)
        return total

    async def claim(self) -> Batch:
        """Claimed and prepared rows, plus ids of rows with nothing to send (no question)."""
        now = self.core.clock.now()
        platforms = list(self.core.adapters)
        if not platforms:
            return [], []
        async with self.core.database.transaction() as session:
            repo = Repository(session)
            rows = await repo.deliveries.claim(now, self.claimer, self.daily.batch_size, platforms)
            if not rows:
                return [], []
            ctx = Context(core=self.core, repo=repo, event=None, user=None)
            items = await prepare(ctx, rows)
            await repo.deliveries.set_content(
                [(p.claimed.delivery_id, p.question_id, p.target_id) for p in items]
            )
            ready = {p.claimed.delivery_id for p in items}
            empty = [r.delivery_id for r in rows if r.delivery_id not in ready]
            if empty:
                await repo.deliveries.start_sending(empty, self.claimer)
                await repo.deliveries.finish([(d, "failed", "no question") for d in empty], now)
        return items, empty

    async def settle(self, results: Sequence[Result], next_ids: Sequence[int]) -> set[int]:
        """Mark sent rows' outcomes, then mark the next chunk "sending"; the ids now held."""
        now = self.core.clock.now()
        outcomes = [(p.claimed.delivery_id, s, "" if s == "sent" else d) for p, s, d in results]
        posted = {p.round_id: d for p, s, d in results if s == "sent" and p.round_id is not None}
        unavailable = [p.claimed.subscription_id for p, s, _ in results if s == "unavailable"]
        async with self.core.database.transaction() as session:
            repo = Repository(session)
            if outcomes:
                await repo.deliveries.finish(outcomes, now)
                not_sent = [d for d, state, _ in outcomes if state != "sent"]
                await repo.deliveries.void_targets(not_sent, now)
                await repo.deliveries.pause_unavailable(unavailable)
            for round_id, message_id in posted.items():
                round_ = await repo.rounds.get(round_id)
                if round_ is not None:
                    round_.message_id = message_id
            if not next_ids:
                return set()
            return await repo.deliveries.start_sending(next_ids, self.claimer)

    async def send_one(self, item: Prepared) -> tuple[str, str]:
        """("sent", message id) or (failure state, reason). One chat's error stays its own."""
        adapter = self.core.adapters.get(item.chat.platform)
        if adapter is None:
            return "failed", "no adapter"
        for _ in range(MAX_RETRIES + 1):
            await self.pacer.wait()
            try:
                async with asyncio.timeout(SEND_TIMEOUT):
                    message_id = await adapter.send(item.chat, item.reply)
            except RecipientUnavailable:
                self.core.metrics.inc(
                    "bot_send_errors_total", platform=item.chat.platform, kind="unavailable"
                )
                return "unavailable", "recipient unavailable"
            except Exception as exc:  # a platform error for this chat only
                wait = _retry_after(exc)
                kind = type(exc).__name__
                self.core.metrics.inc("bot_send_errors_total", platform=item.chat.platform,
                                      kind=kind)  # fmt: skip
                if wait is not None:
                    self.pacer.hold(wait)
                    continue
                log.warning("daily: sending to a %s chat failed: %s", item.chat.platform, kind)
                return "failed", kind
            self.core.metrics.inc("bot_messages_sent_total", platform=item.chat.platform)
            return "sent", message_id or ""
        return "failed", "retry limit"


async def delivery_gauges(repo: Repository) -> dict[str, float]:
    """Deliveries by state and the age of the oldest pending one, read at scrape time."""
    counts = await repo.deliveries.counts_by_state()
    now = datetime.now(UTC)
    oldest = await repo.deliveries.oldest_pending(now)
    age = (now - oldest).total_seconds() if oldest else 0.0
    values = {f'bot_deliveries{{state="{state}"}}': float(n) for state, n in counts.items()}
    values["bot_delivery_queue_age_seconds"] = max(0.0, age)
    return values
