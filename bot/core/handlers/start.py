"""/start, /help, /tracks and /lang, plus the hint for text that nothing else wanted."""

from __future__ import annotations

from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.handlers.admin import is_admin
from bot.core.router import Router

router = Router()


def command_list(ctx: Context, *, admin: bool = False) -> str:
    """The commands this person may use (admin ones for owners and content admins)."""
    lines = [ctx.t("help.title")]
    for spec in ctx.core.command_specs:
        if spec.admin and not (admin or ctx.is_owner()):
            continue
        description = spec.description_en if ctx.lang == "en" else spec.description_zh
        lines.append(f"/{spec.name} — {description}")
    return "\n".join(lines)


@router.command("start", spec=CommandSpec("start", "介绍与开始", "What this bot does"))
async def start(ctx: Context) -> None:
    name = ctx.sender.display_name or ("同学" if ctx.lang == "zh" else "there")
    commands = command_list(ctx, admin=await is_admin(ctx))
    ctx.reply(ctx.t("start.welcome", name=name, commands=commands))


@router.command("help", "帮助", spec=CommandSpec("help", "命令列表", "List the commands"))
async def help_command(ctx: Context) -> None:
    ctx.reply(command_list(ctx, admin=await is_admin(ctx)))


@router.command(
    "tracks", "方向", spec=CommandSpec("tracks", "题库方向与题量", "Tracks and counts")
)
async def tracks(ctx: Context) -> None:
    if not ctx.catalog.tracks:
        ctx.reply(ctx.t("tracks.empty"))
        return
    lines = [ctx.t("tracks.title")]
    for track in ctx.catalog.tracks:
        count = len(ctx.catalog.active(track.key))
        lines.append(
            ctx.t("tracks.line", key=track.key, name=track.name_in(ctx.lang), count=count)
        )
    ctx.reply("\n".join(lines))


@router.command(
    "lang",
    "语言",
    spec=CommandSpec(
        "lang",
        "切换语言:/lang zh|en",
        "Switch language: /lang zh|en",
        (CommandOption("language", "zh or en", required=True, choices=("zh", "en")),),
    ),
)
async def lang(ctx: Context) -> None:
    assert ctx.user is not None
    wanted = ctx.args[0].lower() if ctx.args else ""
    aliases = {"zh": "zh", "cn": "zh", "中文": "zh", "en": "en", "english": "en", "英文": "en"}
    if wanted not in aliases or len(ctx.args) != 1:
        ctx.reply(ctx.t("lang.usage"))
        return
    ctx.user.lang = aliases[wanted]
    ctx.reply(ctx.t("lang.set"))


fallback = Router()


@fallback.text
async def nothing_open(ctx: Context) -> bool:
    """In a private chat, text that no feature wanted gets a pointer; groups stay quiet."""
    if ctx.chat.is_private:
        ctx.reply(ctx.t("iv.no_interview"))
    return True
