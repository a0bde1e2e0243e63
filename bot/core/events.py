"""Inbound values: what an adapter turns a platform update into before calling the core."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ChatKind = Literal["private", "group", "channel"]


@dataclass(frozen=True)
class UserRef:
    platform: str
    id: str
    display_name: str = ""
    is_chat_admin: bool = False


@dataclass(frozen=True)
class ChatRef:
    """A place to send to. For kind "private" the id is the user's id on that platform."""

    platform: str
    id: str
    kind: ChatKind = "private"

    @property
    def is_private(self) -> bool:
        return self.kind == "private"

    @staticmethod
    def private_to(user: UserRef) -> ChatRef:
        return ChatRef(user.platform, user.id, "private")


@dataclass(frozen=True)
class Text:
    """Anything typed: commands are recognised by the core, not by adapters."""

    user: UserRef
    chat: ChatRef
    text: str
    message_id: str = ""
    reply_to_message_id: str = ""
    update_id: str = ""
    # Set when the text was typed into an input that a button opened (a Discord modal): that
    # button's payload, so the core knows what the text answers.
    answer_payload: str = ""


@dataclass(frozen=True)
class Command:
    """A native command (Discord slash command) with its arguments already split."""

    user: UserRef
    chat: ChatRef
    name: str
    args: tuple[str, ...] = ()
    message_id: str = ""
    update_id: str = ""


@dataclass(frozen=True)
class ButtonPress:
    user: UserRef
    chat: ChatRef
    payload: str
    message_id: str = ""
    update_id: str = ""


@dataclass(frozen=True)
class Document:
    """An uploaded file, with the text typed beside it (caption)."""

    user: UserRef
    chat: ChatRef
    filename: str
    data: bytes
    caption: str = ""
    message_id: str = ""
    update_id: str = ""


Event = Text | Command | ButtonPress | Document
