"""What an operator sees: JSON log lines without raw ids or tokens, /healthz and /metrics."""

from __future__ import annotations

import json
import logging

import aiohttp
import pytest

from bot.core.dispatcher import Core
from bot.http_server import HealthServer
from bot.logging_setup import JsonFormatter
from tests.recording import ChatDriver


async def test_each_event_logs_one_json_line_with_a_user_hash(
    alice: ChatDriver, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.core.dispatcher")
    await alice.say("/interview python 1")
    records = [r for r in caplog.records if hasattr(r, "fields")]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["handler"] == "command:interview"
    assert line["outcome"] == "ok"
    assert line["event"] == "text"
    assert line["duration_ms"] >= 0
    assert line["user"] == core.user_hash("test", "alice")
    assert "alice" not in json.dumps(line)


async def test_health_and_metrics_endpoints(alice: ChatDriver, core: Core) -> None:
    await alice.say("/interview python 1")
    await alice.say("GIL 是全局解释器锁,同一时刻只有一个线程执行字节码。")
    server = HealthServer(core, "127.0.0.1", 0)
    await server.start()
    try:
        port = server._runner.addresses[0][1]
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
                assert (await response.json())["database"] is True
            async with http.get(f"http://127.0.0.1:{port}/metrics") as response:
                body = await response.text()
    finally:
        await server.stop()
    assert 'bot_updates_total{kind="text",outcome="ok"} 2' in body
    assert "bot_answers_graded_total 1" in body
    assert "bot_grading_seconds_count 1" in body
    assert 'bot_open{kind="interviews"} 1' in body  # answered, waiting for "next"
