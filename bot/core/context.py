"""What a handler gets: event, user, repository, bank, clock, texts and an outbox of replies."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.bank import Question
from bot.catalog import Catalog
from bot.config import Config
from bot.core.commands import ParsedCommand
from bot.core.events import ButtonPress, ChatRef, Command, Document, Event, Text, UserRef
from bot.core.payloads import Payload
from bot.core.ports import Clock
from bot.core.replies import Attachment, Keyboard, Reply
from bot.core.texts import t
from bot.grading import Verdict, grade
from bot.storage.repository import Repository
from bot.storage.users import Arrival, UserRow

if TYPE_CHECKING:
    from bot.core.dispatcher import Core

SentCallback = Callable[[Repository, str], Awaitable[None]]
AttachmentRenderer = Callable[[], Awaitable[tuple[Attachment, ...]]]


@dataclass(frozen=True)
class Outgoing:
    chat: ChatRef
    reply: Reply
    origin: Event | None = None
    on_sent: SentCallback | None = None  # runs in its own transaction with the new message id
    # Slow attachments (a chart) are made after the commit, so no transaction waits for them.
    render: AttachmentRenderer | None = None


@dataclass
class Context:
    core: Core
    repo: Repository
    event: Event | None
    user: UserRow | None
    command: ParsedCommand | None = None
    payload: Payload | None = None
    outbox: list[Outgoing] = field(default_factory=list)
    handler_name: str = ""
    arrival: Arrival | None = None  # the sender and what waits for them; None in jobs

    @property
    def config(self) -> Config:
        return self.core.config

    @property
    def clock(self) -> Clock:
        return self.core.clock

    @property
    def catalog(self) -> Catalog:
        return self.core.catalog

    def now(self) -> datetime:
        return self.core.clock.now()

    @property
    def lang(self) -> str:
        return self.user.lang if self.user is not None else self.core.config.bot.default_lang

    @property
    def sender(self) -> UserRef:
        assert self.event is not None, "no event in a background job"
        return self.event.user

    @property
    def chat(self) -> ChatRef:
        assert self.event is not None, "no event in a background job"
        return self.event.chat

    @property
    def args(self) -> tuple[str, ...]:
        return self.command.args if self.command else ()

    @property
    def text(self) -> str:
        return self.event.text if isinstance(self.event, Text) else ""

    def grade(self, answer: str, question: Question, *, point: str | None = None) -> Verdict:
        """Grade with the pure grader, counting and timing it for the metrics endpoint."""
        started = time.perf_counter()
        verdict = grade(answer, question, point=point)
        self.core.metrics.observe("bot_grading_seconds", time.perf_counter() - started)
        self.core.metrics.inc("bot_answers_graded_total")
        return verdict

    def require_private(self) -> bool:
        """True in a private chat; elsewhere tells the person, privately, to use one."""
        if self.chat.is_private:
            return True
        self.reply(self.t("error.private_only"), ephemeral=True)
        return False

    def t(self, key: str, /, **values: object) -> str:
        return t(self.lang, key, **values)

    def reply(
        self,
        text: str,
        keyboard: Keyboard | None = None,
        attachments: tuple[Attachment, ...] = (),
        *,
        reply_to: str = "",
        ephemeral: bool = False,
        on_sent: SentCallback | None = None,
    ) -> None:
        """Answer in the chat the event came from (sent after the transaction commits)."""
        reply = Reply(text, keyboard, attachments, reply_to=reply_to, ephemeral=ephemeral)
        self.outbox.append(Outgoing(self.chat, reply, self.event, on_sent))

    def reply_rendered(self, text: str, render: AttachmentRenderer) -> None:
        """Answer with attachments that `render` makes after the transaction commits."""
        assert self.event is not None, "no event in a background job"
        self.outbox.append(Outgoing(self.chat, Reply(text), self.event, render=render))

    def send(self, chat: ChatRef, reply: Reply, on_sent: SentCallback | None = None) -> None:
        """Send elsewhere: another chat, or a user's private chat."""
        self.outbox.append(Outgoing(chat, reply, None, on_sent))

    def is_owner(self) -> bool:
        if self.event is None:
            return False
        return f"{self.sender.platform}:{self.sender.id}" in self.core.config.bot.owners


def event_kind(event: Event) -> str:
    return {Text: "text", Command: "command", ButtonPress: "button", Document: "document"}[
        type(event)
    ]
