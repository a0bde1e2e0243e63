"""Admin commands on Discord: slash commands, the preview's buttons and a .toml sent in a DM."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.dispatcher import Core
from tests.admin_helpers import NEW_QUESTION, row
from tests.discord_fakes import DiscordWorld, labels, shown
from tests.recording import ChatDriver


async def test_server_admin_is_not_a_content_admin(world: DiscordWorld, core: Core) -> None:
    result = await world.alice.slash(world.channel, "q", action="show", rest="t-py-gil")
    assert "只有题库管理员" in shown(result.response.message.content)
    assert result.response.ephemeral


async def test_granted_admin_edits_by_slash_command_and_confirms_by_button(
    world: DiscordWorld, core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    owner = chat_for("owner")
    await owner.say(f"/admin grant discord:{world.bob.id}")
    edited = await world.bob.slash(
        world.channel, "q", action="edit", rest="t-py-gil title 在 Discord 上改的标题"
    )
    assert "已保存:t-py-gil 现在是 v2" in shown(edited.response.message.content)
    preview = await world.bob.slash(world.channel, "alias", rest="add t-py-gil lock GIL锁")
    message = preview.response.message
    assert "预览 t-py-gil" in shown(message.content)
    assert labels(message) == ["确认", "取消"]
    await world.bob.click(message, label="确认")
    assert "现在是 v3" in world.texts_seen_by(world.bob)
    stored = await row(core, "t-py-gil")
    assert stored is not None and stored.data["title"] == "在 Discord 上改的标题"
    assert "GIL锁" in stored.data["key_points"][0]["aliases"]


async def test_toml_file_in_a_dm_is_imported(
    world: DiscordWorld, core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    await chat_for("owner").say(f"/admin grant discord:{world.bob.id}")
    bob = world.bob.user
    files = world.env.backend.store_attachments(
        bob.dm_channel.id, [("walrus.toml", NEW_QUESTION.encode())]
    )
    await bob.send_dm("/q add", attachments=files)
    assert "已导入 1 道题:py-walrus" in shown(bob.dm_channel.last_message.content)
    assert await row(core, "py-walrus") is not None
