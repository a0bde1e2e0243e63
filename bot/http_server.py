"""Health and metrics over HTTP (/healthz, /metrics) for load balancers and Prometheus."""

from __future__ import annotations

import asyncio
import json
import logging

from aiohttp import web
from sqlalchemy import text

from bot.core.dispatcher import Core

log = logging.getLogger(__name__)


class HealthServer:
    def __init__(self, core: Core, listen: str, port: int) -> None:
        self.core = core
        self.listen, self.port = listen, port
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics)
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.listen, self.port)
        await site.start()
        log.info("health and metrics on http://%s:%d", self.listen, self.port)

    async def stop(self) -> None:
        await self._runner.cleanup()

    async def database_ok(self) -> bool:
        try:
            async with asyncio.timeout(2):
                async with self.core.database.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            return True
        except Exception:
            log.warning("health check: database unreachable", exc_info=True)
            return False

    async def healthz(self, _request: web.Request) -> web.Response:
        adapters = {
            name: bool(getattr(adapter, "is_connected", lambda: True)())
            for name, adapter in self.core.adapters.items()
        }
        database = await self.database_ok()
        healthy = database and all(adapters.values())
        status = "ok" if healthy else "unhealthy"
        body = {"status": status, "database": database, "adapters": adapters}
        return web.Response(
            text=json.dumps(body), status=200 if healthy else 503, content_type="application/json"
        )

    async def metrics(self, _request: web.Request) -> web.Response:
        gauges = await self.core.gauges()
        return web.Response(
            text=self.core.metrics.render(gauges), content_type="text/plain", charset="utf-8"
        )
