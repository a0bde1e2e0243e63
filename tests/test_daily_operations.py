"""What an operator sees of daily deliveries: the status command, metrics, log lines, pacing."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.config import Config
from bot.core.dispatcher import Core
from bot.core.handlers.daily_send import Pacer
from bot.daily_cli import status
from tests.daily_support import dailies, states, tick, unpaced
from tests.recording import ChatDriver, FrozenClock, RecordingAdapter


async def test_status_lists_each_day_by_state_and_the_oldest_pending(
    chat_for: Callable[..., ChatDriver],
    core: Core,
    adapter: RecordingAdapter,
    clock: FrozenClock,
    config: Config,
    capsys: pytest.CaptureFixture[str],
) -> None:
    unpaced(core)
    for name in ("a", "b", "c"):
        await chat_for(name).say("/subscribe 09:30")
    adapter.unavailable.add("c")
    clock.advance(minutes=30)
    await tick(core)
    clock.advance(days=1)
    await core.run_job(core.jobs[1])  # planned, not sent yet
    await status(config, now=clock.now() + timedelta(minutes=5))
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["local", "date", "planned", "sent"]
    # "c" blocked the bot on day one, so its subscription paused and day two has two.
    assert lines[1].split() == ["2026-03-03", "2", "0", "0", "0", "0", "0", "2", "0"]
    assert lines[2].split() == ["2026-03-02", "3", "2", "0", "1", "0", "0", "0", "0"]
    assert "oldest pending delivery: due 2026-03-03 01:30 UTC (5 min ago)" in out


async def test_metrics_count_deliveries_by_state_and_log_one_line_per_batch(
    chat_for: Callable[..., ChatDriver],
    core: Core,
    adapter: RecordingAdapter,
    clock: FrozenClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    unpaced(core)
    for name in ("a", "b"):
        await chat_for(name).say("/subscribe 09:30")
    clock.advance(minutes=30)
    caplog.set_level(logging.INFO, logger="bot.core.handlers.daily_send")
    await tick(core)
    batches = [r.getMessage() for r in caplog.records if "daily batch" in r.getMessage()]
    assert len(batches) == 1 and "2 deliveries (2 sent)" in batches[0] and "/s" in batches[0]
    body = core.metrics.render(await core.gauges())
    assert 'bot_deliveries{state="sent"} 2' in body
    assert 'bot_deliveries_total{state="sent"} 2' in body
    assert "bot_delivery_queue_age_seconds 0" in body
    # A planned row nobody sends ages in the queue (the gauge reads the wall clock).
    clock.advance(days=1)
    await core.run_job(core.jobs[1])
    gauges = await core.gauges()
    assert gauges['bot_deliveries{state="pending"}'] == 2
    assert gauges["bot_delivery_queue_age_seconds"] > 0


class FlakyPlatform(RecordingAdapter):
    """Answers "retry after" once, fails hard for one chat, and is slow for none."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    async def send(self, chat, reply, *, origin=None):  # type: ignore[no-untyped-def]
        self.calls.append(chat.id)
        if chat.id == "broken":
            raise RuntimeError("Bad Request: chat not found")
        if chat.id == "busy" and self.calls.count("busy") == 1:
            error = RuntimeError("Flood control exceeded")
            error.retry_after = 0.2  # type: ignore[attr-defined]
            raise error
        return await super().send(chat, reply, origin=origin)


async def test_retry_after_is_honoured_and_one_failing_chat_does_not_stop_others(
    chat_for: Callable[..., ChatDriver], core: Core, clock: FrozenClock
) -> None:
    unpaced(core)
    platform = FlakyPlatform()
    for name in ("broken", "busy", "fine"):
        await chat_for(name).say("/subscribe 09:30")
    core.attach(platform)  # the same platform, now with its failures
    clock.advance(minutes=30)
    started = time.monotonic()
    await tick(core)
    assert time.monotonic() - started >= 0.2
    assert (await states(core)) == {"sent": 2, "failed": 1}
    assert len(dailies(platform)) == 2
    assert platform.calls.count("busy") == 2


async def test_pacer_keeps_sends_apart() -> None:
    pacer = Pacer(rate=50)
    stamps = []
    for _ in range(11):
        await pacer.wait()
        stamps.append(time.monotonic())
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) >= 0.0195
    assert 0.19 <= stamps[-1] - stamps[0] < 0.4
    pacer.hold(0.1)
    before = time.monotonic()
    await pacer.wait()
    assert time.monotonic() - before >= 0.095
