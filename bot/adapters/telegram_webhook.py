"""Webhook endpoint (aiohttp): the secret token is checked on every request, 403 otherwise."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
OnUpdate = Callable[[dict[str, Any]], Awaitable[None]]


class WebhookServer:
    """Accepts updates at `path`; each is handled in its own task so Telegram gets 200 at once."""

    def __init__(self, listen: str, port: int, path: str, secret: str, on_update: OnUpdate):
        self.listen, self.port, self.path = listen, port, path or "/"
        self._secret = secret.encode()
        self._on_update = on_update
        self._tasks: set[asyncio.Task[None]] = set()
        app = web.Application()
        app.router.add_post(self.path, self.receive)
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.listen, self.port)
        await site.start()
        if self.port == 0 and self._runner.addresses:
            self.port = int(self._runner.addresses[0][1])
        log.info("Telegram webhook listening on %s:%d%s", self.listen, self.port, self.path)

    async def stop(self) -> None:
        await self._runner.cleanup()
        await self.idle()

    async def idle(self) -> None:
        """Wait until every update received so far has been handled."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook request without the right secret token refused")
            return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.Response(status=400, text="not JSON")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.Response(status=400, text="not an update")
        task = asyncio.create_task(self._run(data), name=f"telegram-update-{data['update_id']}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.Response(status=200)

    async def _run(self, data: dict[str, Any]) -> None:
        try:
            await self._on_update(data)
        except Exception:
            log.exception("handling webhook update %s failed", data.get("update_id"))
