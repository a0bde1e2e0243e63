"""Reply -> Telegram: HTML-escaped text split at 4,096 characters, and inline keyboards."""

from __future__ import annotations

import html
from collections.abc import Iterator

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.adapters.text_split import pack_lines
from bot.core.replies import Keyboard

MAX_MESSAGE = 4096  # Telegram's limit, after entity parsing, in UTF-16 code units
MAX_CAPTION = 1024


def _units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji may count twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Chunks of at most `limit`, cut at line ends where possible; a longer line is cut hard."""
    return pack_lines(text, limit, length=_units, hard_split=_hard_split)


def _hard_split(line: str, limit: int) -> Iterator[str]:
    while _units(line) > limit:
        cut = _hard_cut(line, limit)
        yield line[:cut]
        line = line[cut:]
    yield line


def _hard_cut(line: str, limit: int) -> int:
    """The longest prefix within the limit, ending after a space when one is near the end."""
    cut, used = 0, 0
    for char in line:
        used += _units(char)
        if used > limit:
            break
        cut += 1
    space = line.rfind(" ", 0, cut)
    return space + 1 if space > cut * 3 // 4 else cut


def render_html(text: str) -> str:
    """Core text holds no markup: escape all of it, so user text can never inject formatting."""
    return html.escape(text, quote=False)


def inline_keyboard(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    if keyboard is None or not keyboard.rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(button.label, url=button.url)
                if button.url
                else InlineKeyboardButton(button.label, callback_data=button.payload)
                for button in row
            ]
            for row in keyboard.rows
        ]
    )
