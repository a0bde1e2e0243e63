"""Slash commands from the core's command specs: options, choices, ranges, track autocomplete."""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, locale_str

from bot.catalog import Catalog
from bot.core.commands import CommandOption, CommandSpec

log = logging.getLogger(__name__)

OnCommand = Callable[[discord.Interaction, str, tuple[str, ...]], Awaitable[None]]
_NAME = re.compile(r"^[a-z0-9_-]{1,32}$")
_MAX_CHOICES = 25
_CHINESE = (discord.Locale.chinese, discord.Locale.taiwan_chinese)


class SpecTranslator(app_commands.Translator):
    """Chinese clients see the specs' Chinese descriptions; everyone else the English ones."""

    async def translate(
        self,
        string: locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale in _CHINESE:
            zh = string.extras.get("zh")
            return str(zh)[:100] if zh else None
        return None


def build_commands(
    specs: Iterable[CommandSpec], catalog: Callable[[], Catalog], on_command: OnCommand
) -> list[app_commands.Command[Any, Any, None]]:
    """One slash command per spec (the first spec of a name wins; invalid names are skipped)."""
    commands: list[app_commands.Command[Any, Any, None]] = []
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            continue
        if not _NAME.match(spec.name) or any(not _NAME.match(o.name) for o in spec.options):
            log.warning("command /%s cannot be a Discord slash command; skipped", spec.name)
            continue
        seen.add(spec.name)
        commands.append(_command(spec, catalog, on_command))
    return commands


def _command(
    spec: CommandSpec, catalog: Callable[[], Catalog], on_command: OnCommand
) -> app_commands.Command[Any, Any, None]:
    order = [option.name for option in spec.options]

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        # The core wants what a user would have typed: the words in option order, none empty.
        args = tuple(text for text in (str(values.get(n) or "").strip() for n in order) if text)
        await on_command(interaction, spec.name, args)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for option in spec.options:
        parameters.append(
            inspect.Parameter(
                option.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_annotation(option),
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = f"slash_{spec.name}"
    if spec.options:
        descriptions = {o.name: locale_str(o.description[:100] or o.name) for o in spec.options}
        app_commands.describe(**descriptions)(callback)
    choices = {
        o.name: [Choice(name=c, value=c) for c in o.choices[:_MAX_CHOICES]]
        for o in spec.options
        if o.choices and o.kind != "track"
    }
    if choices:
        app_commands.choices(**choices)(callback)
    tracks = {o.name: track_autocomplete(catalog) for o in spec.options if o.kind == "track"}
    if tracks:
        app_commands.autocomplete(**tracks)(callback)
    return app_commands.Command(
        name=spec.name,
        description=locale_str(spec.description_en[:100], zh=spec.description_zh),
        callback=callback,
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )


def _annotation(option: CommandOption) -> Any:
    if option.kind == "integer":
        if option.min_value is None and option.max_value is None:
            return int
        return app_commands.Range[int, option.min_value, option.max_value]
    return str


def track_autocomplete(
    catalog: Callable[[], Catalog],
) -> Callable[[discord.Interaction, str], Awaitable[list[Choice[str]]]]:
    """Tracks whose key or name contains what was typed so far, with their question counts."""

    async def complete(interaction: discord.Interaction, current: str) -> list[Choice[str]]:
        bank = catalog()
        needle = current.strip().lower()
        found: list[Choice[str]] = []
        for track in bank.tracks:
            if needle not in f"{track.key} {track.name} {track.name_en}".lower():
                continue
            names = track.name if not track.name_en else f"{track.name} / {track.name_en}"
            label = f"{track.key} — {names} ({len(bank.active(track.key))})"
            found.append(Choice(name=label[:100], value=track.key))
        return found[:_MAX_CHOICES]

    return complete
