"""/export [track]: the bank as the database holds it, as a zip of TOML files in the chat."""

from __future__ import annotations

from bot.content_io import export_files, export_zip
from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.handlers.admin import require_admin
from bot.core.replies import Attachment
from bot.core.router import Router

router = Router()


@router.command(
    "export",
    spec=CommandSpec(
        "export",
        "导出题库(zip 内含 TOML 文件)",
        "Export the bank as a zip of TOML files",
        (CommandOption("track", "Track (default: all)", "track"),),
        admin=True,
    ),
)
async def export(ctx: Context) -> None:
    if not await require_admin(ctx, "/export"):
        return
    if len(ctx.args) > 1:
        ctx.reply(ctx.t("export.usage"))
        return
    track = ""
    if ctx.args:
        found = ctx.catalog.resolve_track(ctx.args[0])
        if found is None:
            tracks = ", ".join(t.key for t in ctx.catalog.tracks)
            ctx.reply(ctx.t("export.unknown_track", given=ctx.args[0][:40], tracks=tracks))
            return
        track = found.key
    bank = await ctx.repo.load_bank()
    files = export_files(bank, track)
    count = sum(len(bank.in_track(name.removesuffix(".toml"))) for name in files)
    name = f"{track or 'bank'}-{ctx.now():%Y%m%d-%H%M}.zip"
    ctx.reply(
        ctx.t("export.done", files=len(files), count=count),
        attachments=(Attachment(name, export_zip(files)),),
    )
