"""An offline Discord for adapter tests: simcord runs the real discord.py client against a fake API."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, replace
from typing import Any

import discord
import pytest
import simcord

from bot.adapters.discord_adapter import DiscordAdapter
from bot.core.dispatcher import Core
from bot.core.events import ChatRef, Event

ADMIN = discord.Permissions(manage_guild=True)


@dataclass
class DiscordWorld:
    """One server with a #study channel: Alice (Manage Server), Bob and Carol (members)."""

    env: simcord.Env
    adapter: DiscordAdapter
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    bob: simcord.MemberActor
    carol: simcord.MemberActor

    @property
    def chat(self) -> ChatRef:
        return ChatRef("discord", str(self.channel.id), "group")

    def seen_by(self, member: simcord.MemberActor) -> list[discord.Message]:
        """The channel as this member's client shows it (others' ephemeral messages hidden)."""
        return self.channel.history(viewer=member)

    def texts_seen_by(self, member: simcord.MemberActor) -> str:
        return "\n".join(shown(m.content) for m in self.seen_by(member))


def shown(content: str) -> str:
    """Text as Discord displays it: a backslash before punctuation only keeps it literal."""
    return re.sub(r"\\([^0-9A-Za-z\s])", r"\1", content)


def make_adapter(
    core: Core, *, ack_after: float = 1.5, slow: float = 0.0, guild_ids: tuple[int, ...] = ()
) -> DiscordAdapter:
    """The adapter over a real core; `slow` delays every event, as a busy core would."""
    section = replace(core.config.discord, token="offline-test-token", guild_ids=list(guild_ids))
    adapter = DiscordAdapter(section, core, ack_after=ack_after)
    if slow:

        async def slow_handle(event: Event) -> None:
            await asyncio.sleep(slow)
            await core.handle(event)

        adapter._handle = slow_handle
    core.attach(adapter)
    return adapter


# Fixtures for adapter tests; a test module imports them. simcord's pytest plugin provides
# `simcord_env`, which logs `simcord_bot` in against its in-memory Discord.
@pytest.fixture
def adapter_options() -> dict[str, Any]:
    return {}


@pytest.fixture
def discord_adapter(core: Core, adapter_options: dict[str, Any]) -> DiscordAdapter:
    return make_adapter(core, **adapter_options)


@pytest.fixture
def simcord_bot(discord_adapter: DiscordAdapter) -> discord.Client:
    return discord_adapter.client


@pytest.fixture
def world(simcord_env: simcord.Env, discord_adapter: DiscordAdapter) -> DiscordWorld:
    guild = simcord_env.create_guild("AI 面试小组")
    channel = guild.create_text_channel("study")
    admins = guild.create_role("Organisers", permissions=ADMIN)
    alice = guild.add_member(simcord_env.create_user("alice", global_name="Alice"), roles=[admins])
    bob = guild.add_member(simcord_env.create_user("bob", global_name="Bob"))
    carol = guild.add_member(simcord_env.create_user("carol", global_name="Carol"))
    return DiscordWorld(simcord_env, discord_adapter, guild, channel, alice, bob, carol)


def custom_ids(message: discord.Message) -> list[str]:
    return [
        child.custom_id
        for row in message.components
        for child in getattr(row, "children", [])
        if getattr(child, "custom_id", None)
    ]


def labels(message: discord.Message) -> list[str]:
    return [
        child.label
        for row in message.components
        for child in getattr(row, "children", [])
        if getattr(child, "label", None)
    ]
