"""Discord adapter (discord.py 2.x): slash commands, payload buttons, Answer modals and DMs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot.adapters.discord_commands import SpecTranslator, build_commands
from bot.adapters.discord_interactions import NO_MENTIONS, InteractionReplier
from bot.adapters.discord_views import (
    AnswerModal,
    PayloadButton,
    build_files,
    build_view,
    is_answer_payload,
    render_text,
    submitted_text,
)
from bot.app import StartupError
from bot.config import DiscordSection
from bot.core.dispatcher import Core
from bot.core.events import ButtonPress, ChatRef, Command, Document, Event, Text, UserRef
from bot.core.payloads import unpack
from bot.core.ports import Handle, RecipientUnavailable
from bot.core.replies import Reply

log = logging.getLogger(__name__)

PLATFORM = "discord"
ACK_AFTER = 1.5  # seconds; Discord drops interactions not acknowledged within 3
MAX_DOCUMENT_BYTES = 2_000_000
# 50007 cannot message this user; 50001 / 50013 no access to the channel; 10003 / 10013 gone.
UNAVAILABLE_CODES = {50007, 50001, 50013, 10003, 10013}


class _Client(discord.Client):
    """The discord.py client; it forwards everything to the adapter."""

    def __init__(self, adapter: DiscordAdapter) -> None:
        # The bot has no voice features: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # channels and permissions of the servers we are in
        intents.dm_messages = True  # DM text needs no message-content intent
        super().__init__(intents=intents, allowed_mentions=NO_MENTIONS)
        self.adapter = adapter
        self.tree: app_commands.CommandTree[_Client] = app_commands.CommandTree(self)

    async def setup_hook(self) -> None:
        await self.adapter.sync_commands()

    async def payload_button_pressed(self, interaction: discord.Interaction, payload: str) -> None:
        await self.adapter.on_button(interaction, payload)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.adapter.on_modal_submit(interaction)

    async def on_message(self, message: discord.Message) -> None:
        await self.adapter.on_message(message)


class DiscordAdapter:
    platform = PLATFORM
    supports_modals = True

    def __init__(
        self, section: DiscordSection, core: Core, *, ack_after: float = ACK_AFTER
    ) -> None:
        self.section = section
        self.core = core
        self.ack_after = ack_after
        self.client = _Client(self)
        self.tree = self.client.tree
        for command in build_commands(core.command_specs, lambda: core.catalog, self.on_command):
            self.tree.add_command(command)
        self.client.add_dynamic_items(PayloadButton)
        self._handle: Handle = core.handle
        self._repliers: dict[str, InteractionReplier] = {}
        self._gateway: asyncio.Task[None] | None = None
        self.finished = asyncio.Event()

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self, handle: Handle) -> None:
        """Log in (commands are synced in setup_hook) and keep the gateway in a task."""
        self._handle = handle
        try:
            await self.client.login(self.section.token)
        except discord.LoginFailure:
            await self.client.close()
            raise StartupError(
                "Discord rejected the bot token; check DISCORD_BOT_TOKEN or [discord] token"
            ) from None
        except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
            await self.client.close()
            raise StartupError(f"cannot reach Discord to log in: {exc}") from None
        self._gateway = asyncio.create_task(self._connect(), name="discord-gateway")

    async def _connect(self) -> None:
        try:
            await self.client.connect(reconnect=True)
        except discord.PrivilegedIntentsRequired:
            log.error("Discord refused the gateway intents; this bot needs no privileged ones")
        except Exception:
            log.exception("the Discord connection ended")
        finally:
            self.finished.set()

    async def stop(self) -> None:
        await self.client.close()
        if self._gateway is not None:
            with contextlib.suppress(asyncio.CancelledError, asyncio.TimeoutError):
                await asyncio.wait_for(self._gateway, timeout=10)

    async def sync_commands(self) -> None:
        """Per guild when guild_ids is set (instant, for development), else globally."""
        await self.tree.set_translator(SpecTranslator())
        if not self.section.guild_ids:
            await self._sync(None)
            return
        for guild_id in self.section.guild_ids:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            await self._sync(guild)

    async def _sync(self, guild: discord.Object | None) -> None:
        where = f"guild {guild.id}" if guild else "all servers"
        try:
            synced = await self.tree.sync(guild=guild)
            log.info("registered %d slash commands for %s", len(synced), where)
        except discord.HTTPException as exc:
            log.error("could not register slash commands for %s: %s", where, exc.text or exc)

    def private_chat_link(self) -> str:
        user = self.client.user
        return f"https://discord.com/users/{user.id}" if user else ""

    # --- inbound -----------------------------------------------------------------------------
    async def on_command(
        self, interaction: discord.Interaction, name: str, args: tuple[str, ...]
    ) -> None:
        user, chat = self._refs(interaction)
        event = Command(user, chat, name, args, update_id=str(interaction.id))
        await self._run(interaction, event, defer_at_once=False)

    async def on_button(self, interaction: discord.Interaction, payload: str) -> None:
        if is_answer_payload(payload):
            # The modal is the interaction's response, so nothing may be deferred before it.
            try:
                await interaction.response.send_modal(AnswerModal(payload))
            except discord.HTTPException as exc:
                log.warning("could not open the answer form: %s", exc)
            return
        user, chat = self._refs(interaction)
        message_id = str(interaction.message.id) if interaction.message else ""
        event = ButtonPress(
            user, chat, payload, message_id=message_id, update_id=str(interaction.id)
        )
        await self._run(interaction, event, defer_at_once=True)

    async def on_modal_submit(self, interaction: discord.Interaction) -> None:
        data: Any = interaction.data or {}
        payload = str(data.get("custom_id", ""))
        if unpack(payload) is None:
            return
        user, chat = self._refs(interaction)
        text = submitted_text(data)
        event = Text(user, chat, text, answer_payload=payload, update_id=str(interaction.id))
        await self._run(interaction, event, defer_at_once=True)

    async def on_message(self, message: discord.Message) -> None:
        """A DM to the bot; messages in servers are not ours to read (answers use the modal)."""
        if message.author.bot or not isinstance(message.channel, discord.DMChannel):
            return
        user = UserRef(PLATFORM, str(message.author.id), message.author.display_name, True)
        chat = ChatRef(PLATFORM, str(message.author.id), "private")
        ids = {"message_id": str(message.id), "update_id": str(message.id)}
        if message.attachments:
            attachment = message.attachments[0]
            if attachment.size <= MAX_DOCUMENT_BYTES:
                data = await attachment.read()
                await self._handle(
                    Document(user, chat, attachment.filename, data, message.content, **ids)
                )
                return
            log.info("ignored a DM attachment of %d bytes", attachment.size)
        if message.content.strip():
            reference = message.reference.message_id if message.reference else None
            replied = str(reference) if reference else ""
            await self._handle(
                Text(user, chat, message.content, reply_to_message_id=replied, **ids)
            )

    def _refs(self, interaction: discord.Interaction) -> tuple[UserRef, ChatRef]:
        person = interaction.user
        if interaction.guild_id is None:
            user = UserRef(PLATFORM, str(person.id), person.display_name, is_chat_admin=True)
            return user, ChatRef.private_to(user)
        # Checked on every interaction, so server roles changed since are respected at once.
        permissions = interaction.permissions
        admin = permissions.manage_guild or permissions.administrator
        user = UserRef(PLATFORM, str(person.id), person.display_name, is_chat_admin=admin)
        return user, ChatRef(PLATFORM, str(interaction.channel_id or 0), "group")

    async def _run(
        self, interaction: discord.Interaction, event: Event, *, defer_at_once: bool
    ) -> None:
        replier = InteractionReplier(interaction, private=event.chat.is_private)
        self._repliers[event.update_id] = replier
        watchdog: asyncio.Task[None] | None = None
        try:
            if defer_at_once:
                await self._acknowledge(replier)
            else:
                watchdog = asyncio.create_task(self._acknowledge(replier, after=self.ack_after))
            await self._handle(event)
        finally:
            if watchdog is not None:
                watchdog.cancel()
            self._repliers.pop(event.update_id, None)
            await replier.finish()

    @staticmethod
    async def _acknowledge(replier: InteractionReplier, after: float = 0.0) -> None:
        if after:
            await asyncio.sleep(after)
        try:
            await replier.acknowledge()
        except discord.HTTPException as exc:
            log.warning("could not acknowledge interaction %s: %s", replier.interaction.id, exc)

    # --- outbound ----------------------------------------------------------------------------
    async def send(self, chat: ChatRef, reply: Reply, *, origin: Event | None = None) -> str:
        texts = render_text(reply.text)
        replier = self._repliers.get(origin.update_id) if origin and origin.update_id else None
        if replier is not None:
            try:
                return await replier.send(
                    texts,
                    ephemeral=reply.ephemeral,
                    view=build_view(reply.keyboard),
                    files=build_files(reply.attachments),
                )
            except discord.NotFound:
                # The interaction expired (15 minutes); post it the ordinary way instead.
                log.info(
                    "interaction %s expired; sending to the chat", origin and origin.update_id
                )
        if reply.ephemeral and not chat.is_private:
            if origin is None:
                log.warning("an ephemeral reply without an interaction was dropped")
                return ""
            chat = ChatRef.private_to(origin.user)  # only that person may read it
        return await self._post(chat, texts, reply)

    async def _post(self, chat: ChatRef, texts: list[str], reply: Reply) -> str:
        # 429s wait and 5xx are retried (up to 5 tries) inside discord.py's HTTP client already.
        try:
            channel = await self._channel_for(chat)
            message_id = ""
            for index, text in enumerate(texts):
                extras: dict[str, Any] = {}
                if index == len(texts) - 1:
                    view = build_view(reply.keyboard)
                    if view is not None:
                        extras["view"] = view
                    if reply.attachments:
                        extras["files"] = build_files(reply.attachments)
                if index == 0 and reply.reply_to.isdigit():
                    extras["reference"] = discord.MessageReference(
                        message_id=int(reply.reply_to),
                        channel_id=channel.id,
                        fail_if_not_exists=False,
                    )
                sent = await channel.send(text or None, allowed_mentions=NO_MENTIONS, **extras)
                message_id = str(sent.id)
            return message_id
        except (discord.Forbidden, discord.NotFound) as exc:
            if exc.code in UNAVAILABLE_CODES:
                raise RecipientUnavailable(f"{chat.kind} {chat.id}: {exc.text}") from exc
            raise

    async def _channel_for(self, chat: ChatRef) -> discord.abc.Messageable:
        if not chat.id.isdigit():
            raise RecipientUnavailable(f"not a Discord id: {chat.id!r}")
        if chat.is_private:
            return await self.client.create_dm(discord.Object(id=int(chat.id)))
        channel = self.client.get_channel(int(chat.id))
        if isinstance(channel, discord.abc.Messageable):
            return channel
        return self.client.get_partial_messageable(int(chat.id))
