"""Answering one Discord interaction: acknowledge in time, then reply with the right visibility."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
DONE_MARK = "✅"


class InteractionReplier:
    """Sends the core's replies to one interaction.

    Discord wants an acknowledgement within 3 seconds, and a "thinking…" deferral fixes the
    visibility of the first follow-up (it replaces the loading message). So buttons and forms
    are deferred at once without a loading message (their follow-ups keep their own
    visibility), while a slash command is answered directly when the core is quick and
    deferred by `acknowledge()` only when it is not.
    """

    def __init__(self, interaction: discord.Interaction, *, private: bool) -> None:
        self.interaction = interaction
        self.private = private
        self._lock = asyncio.Lock()
        # Visibility of a "thinking…" message that still waits for its first follow-up.
        self._loading_ephemeral: bool | None = None

    @property
    def is_command(self) -> bool:
        return self.interaction.type is discord.InteractionType.application_command

    async def acknowledge(self) -> None:
        """Defer unless something has already answered the interaction."""
        async with self._lock:
            response = self.interaction.response
            if response.is_done():
                return
            if self.is_command:
                # Ephemeral in servers: whatever comes first, nothing private is forced public.
                ephemeral = not self.private
                await response.defer(thinking=True, ephemeral=ephemeral)
                self._loading_ephemeral = ephemeral
            else:
                await response.defer()

    async def send(
        self,
        texts: list[str],
        *,
        ephemeral: bool,
        view: discord.ui.View | None,
        files: list[discord.File],
    ) -> str:
        """Send the chunks of one reply (buttons and files on the last); return the last id."""
        ephemeral = ephemeral and not self.private  # a DM is private anyway, and stays readable
        async with self._lock:
            message_id = ""
            for index, text in enumerate(texts):
                last = index == len(texts) - 1
                extras: dict[str, Any] = {}
                if last and view is not None:
                    extras["view"] = view
                if last and files:
                    extras["files"] = files
                message_id = await self._send_one(text or None, ephemeral, extras)
            return message_id

    async def _send_one(self, content: str | None, ephemeral: bool, extras: dict[str, Any]) -> str:
        response = self.interaction.response
        if not response.is_done():
            sent = await response.send_message(
                content, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS, **extras
            )
            return str(sent.message_id or "")
        if self._loading_ephemeral is not None:
            loading, self._loading_ephemeral = self._loading_ephemeral, None
            if loading != ephemeral:
                # The first follow-up would take the loading message's visibility: close it.
                await self.interaction.edit_original_response(content=DONE_MARK)
        message = await self.interaction.followup.send(
            content or discord.utils.MISSING,
            ephemeral=ephemeral,
            allowed_mentions=NO_MENTIONS,
            wait=True,
            **extras,
        )
        return str(message.id)

    async def finish(self) -> None:
        """After the core is done: answer an interaction nothing answered, clear a loading one."""
        async with self._lock:
            response = self.interaction.response
            try:
                if not response.is_done():
                    if self.is_command:
                        await response.send_message(DONE_MARK, ephemeral=True)
                    else:
                        await response.defer()
                elif self._loading_ephemeral is not None:
                    await self.interaction.delete_original_response()
            except discord.HTTPException as exc:
                log.warning("could not close interaction %s: %s", self.interaction.id, exc)
