"""Discord DMs, channel posts and command registration: what reaches people, and what does not."""

from __future__ import annotations

import asyncio
import socket

import discord
import pytest
from sqlalchemy import select

from bot.adapters.discord_adapter import DiscordAdapter
from bot.adapters.discord_views import split_text
from bot.app import StartupError
from bot.core.context import Outgoing
from bot.core.dispatcher import Core
from bot.core.events import ChatRef, Document, Event, Text, UserRef
from bot.core.ports import RecipientUnavailable
from bot.core.replies import Button, Keyboard, Reply
from bot.storage.models import Identity
from tests.discord_fakes import DiscordWorld, labels, make_adapter, shown

GOOD = {
    "GIL": "GIL 是 CPython 的全局解释器锁,同一时刻只有一个线程执行字节码,CPU 密集用多进程,I/O 密集多线程仍有效。",
    "assert": "assert 条件不成立时抛出 AssertionError;用 -O 运行时断言会被移除,只用于调试,不能做输入校验。",
    "格式化": "有 % 格式化、str.format 方法和 f-string 三种,f-string 最快。",
}


def good_answer(question: str) -> str:
    return next(answer for key, answer in GOOD.items() if key in question)


async def test_a_dm_works_with_plain_text_commands_and_answers(world: DiscordWorld) -> None:
    dora = world.env.create_user("dora", global_name="Dora")
    await dora.send_dm("/interview python 1")
    question = dora.dm_channel.last_message
    assert "第 1/1 题" in question.content
    assert "回答" not in labels(question)  # in a DM the answer is simply typed
    await dora.send_dm(good_answer(question.content))
    verdict = shown(dora.dm_channel.history()[-1].content)
    assert "得分:100/100" in verdict and "参考答案" in verdict


async def test_slash_commands_work_in_a_dm_and_stay_in_the_history(world: DiscordWorld) -> None:
    dora = world.env.create_user("dora")
    result = await dora.slash("tracks")
    assert not result.ephemeral
    assert "python — Python编程基础:3 题" in shown(result.response.content)


async def test_plain_messages_in_a_server_are_not_read(world: DiscordWorld) -> None:
    await world.alice.slash(world.channel, "interview", track="python", count=1)
    before = len(world.channel.history())
    await world.bob.send(world.channel, "/interview python")
    await world.alice.send(world.channel, "GIL 是全局解释器锁")
    assert len(world.channel.history()) == before + 2  # only the two people's own messages


@pytest.mark.simcord(approved_intents=discord.Intents.default())
async def test_the_bot_needs_no_privileged_intents(world: DiscordWorld) -> None:
    result = await world.alice.slash(world.channel, "tracks")
    assert "python" in result.response.content


async def test_closed_dms_make_the_person_unavailable_and_others_still_get_posts(
    world: DiscordWorld, core: Core
) -> None:
    await world.bob.slash(world.channel, "stats")  # Bob is known to the bot
    bob = UserRef("discord", str(world.bob.id), "Bob")
    world.env.inject_error(
        "POST", "/channels/*/messages", status=403, code=50007,
        message="Cannot send messages to this user",
    )  # fmt: skip
    with pytest.raises(RecipientUnavailable):
        await world.adapter.send(ChatRef.private_to(bob), Reply("今日一题"))

    world.env.inject_error("POST", "/channels/*/messages", status=403, code=50007)
    await core.deliver(
        [
            Outgoing(ChatRef.private_to(bob), Reply("今日一题")),
            Outgoing(world.chat, Reply("频道里的今日一题")),
        ]
    )
    assert "频道里的今日一题" in world.texts_seen_by(world.carol)
    async with core.database.transaction() as session:
        identity = await session.scalar(
            select(Identity).where(Identity.platform_user_id == str(world.bob.id))
        )
    assert identity is not None and identity.dm_unavailable


async def test_a_long_reply_is_split_at_line_breaks_with_buttons_on_the_last_part(
    world: DiscordWorld,
) -> None:
    lines = [f"{n:02d} " + "要点" * 48 for n in range(45)]  # 45 lines of 99 characters
    text = "\n".join(lines)
    assert len(text) == 4499
    keyboard = Keyboard.of([Button("下一题", "v1:next:1:0")])
    await world.adapter.send(world.chat, Reply(text, keyboard))
    parts = world.channel.history()[-3:]
    assert len(world.channel.history()) == 3
    assert all(len(p.content) <= 2000 for p in parts)
    assert "\n".join(p.content for p in parts) == text
    assert [labels(p) for p in parts] == [[], [], ["下一题"]]


def test_split_text_cuts_an_overlong_line_at_spaces_and_never_inside_an_escape() -> None:
    words = " ".join(["word"] * 1000)  # 4,999 characters on one line
    parts = split_text(words)
    assert all(len(p) <= 2000 for p in parts) and " ".join(parts).split() == words.split()
    escaped = "a" * 1999 + "\\*" + "b" * 10
    first, second = split_text(escaped)
    assert first == "a" * 1999 and second.startswith("\\*")


async def test_names_and_answers_are_shown_literally_and_never_ping(
    world: DiscordWorld, core: Core
) -> None:
    eve = world.guild.add_member(world.env.create_user("eve", global_name="**Eve** @everyone"))
    posted = await world.alice.slash(world.channel, "quiz", track="python")
    form = await eve.click(posted.response.message, label="回答")
    await eve.submit_modal(form, {"answer": "assert 会抛出 AssertionError"})
    revealed = await world.alice.slash(world.channel, "reveal")
    raw = revealed.response.content
    assert "\\*\\*Eve\\*\\*" in raw and "@everyone" not in raw  # no bold, no mass ping
    assert "**Eve** @\u200beveryone" in shown(raw)
    sent = [e.json for e in world.env.http_requests if isinstance(e.json, dict)]
    assert all(
        body.get("data", body).get("allowed_mentions", {"parse": []}) == {"parse": []}
        for body in sent
        if "content" in body.get("data", body)
    )


async def test_every_core_command_is_a_slash_command_with_track_autocomplete(
    world: DiscordWorld, core: Core
) -> None:
    offered = set(world.alice.available_commands(world.channel))
    assert {spec.name for spec in core.command_specs} <= offered
    assert {"interview", "quiz", "reveal", "settings", "lang", "stats"} <= offered
    choices = await world.alice.autocomplete(world.channel, "interview", "track", "py")
    assert [c["value"] for c in choices] == ["python"]
    assert "(3)" in choices[0]["name"]
    chinese = await world.alice.autocomplete(world.channel, "quiz", "track", "开放")
    assert [c["value"] for c in chinese] == ["open"]


async def test_commands_carry_chinese_descriptions_choices_and_ranges(world: DiscordWorld) -> None:
    synced = next(
        e.json for e in world.env.http_requests if e.method == "PUT" and "commands" in e.path
    )
    by_name = {c["name"]: c for c in synced}
    interview = by_name["interview"]
    assert interview["description_localizations"]["zh-CN"].startswith("开始模拟面试")
    options = {o["name"]: o for o in interview["options"]}
    assert options["track"]["autocomplete"] and options["count"]["min_value"] == 1
    lang = {o["name"]: o for o in by_name["lang"]["options"]}["language"]
    assert lang["required"] and [c["value"] for c in lang["choices"]] == ["zh", "en"]


@pytest.mark.parametrize("adapter_options", [{"guild_ids": (424242424242424242,)}])
async def test_guild_ids_register_commands_in_those_servers(
    simcord_env: object, discord_adapter: DiscordAdapter
) -> None:
    guild = simcord_env.create_guild("dev", id=424242424242424242)  # type: ignore[attr-defined]
    channel = guild.create_text_channel("dev")
    await discord_adapter.sync_commands()
    tester = guild.add_member(simcord_env.create_user("tester"))  # type: ignore[attr-defined]
    puts = [e.path for e in simcord_env.http_requests if e.method == "PUT"]  # type: ignore[attr-defined]
    assert any("/guilds/424242424242424242/commands" in path for path in puts)
    result = await tester.slash(channel, "tracks")
    assert "python" in result.response.content


async def test_building_the_adapter_needs_no_network(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used while building the adapter")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    adapter = make_adapter(core)
    names = {command.name for command in adapter.tree.get_commands()}
    assert names == {spec.name for spec in core.command_specs}
    assert adapter.client.http._HTTPClient__session is discord.utils.MISSING  # type: ignore[attr-defined]
    await adapter.client.close()


async def test_a_rejected_token_stops_start_up_with_a_clear_message(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = make_adapter(core)

    async def rejected(token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(adapter.client, "login", rejected)
    with pytest.raises(StartupError, match="DISCORD_BOT_TOKEN"):
        await adapter.start(core.handle)


async def test_start_logs_in_keeps_the_gateway_in_a_task_and_stop_ends_it(
    core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = make_adapter(core)
    calls: list[str] = []
    closed = asyncio.Event()

    async def login(token: str) -> None:
        calls.append(f"login {token}")

    async def connect(*, reconnect: bool = True) -> None:
        calls.append("connect")
        await closed.wait()

    async def close() -> None:
        calls.append("close")
        closed.set()

    monkeypatch.setattr(adapter.client, "login", login)
    monkeypatch.setattr(adapter.client, "connect", connect)
    monkeypatch.setattr(adapter.client, "close", close)
    await adapter.start(core.handle)
    await asyncio.sleep(0)
    assert calls == ["login offline-test-token", "connect"]
    assert not adapter.finished.is_set()  # start() returned while the gateway runs
    await adapter.stop()
    assert calls[-1] == "close" and adapter.finished.is_set()


async def test_a_file_sent_in_a_dm_reaches_the_core_as_a_document(
    world: DiscordWorld, core: Core
) -> None:
    seen: list[Event] = []

    async def spy(event: Event) -> None:
        seen.append(event)
        await core.handle(event)

    world.adapter._handle = spy
    dora = world.env.create_user("dora")
    files = world.env.backend.store_attachments(dora.dm_channel.id, [("q.toml", b"id = 1\n")])
    await dora.send_dm("我的题目", attachments=files)
    assert isinstance(seen[-1], Document)
    assert (seen[-1].filename, seen[-1].data, seen[-1].caption) == (
        "q.toml",
        b"id = 1\n",
        "我的题目",
    )
    assert dora.dm_channel.last_message.author.bot  # the bot answered in the DM


async def test_a_private_note_without_an_interaction_goes_to_a_dm_not_the_channel(
    world: DiscordWorld,
) -> None:
    await world.bob.slash(world.channel, "stats")
    bob = UserRef("discord", str(world.bob.id), "Bob")
    origin = Text(bob, world.chat, "late")
    await world.adapter.send(world.chat, Reply("只给你看", ephemeral=True), origin=origin)
    assert "只给你看" not in world.texts_seen_by(world.carol)
    assert world.bob.user.dm_channel.last_message.content == "只给你看"
