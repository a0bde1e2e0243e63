"""/kp add|edit|remove and /alias add: a regrade preview of the samples, then confirm or cancel."""

from __future__ import annotations

from datetime import timedelta

from bot.content_edit import (
    EditError,
    State,
    add_alias,
    add_point,
    edit_point,
    regrade,
    remove_point,
    split_list,
)
from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.handlers.admin import require_admin
from bot.core.handlers.admin_changes import (
    checked,
    commit_change,
    conflict,
    find_row,
    refuse_edit,
    row_state,
    words_after,
)
from bot.core.payloads import pack
from bot.core.replies import Button, Keyboard
from bot.core.router import Router
from bot.storage.admin import PendingChange
from bot.storage.models import QuestionRow
from bot.storage.repository import question_from_row

router = Router()
SAMPLE_PREVIEW = 24
PENDING_TTL = timedelta(hours=24)


@router.command(
    "kp",
    spec=CommandSpec(
        "kp",
        "要点管理:/kp add|edit|remove 题号 …",
        "Key points: /kp add|edit|remove ID …",
        (CommandOption("action", "add, edit or remove"), CommandOption("rest", "arguments")),
        admin=True,
    ),
)
async def kp_command(ctx: Context) -> None:
    if not await require_admin(ctx, "/kp"):
        return
    rest = ctx.command.rest if ctx.command else ""
    words, _ = words_after(rest, 1)
    action = words[0].lower() if words else ""
    if action == "add":
        await _kp_add(ctx, rest)
    elif action == "edit":
        await _kp_edit(ctx, rest)
    elif action == "remove":
        await _kp_remove(ctx, rest)
    else:
        ctx.reply(ctx.t("adm.kp_usage"))


async def _kp_add(ctx: Context, rest: str) -> None:
    words, tail = words_after(rest, 2)
    label, bar, aliases = tail.partition("|")
    if len(words) != 2 or not bar or not label.strip():
        ctx.reply(ctx.t("adm.kp_usage"))
        return
    row = await find_row(ctx, words[1], edit=True)
    if row is not None:
        new_state, point_id = add_point(row_state(row), label.strip(), split_list(aliases))
        await _preview(ctx, row, new_state, "kp add", f"+{point_id} {label.strip()[:60]}")


async def _kp_edit(ctx: Context, rest: str) -> None:
    words, value = words_after(rest, 4)
    if len(words) != 4 or not value.strip():
        ctx.reply(ctx.t("adm.kp_usage"))
        return
    row = await find_row(ctx, words[1], edit=True)
    if row is None:
        return
    point_id, field = words[2], words[3].lower()
    try:
        new_state = edit_point(row_state(row), point_id, field, value.strip())
    except EditError as exc:
        refuse_edit(ctx, exc)
        return
    await _preview(ctx, row, new_state, "kp edit", f"{point_id}.{field} = {value.strip()[:60]}")


async def _kp_remove(ctx: Context, rest: str) -> None:
    words = rest.split()
    if len(words) != 3:
        ctx.reply(ctx.t("adm.kp_usage"))
        return
    row = await find_row(ctx, words[1], edit=True)
    if row is None:
        return
    try:
        new_state = remove_point(row_state(row), words[2])
    except EditError as exc:
        refuse_edit(ctx, exc)
        return
    await _preview(ctx, row, new_state, "kp remove", f"-{words[2]}")


@router.command(
    "alias",
    spec=CommandSpec(
        "alias",
        "加别名:/alias add 题号 要点 别名",
        "Add an alias: /alias add ID KP alias",
        (CommandOption("rest", "add ID KP alias", required=True),),
        admin=True,
    ),
)
async def alias_command(ctx: Context) -> None:
    if not await require_admin(ctx, "/alias"):
        return
    words, alias = words_after(ctx.command.rest if ctx.command else "", 3)
    if len(words) != 3 or words[0].lower() != "add" or not alias.strip():
        ctx.reply(ctx.t("adm.alias_usage"))
        return
    row = await find_row(ctx, words[1], edit=True)
    if row is None:
        return
    try:
        new_state = add_alias(row_state(row), words[2], alias.strip())
    except EditError as exc:
        refuse_edit(ctx, exc)
        return
    await _preview(ctx, row, new_state, "alias add", f"{words[2]} += {alias.strip()[:60]}")


async def _preview(
    ctx: Context, row: QuestionRow, new_state: State, action: str, summary: str
) -> None:
    """Validate, re-grade the samples under the old and new key points, and ask to confirm."""
    assert ctx.user is not None
    question = checked(ctx, new_state)
    if question is None:
        return
    samples = [(f"#{s.id}", s.text) for s in await ctx.repo.admin.samples(row.id)]
    moves = regrade(question_from_row(row), question, samples)
    pending = PendingChange(
        user_id=ctx.user.id,
        question_id=row.id,
        base_version=row.version,
        action=action,
        summary=summary[:300],
        after=new_state,
        created_at=ctx.now(),
    )
    await ctx.repo.admin.add(pending)
    lines = [ctx.t("adm.preview_title", id=row.id, summary=summary), ctx.t("adm.preview_moves")]
    for move in moves:
        label = ctx.t("adm.model_answer") if move.label == "model" else move.label
        text = move.text if len(move.text) <= SAMPLE_PREVIEW else move.text[:SAMPLE_PREVIEW] + "…"
        delta = move.after - move.before
        sign = f" ({delta:+d})" if delta else ""
        lines.append(f"• {label} “{text}”: {move.before} → {move.after}{sign}")
    lines.append(ctx.t("adm.preview_confirm"))
    keyboard = Keyboard.of(
        [
            Button(ctx.t("adm.confirm"), pack("admok", pending.id)),
            Button(ctx.t("adm.cancel"), pack("admno", pending.id)),
        ]
    )
    ctx.reply("\n".join(lines), keyboard)


async def _own_pending(ctx: Context) -> PendingChange | None:
    assert ctx.user is not None and ctx.payload is not None
    pending = await ctx.repo.admin.pending(ctx.payload.int_arg(0))
    if pending is None:
        ctx.reply(ctx.t("adm.pending_gone"), ephemeral=True)
        return None
    if pending.user_id != ctx.user.id:
        ctx.reply(ctx.t("adm.pending_not_yours"), ephemeral=True)
        return None
    return pending


@router.button("admok")
async def confirm(ctx: Context) -> None:
    if not await require_admin(ctx, "confirm") or (pending := await _own_pending(ctx)) is None:
        return
    await ctx.repo.session.delete(pending)
    row = await find_row(ctx, pending.question_id, lock=True)
    if row is None:
        return
    if row.version != pending.base_version:
        await conflict(ctx, row.id)
        return
    question = checked(ctx, pending.after)
    if question is not None and await commit_change(
        ctx, row, pending.base_version, question, pending.action, pending.summary
    ):
        ctx.reply(ctx.t("adm.saved", id=row.id, version=row.version))


@router.button("admno")
async def cancel(ctx: Context) -> None:
    if (pending := await _own_pending(ctx)) is None:
        return
    await ctx.repo.session.delete(pending)
    ctx.reply(ctx.t("adm.cancelled"))


async def expire_previews(ctx: Context) -> None:
    """Background job: a preview not confirmed within a day expires (its buttons say so)."""
    await ctx.repo.admin.expire_pending(ctx.now() - PENDING_TTL)
