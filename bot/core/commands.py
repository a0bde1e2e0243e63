"""One command parser for every platform ("/name@Bot args"), and command specs for menus."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMAND = re.compile(
    r"^[/／]([A-Za-z0-9_]{1,32}|[\u4e00-\u9fff]{1,8})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+|$)"
)


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    args: tuple[str, ...]
    rest: str  # everything after the name, untouched (for TOML blocks and free text)


@dataclass(frozen=True)
class CommandSpec:
    """What menus and slash-command registration need to know about one command."""

    name: str
    description_zh: str
    description_en: str
    options: tuple[CommandOption, ...] = ()
    admin: bool = False


@dataclass(frozen=True)
class CommandOption:
    name: str
    description: str
    kind: str = "string"  # "string" | "integer" | "track"
    required: bool = False
    # Offered as fixed choices where the platform has them (Discord); typed text is still parsed.
    choices: tuple[str, ...] = ()
    min_value: int | None = None  # for "integer"
    max_value: int | None = None


def parse_command(text: str, bot_username: str = "") -> ParsedCommand | None:
    """Recognise "/name args"; None if the text is no command or is addressed to another bot."""
    stripped = text.strip()
    match = _COMMAND.match(stripped)
    if not match:
        return None
    name, addressee = match.group(1), match.group(2)
    if addressee and bot_username and addressee.lower() != bot_username.lower().lstrip("@"):
        return None
    rest = stripped[match.end() :].strip()
    return ParsedCommand(name=name.lower(), args=tuple(rest.split()), rest=rest)
