"""Compact, versioned button payloads ("v1:action:arg:arg") that fit Telegram's 64 bytes."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.replies import MAX_PAYLOAD_BYTES

VERSION = "v1"


@dataclass(frozen=True)
class Payload:
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int, default: str = "") -> str:
        return self.args[index] if index < len(self.args) else default

    def int_arg(self, index: int, default: int = -1) -> int:
        try:
            return int(self.arg(index))
        except ValueError:
            return default


def pack(action: str, *args: object) -> str:
    parts = [VERSION, action, *(str(a) for a in args)]
    if any(":" in p for p in parts[1:]):
        raise ValueError("payload parts must not contain ':'")
    text = ":".join(parts)
    if len(text.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"payload over {MAX_PAYLOAD_BYTES} bytes: {text!r}")
    return text


def unpack(text: str) -> Payload | None:
    """None for anything that is not one of our payloads (old versions, foreign data)."""
    parts = text.split(":")
    if len(parts) < 2 or parts[0] != VERSION or not parts[1]:
        return None
    return Payload(parts[1], tuple(parts[2:]))
