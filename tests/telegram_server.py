"""A small Bot API server on 127.0.0.1 (aiohttp) in front of the FakeBotApi, for start-up tests."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from aiohttp import web

from tests.telegram_fakes import FakeBotApi, decode_params


class LocalBotApi:
    """Speaks the Bot API over HTTP, as a self-hosted Bot API server would."""

    def __init__(self, api: FakeBotApi, token: str) -> None:
        self.api, self.token = api, token
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.method)
        app.router.add_get("/file/bot{token}/{path:.*}", self.file)
        self._runner = web.AppRunner(app, access_log=None)
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> LocalBotApi:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._runner.cleanup()

    async def method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        fields: dict[str, str] = {}
        files: dict[str, bytes] = {}
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.filename:  # type: ignore[union-attr]
                    files[str(part.name)] = bytes(await part.read())  # type: ignore[union-attr]
                else:
                    fields[str(part.name)] = await part.text()  # type: ignore[union-attr]
        else:
            form: Any = await request.post()
            fields = {key: str(value) for key, value in form.items()}
        status, body = await self.api.respond(
            request.match_info["method"], decode_params(fields), files
        )
        return web.json_response(body, status=status)

    async def file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        return web.Response(body=self.api.files[file_id])
