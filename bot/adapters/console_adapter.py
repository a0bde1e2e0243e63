"""Console adapter: a terminal (or a pipe) as one private chat; buttons become numbered choices."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.core.events import ButtonPress, ChatRef, Event, Text, UserRef
from bot.core.ports import Handle
from bot.core.replies import Button, Reply

PLATFORM = "console"


class ConsoleAdapter:
    platform = PLATFORM
    supports_modals = False

    def __init__(
        self,
        *,
        reader: Callable[[], str] | None = None,
        out: TextIO | None = None,
        files_dir: Path = Path("data/console-files"),
        user_id: str = "local",
    ) -> None:
        self._read = reader or sys.stdin.readline
        self._out = out or sys.stdout
        self._files_dir = files_dir
        name = _login_name()
        self.user = UserRef(PLATFORM, user_id, name, is_chat_admin=True)
        self.chat = ChatRef(PLATFORM, user_id, "private")
        self._choices: list[Button] = []
        self._task: asyncio.Task[None] | None = None
        self.finished = asyncio.Event()

    async def start(self, handle: Handle) -> None:
        self._print(
            "模拟面试机器人(控制台)· Mock-interview bot (console). /help 查看命令, Ctrl-D 退出."
        )
        self._task = asyncio.create_task(self._loop(handle), name="console-input")

    async def _loop(self, handle: Handle) -> None:
        try:
            while True:
                line = await asyncio.to_thread(self._read)
                if not line:  # EOF: a piped script ended or the user pressed Ctrl-D
                    break
                event = self._event_for(line.rstrip("\r\n"))
                if event is not None:
                    await handle(event)
        finally:
            self.finished.set()

    def _event_for(self, line: str) -> Event | None:
        stripped = line.strip()
        if not stripped:
            return None
        if stripped.isdigit() and 1 <= int(stripped) <= len(self._choices):
            button = self._choices[int(stripped) - 1]
            self._print(f"> {button.label}")
            return ButtonPress(self.user, self.chat, button.payload)
        return Text(self.user, self.chat, line)

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        self._print("")
        self._print(reply.text)
        for attachment in reply.attachments:
            self._files_dir.mkdir(parents=True, exist_ok=True)
            path = self._files_dir / Path(attachment.filename).name
            path.write_bytes(attachment.data)
            self._print(f"[文件 file] {path}")
        if reply.keyboard is not None:
            self._choices = list(reply.keyboard.buttons())
            choices = "  ".join(f"[{i}] {b.label}" for i, b in enumerate(self._choices, 1))
            self._print(f"{choices}   (输入数字选择 · type a number)")
        return ""

    def _print(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "you"
