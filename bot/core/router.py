"""A small explicit router: commands by name, buttons by payload action, a text handler chain."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.core.commands import CommandSpec

if TYPE_CHECKING:
    from bot.core.context import Context

Handler = Callable[["Context"], Awaitable[None]]
TextHandler = Callable[["Context"], Awaitable[bool]]


class Router:
    def __init__(self) -> None:
        self.commands: dict[str, Handler] = {}
        self.buttons: dict[str, Handler] = {}
        self.text_handlers: list[TextHandler] = []
        self.document_handlers: list[TextHandler] = []
        self.specs: list[CommandSpec] = []
        # Named extension points: a feature offers to handle something another feature owns
        # (a group round claims /reveal in its chat); each returns True when it handled it.
        self.hooks: dict[str, list[TextHandler]] = {}

    def command(
        self, *names: str, spec: CommandSpec | None = None
    ) -> Callable[[Handler], Handler]:
        def register(func: Handler) -> Handler:
            for name in names:
                if name in self.commands:
                    raise ValueError(f"command /{name} registered twice")
                self.commands[name] = func
            if spec is not None:
                self.specs.append(spec)
            return func

        return register

    def button(self, action: str) -> Callable[[Handler], Handler]:
        def register(func: Handler) -> Handler:
            if action in self.buttons:
                raise ValueError(f"button action {action!r} registered twice")
            self.buttons[action] = func
            return func

        return register

    def text(self, func: TextHandler) -> TextHandler:
        """A handler that returns True when the text was for it; tried in registration order."""
        self.text_handlers.append(func)
        return func

    def document(self, func: TextHandler) -> TextHandler:
        self.document_handlers.append(func)
        return func

    def hook(self, name: str) -> Callable[[TextHandler], TextHandler]:
        def register(func: TextHandler) -> TextHandler:
            self.hooks.setdefault(name, []).append(func)
            return func

        return register

    async def run_hooks(self, name: str, ctx: Context) -> bool:
        for func in self.hooks.get(name, []):
            if await func(ctx):
                return True
        return False

    def include(self, other: Router) -> None:
        for name, handler in other.commands.items():
            if name in self.commands:
                raise ValueError(f"command /{name} registered twice")
            self.commands[name] = handler
        for action, handler in other.buttons.items():
            if action in self.buttons:
                raise ValueError(f"button action {action!r} registered twice")
            self.buttons[action] = handler
        self.text_handlers.extend(other.text_handlers)
        self.document_handlers.extend(other.document_handlers)
        self.specs.extend(other.specs)
        for name, funcs in other.hooks.items():
            self.hooks.setdefault(name, []).extend(funcs)
