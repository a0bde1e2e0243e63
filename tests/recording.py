"""A recording adapter and a chat driver: dialog tests talk to the core as a user would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.core.dispatcher import Core
from bot.core.events import ButtonPress, ChatRef, Event, Text, UserRef
from bot.core.ports import Handle, RecipientUnavailable
from bot.core.replies import Button, Reply


@dataclass(frozen=True)
class Sent:
    chat: ChatRef
    reply: Reply
    origin: Event | None
    message_id: str


class RecordingAdapter:
    """Keeps every reply; chats listed in `unavailable` raise RecipientUnavailable."""

    def __init__(self, platform: str = "test", *, supports_modals: bool = False) -> None:
        self.platform = platform
        self.supports_modals = supports_modals
        self.sent: list[Sent] = []
        self.unavailable: set[str] = set()
        self._next_id = 1000

    async def start(self, handle: Handle) -> None:
        self.handle = handle

    async def stop(self) -> None:
        return None

    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        if chat.id in self.unavailable:
            raise RecipientUnavailable(chat.id)
        self._next_id += 1
        self.sent.append(Sent(chat, reply, origin, str(self._next_id)))
        return str(self._next_id)


class FrozenClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 3, 2, 1, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class ChatDriver:
    """One person in one chat: say things, press buttons, read what came back."""

    core: Core
    adapter: RecordingAdapter
    user: UserRef
    chat: ChatRef
    seen: int = field(default=0)

    async def say(self, text: str, **extra: str) -> list[Reply]:
        return await self._send(Text(self.user, self.chat, text, **extra))

    async def press(self, label: str) -> list[Reply]:
        button = self.button(label)
        return await self._send(ButtonPress(self.user, self.chat, button.payload))

    async def press_payload(self, payload: str) -> list[Reply]:
        return await self._send(ButtonPress(self.user, self.chat, payload))

    async def _send(self, event: Event) -> list[Reply]:
        before = len(self.adapter.sent)
        await self.core.handle(event)
        return [s.reply for s in self.adapter.sent[before:]]

    def mine(self) -> list[Reply]:
        return [
            s.reply
            for s in self.adapter.sent
            if s.chat == self.chat or (s.origin is not None and s.origin.user == self.user)
        ]

    def last(self) -> Reply:
        return self.mine()[-1]

    def button(self, label: str) -> Button:
        """The newest button with this label in this chat."""
        for reply in reversed(self.mine()):
            if reply.keyboard is None:
                continue
            for button in reply.keyboard.buttons():
                if button.label == label:
                    return button
        raise AssertionError(f"no button {label!r}; last reply: {self.mine()[-1:]}")


def text_of(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)
