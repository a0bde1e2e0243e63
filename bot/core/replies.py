"""Outbound values: a reply is plain text, an optional keyboard of buttons and attachments."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_ROWS = 5
MAX_BUTTONS_PER_ROW = 5
MAX_PAYLOAD_BYTES = 64


@dataclass(frozen=True)
class Button:
    """A button that sends `payload` back to the core, or (when `url` is set) opens a link."""

    label: str
    payload: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if bool(self.payload) == bool(self.url):
            raise ValueError("a button has either a payload or a url")
        if len(self.payload.encode()) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"button payload over {MAX_PAYLOAD_BYTES} bytes: {self.payload!r}")


@dataclass(frozen=True)
class Keyboard:
    rows: tuple[tuple[Button, ...], ...]

    def __post_init__(self) -> None:
        if len(self.rows) > MAX_ROWS or any(len(r) > MAX_BUTTONS_PER_ROW for r in self.rows):
            raise ValueError("a keyboard has at most 5 rows of 5 buttons")

    @staticmethod
    def of(*rows: list[Button] | tuple[Button, ...]) -> Keyboard:
        return Keyboard(tuple(tuple(r) for r in rows if r))

    def buttons(self) -> tuple[Button, ...]:
        return tuple(b for row in self.rows for b in row)


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    kind: str = "file"  # "file" or "image"


@dataclass(frozen=True)
class Reply:
    """One message. Text holds no platform markup; adapters escape and format it.

    `ephemeral` asks that only the user who caused it sees it (a Discord ephemeral follow-up;
    elsewhere the adapter sends it to that user's private chat). `reply_to` is a platform message
    id.
    """

    text: str
    keyboard: Keyboard | None = None
    attachments: tuple[Attachment, ...] = field(default=())
    reply_to: str = ""
    ephemeral: bool = False
