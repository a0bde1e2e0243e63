"""/mydata (everything stored about you, as a JSON file) and /forget (erase it, once confirmed)."""

from __future__ import annotations

import json

from bot.core.commands import CommandSpec
from bot.core.context import Context
from bot.core.payloads import pack
from bot.core.replies import Attachment, Button, Keyboard
from bot.core.router import Router
from bot.storage import userdata

router = Router()


@router.command(
    "mydata",
    "我的数据",
    spec=CommandSpec("mydata", "导出我的全部数据(JSON)", "Export all my data (JSON)"),
)
async def mydata(ctx: Context) -> None:
    assert ctx.user is not None
    if not ctx.require_private():
        return
    await ctx.repo.session.flush()
    tables = await userdata.export(ctx.repo.session, ctx.user.id)
    document = {
        "exported_at": ctx.now().isoformat(),
        "user_id": ctx.user.id,
        "tables": tables,
    }
    data = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()
    rows = sum(len(r) for r in tables.values())
    ctx.reply(
        ctx.t("mydata.caption", rows=rows, tables=len(tables)),
        attachments=(Attachment(f"mydata-{ctx.user.id}.json", data, kind="file"),),
    )


@router.command(
    "forget",
    "删除数据",
    spec=CommandSpec("forget", "删除我的全部数据", "Delete all my data"),
)
async def forget(ctx: Context) -> None:
    assert ctx.user is not None
    if not ctx.require_private():
        return
    keyboard = Keyboard.of(
        [
            Button(ctx.t("forget.yes"), pack("forget", "yes", ctx.user.id)),
            Button(ctx.t("forget.no"), pack("forget", "no", ctx.user.id)),
        ]
    )
    ctx.reply(ctx.t("forget.confirm"), keyboard)


@router.button("forget")
async def forget_button(ctx: Context) -> None:
    assert ctx.user is not None and ctx.payload is not None
    if ctx.payload.int_arg(1) != ctx.user.id:
        # Someone else's button, or one from before an earlier /forget: change nothing.
        ctx.reply(ctx.t("error.stale_button"), ephemeral=True)
        return
    if ctx.payload.arg(0) != "yes":
        ctx.reply(ctx.t("forget.cancelled"))
        return
    done = ctx.t("forget.done", rows="{rows}")  # in their language, before the user row goes
    rows = await userdata.erase(ctx.repo.session, ctx.user.id)
    ctx.reply(done.format(rows=rows))
