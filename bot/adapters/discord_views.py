"""Discord rendering: escaped and split text, stateless payload buttons, and the Answer modal."""

from __future__ import annotations

import io
import re
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import discord
from discord.utils import escape_markdown, escape_mentions

from bot.adapters.text_split import pack_lines
from bot.core.payloads import unpack
from bot.core.replies import Attachment, Keyboard

MESSAGE_LIMIT = 2000
ANSWER_LIMIT = 4000  # Discord's longest text input
ANSWER_INPUT_ID = "answer"
MODAL_TITLE = "回答 / Answer"
MODAL_LABEL = "你的回答 / Your answer"
PAYLOAD_TEMPLATE = r"v1:.+"
_ORDERED_LIST = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)

ButtonCallback = Callable[[discord.Interaction, str], Awaitable[None]]


def escape(text: str) -> str:
    """Core text is plain: show it literally, and never let a name or an answer ping anyone."""
    escaped = escape_mentions(escape_markdown(text))
    # "1. Alice" would become a Markdown list that renumbers tied ranks ("1, 1, 3" -> "1, 2, 3").
    return _ORDERED_LIST.sub(r"\1\\.", escaped)


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split into messages of at most `limit` characters, at line breaks where possible."""
    return pack_lines(text, limit, hard_split=_hard_split) or [""]


def _hard_split(line: str, limit: int) -> Iterator[str]:
    """A line longer than a message: cut at a space if there is one, never inside an escape."""
    while len(line) > limit:
        cut = line.rfind(" ", limit // 2, limit)
        cut = limit if cut <= 0 else cut
        while cut > 1 and _ends_in_open_escape(line[:cut]):
            cut -= 1
        yield line[:cut]
        line = line[cut:]
    yield line


def _ends_in_open_escape(text: str) -> bool:
    trailing = len(text) - len(text.rstrip("\\"))
    return trailing % 2 == 1


def render_text(text: str) -> list[str]:
    return split_text(escape(text))


class PayloadButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=PAYLOAD_TEMPLATE):
    """A button whose custom_id is our payload; it works for any message, also after a restart."""

    def __init__(self, payload: str, label: str = "") -> None:
        style = (
            discord.ButtonStyle.primary if _is_answer(payload) else discord.ButtonStyle.secondary
        )
        super().__init__(discord.ui.Button(label=label[:80], custom_id=payload, style=style))
        self.payload = payload

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> PayloadButton:
        return cls(match.group(0), getattr(item, "label", "") or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        handler: ButtonCallback | None = getattr(
            interaction.client, "payload_button_pressed", None
        )
        if handler is not None:
            await handler(interaction, self.payload)


def _is_answer(payload: str) -> bool:
    parsed = unpack(payload)
    return parsed is not None and parsed.action == "answer"


def is_answer_payload(payload: str) -> bool:
    return _is_answer(payload)


def build_view(keyboard: Keyboard | None) -> discord.ui.View | None:
    """Rows of buttons as a view; None when there are none."""
    if keyboard is None or not keyboard.rows:
        return None
    view = discord.ui.View(timeout=None)
    for row_index, row in enumerate(keyboard.rows):
        for button in row:
            item: discord.ui.Item[Any]
            if button.url:
                item = discord.ui.Button(label=button.label[:80], url=button.url, row=row_index)
            else:
                item = PayloadButton(button.payload, button.label)
                item.row = row_index
            view.add_item(item)
    return view


def build_files(attachments: tuple[Attachment, ...]) -> list[discord.File]:
    return [discord.File(io.BytesIO(a.data), filename=a.filename) for a in attachments]


class AnswerModal(discord.ui.Modal):
    """The form behind an Answer button. Its custom_id is the button's payload."""

    def __init__(self, payload: str) -> None:
        super().__init__(title=MODAL_TITLE, custom_id=payload, timeout=None)
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            custom_id=ANSWER_INPUT_ID,
            style=discord.TextStyle.paragraph,
            max_length=ANSWER_LIMIT,
            required=True,
        )
        self.add_item(discord.ui.Label(text=MODAL_LABEL, component=self.answer))
        # The submission is read statelessly in on_interaction (so it survives a restart and
        # two members answering the same round do not share one modal object); a stopped modal
        # is not kept in discord.py's view store.
        self.stop()


def submitted_text(data: Any) -> str:
    """The answer typed into an AnswerModal, from a modal-submit interaction's raw data."""
    for component in _walk(data.get("components", []) if isinstance(data, dict) else []):
        if component.get("custom_id") == ANSWER_INPUT_ID:
            return str(component.get("value") or "")
    return ""


def _walk(components: list[Any]) -> Iterator[dict[str, Any]]:
    for component in components:
        if not isinstance(component, dict):
            continue
        yield component
        yield from _walk(component.get("components", []))
        inner = component.get("component")
        if isinstance(inner, dict):
            yield from _walk([inner])
