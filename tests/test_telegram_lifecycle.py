"""Telegram start-up and delivery: a local Bot API server, the polling lease, webhooks, dedupe."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from bot.adapters.telegram_adapter import TelegramAdapter
from bot.adapters.telegram_sending import NO_PACING
from bot.app import StartupError
from bot.core.dispatcher import Core
from bot.core.events import ChatRef
from bot.core.replies import Reply
from tests.recording import FrozenClock
from tests.telegram_fakes import TOKEN, Call, FakeBotApi, FakeRequest, TelegramWorld, make_adapter
from tests.telegram_people import ALICE, BOB, Updates, private_chat
from tests.telegram_server import LocalBotApi
from tests.test_telegram_private import good_answer


async def eventually(check: Callable[[], Any]) -> Any:
    """Wait (at most 10 s) until `check` returns something."""
    async with asyncio.timeout(10):
        while True:
            found = check()
            if found:
                return found
            await asyncio.sleep(0.02)


def texts_to(api: FakeBotApi, chat_id: int, needle: str) -> list[Call]:
    return [c for c in api.sent(chat_id) if needle in c.text]


async def test_the_real_adapter_polls_a_local_bot_api_server_and_never_logs_the_token(
    core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api = FakeBotApi(poll_wait=0.2)
    updates = Updates(api)
    async with LocalBotApi(api, TOKEN) as server:
        section = replace(
            core.config.telegram, token=TOKEN, api_url=f"{server.url}/bot",
            file_url=f"{server.url}/file/bot",
        )  # fmt: skip
        adapter = TelegramAdapter(section, core, pacing=NO_PACING, poll_timeout=1.0)
        core.attach(adapter)
        await adapter.start(core.handle)
        try:
            assert adapter.is_connected()
            api.pending.append(updates.message(ALICE, private_chat(ALICE), "/start"))
            await eventually(lambda: texts_to(api, ALICE.id, "Alice"))
            api.pending.append(updates.message(ALICE, private_chat(ALICE), "/interview python 1"))
            [question] = await eventually(lambda: texts_to(api, ALICE.id, "第 1/1 题"))
            answer = updates.message(ALICE, private_chat(ALICE), good_answer(question.text))
            api.pending.append(answer)
            await eventually(lambda: texts_to(api, ALICE.id, "得分:100/100"))
        finally:
            await adapter.stop()
    methods = [c.method for c in api.calls]
    assert methods[0] == "getMe"
    assert {"setMyCommands", "deleteWebhook"} <= set(methods)
    assert api.polls >= 3
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    assert any(r.name.startswith("bot.adapters.telegram") for r in caplog.records)


async def test_a_wrong_token_or_an_unreachable_server_is_a_clear_start_up_error(
    core: Core,
) -> None:
    api = FakeBotApi()
    async with LocalBotApi(api, "other:token") as server:
        section = replace(core.config.telegram, token=TOKEN, api_url=f"{server.url}/bot")
        with pytest.raises(StartupError, match="rejected the bot token"):
            await TelegramAdapter(section, core).start(core.handle)
        url = server.url
    section = replace(core.config.telegram, token=TOKEN, api_url=f"{url}/bot")
    with pytest.raises(StartupError, match=r"cannot reach the Telegram Bot API at 127\.0\.0\.1"):
        await TelegramAdapter(section, core).start(core.handle)


async def test_the_polling_lease_moves_to_a_second_adapter_when_the_first_stops_renewing(
    core: Core, clock: FrozenClock
) -> None:
    first_api, second_api = FakeBotApi(), FakeBotApi()
    first, second = make_adapter(core, first_api), make_adapter(core, second_api)
    await first.start(core.handle)
    await second.start(core.handle)
    try:
        assert first.application.updater.running  # type: ignore[union-attr]
        assert not second.application.updater.running  # type: ignore[union-attr]
        await eventually(lambda: first_api.polls)
        assert second_api.polls == 0

        # The first worker hangs: it stops renewing. Once its lease lapses, the second polls.
        clock.advance(seconds=31)
        assert await second.lease.step()  # type: ignore[union-attr]
        await eventually(lambda: second_api.polls)
        assert await first.lease.step() is False  # type: ignore[union-attr]
        assert not first.application.updater.running  # type: ignore[union-attr]
    finally:
        await first.stop()
        await second.stop()


async def test_an_update_delivered_twice_is_handled_once(tg: TelegramWorld) -> None:
    update = tg.updates.message(ALICE, private_chat(ALICE), "/tracks")
    first = await tg.feed(update)
    assert first
    assert await tg.feed(update) == []


async def webhook_adapter(core: Core, api: FakeBotApi, **section: Any) -> TelegramAdapter:
    values = {"webhook_url": "https://bot.example.org/tg/hook", "listen": "127.0.0.1", "port": 0,
              "secret_token": "s3cret-Token_1", **section}  # fmt: skip
    settings = replace(core.config.telegram, token=TOKEN, **values)
    adapter = TelegramAdapter(settings, core, request=FakeRequest(api), pacing=NO_PACING)
    core.attach(adapter)
    return adapter


async def test_the_webhook_checks_the_secret_on_every_request(core: Core) -> None:
    api = FakeBotApi()
    adapter = await webhook_adapter(core, api)
    await adapter.start(core.handle)
    updates = Updates(api)
    try:
        [registered] = api.called("setWebhook")
        assert registered.params["url"] == "https://bot.example.org/tg/hook"
        assert registered.params["secret_token"] == "s3cret-Token_1"
        assert adapter.webhook is not None
        url = f"http://127.0.0.1:{adapter.webhook.port}/tg/hook"
        start = updates.message(ALICE, private_chat(ALICE), "/start")
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=start, headers=headers) as response:
                    assert response.status == 403
            await adapter.webhook.idle()
            assert api.sent() == []
            good = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_1"}
            for _ in range(2):  # Telegram may deliver an update twice
                async with http.post(url, json=start, headers=good) as response:
                    assert response.status == 200
            await adapter.webhook.idle()
        assert len(texts_to(api, ALICE.id, "Alice")) == 1
        assert api.polls == 0  # webhook mode never polls
    finally:
        await adapter.stop()


async def test_webhook_mode_without_a_secret_refuses_to_start(core: Core) -> None:
    adapter = await webhook_adapter(core, FakeBotApi(), secret_token="")
    with pytest.raises(StartupError, match="secret_token"):
        await adapter.start(core.handle)
    assert not adapter.application.running


async def test_replies_reach_people_in_webhook_mode_from_any_worker(core: Core) -> None:
    api = FakeBotApi()
    adapter = await webhook_adapter(core, api)
    await adapter.start(core.handle)
    try:
        api.started.add(BOB.id)
        await adapter.send(ChatRef("telegram", str(BOB.id)), Reply("你好"))
        assert [c.text for c in api.sent(BOB.id)] == ["你好"]
    finally:
        await adapter.stop()


def test_a_token_in_the_environment_starts_telegram_with_its_webhook_settings(
    core: Core,
) -> None:
    from bot.app import platform_adapters
    from bot.config import load_config

    environ = {
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": "http://bot-api:8081/bot",
        "TELEGRAM_LISTEN": "0.0.0.0", "TELEGRAM_PORT": "9443",
    }  # fmt: skip
    config = load_config(None, environ)
    assert config.telegram.listen == "0.0.0.0" and config.telegram.port == 9443
    [adapter] = platform_adapters(config, core, console=False)
    assert isinstance(adapter, TelegramAdapter)
    assert adapter.application.bot.base_url == f"http://bot-api:8081/bot{TOKEN}"


async def test_two_webhook_workers_given_the_same_update_handle_it_once(core: Core) -> None:
    first_api, second_api = FakeBotApi(), FakeBotApi()
    first = await webhook_adapter(core, first_api)
    second = await webhook_adapter(core, second_api)
    await first.start(core.handle)
    await second.start(core.handle)
    try:
        update = Updates(first_api).message(ALICE, private_chat(ALICE), "/tracks")
        second_api.started.add(ALICE.id)
        # A load balancer retrying after a timeout can hand one update to two workers at once.
        await asyncio.gather(first.process_json(update), second.process_json(update))
        answered = first_api.sent(ALICE.id) + second_api.sent(ALICE.id)
        assert len(answered) == 1 and "python" in answered[0].text
    finally:
        await first.stop()
        await second.stop()
