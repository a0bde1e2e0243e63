"""/q: show, edit, disable, enable, search, try, log and revert (add lives in admin_add)."""

from __future__ import annotations

from bot.content_edit import EditError, describe_change, edit_field, set_enabled
from bot.core import render
from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.handlers import admin_add
from bot.core.handlers.admin import actor, require_admin
from bot.core.handlers.admin_changes import (
    checked,
    commit_change,
    find_row,
    question_card,
    refuse_edit,
    row_state,
    saw,
    words_after,
)
from bot.core.router import Router
from bot.storage.admin import SampleAnswer
from bot.storage.repository import question_from_row

router = Router()
SEARCH_LIMIT = 10
LOG_LIMIT = 10
LOG_DETAIL_LINES = 4
MAX_QUERY_CHARS = 100


@router.command(
    "q",
    spec=CommandSpec(
        "q",
        "题库管理:/q add|show|edit|disable|enable|search|try|log|revert",
        "Curate questions: /q add|show|edit|disable|enable|search|try|log|revert",
        (CommandOption("action", "add, show, edit, ..."), CommandOption("rest", "arguments")),
        admin=True,
    ),
)
async def q_command(ctx: Context) -> None:
    if not await require_admin(ctx, "/q"):
        return
    rest = ctx.command.rest if ctx.command else ""
    (action,), rest = words_after(rest, 1) if rest.strip() else ([""], "")
    handler = _ACTIONS.get(action.lower())
    if handler is None:
        ctx.reply(ctx.t("adm.q_usage"))
        return
    await handler(ctx, rest)


async def _one_id(ctx: Context, rest: str, usage: str) -> str | None:
    words = rest.split()
    if len(words) != 1:
        ctx.reply(ctx.t(usage))
        return None
    return words[0]


async def show(ctx: Context, rest: str) -> None:
    question_id = await _one_id(ctx, rest, "adm.show_usage")
    row = await find_row(ctx, question_id) if question_id else None
    if row is not None:
        samples = await ctx.repo.admin.samples(row.id)
        await saw(ctx, row)
        ctx.reply(question_card(ctx, row, len(samples)))


async def edit(ctx: Context, rest: str) -> None:
    words, value = words_after(rest, 2)
    if len(words) != 2 or not value.strip():
        ctx.reply(ctx.t("adm.edit_usage"))
        return
    row = await find_row(ctx, words[0], edit=True)
    if row is None:
        return
    field = words[1].lower()
    try:
        new_state = edit_field(row_state(row), field, value.strip())
    except EditError as exc:
        refuse_edit(ctx, exc)
        return
    question = checked(ctx, new_state)
    if question is not None and await commit_change(
        ctx, row, row.version, question, "edit", f"{field} = {value.strip()[:80]}"
    ):
        ctx.reply(ctx.t("adm.saved", id=row.id, version=row.version))


async def _toggle(ctx: Context, rest: str, enabled: bool) -> None:
    question_id = await _one_id(ctx, rest, "adm.toggle_usage")
    row = await find_row(ctx, question_id, edit=True) if question_id else None
    if row is None:
        return
    if row.enabled == enabled:
        ctx.reply(ctx.t("adm.already_enabled" if enabled else "adm.already_disabled", id=row.id))
        return
    question = checked(ctx, set_enabled(row_state(row), enabled))
    action = "enable" if enabled else "disable"
    if question is not None and await commit_change(ctx, row, row.version, question, action, ""):
        ctx.reply(ctx.t("adm.enabled_now" if enabled else "adm.disabled_now", id=row.id))


async def disable(ctx: Context, rest: str) -> None:
    await _toggle(ctx, rest, False)


async def enable(ctx: Context, rest: str) -> None:
    await _toggle(ctx, rest, True)


async def search(ctx: Context, rest: str) -> None:
    words = rest.split()
    if not words or len(rest) > MAX_QUERY_CHARS:
        ctx.reply(ctx.t("adm.search_usage", max=MAX_QUERY_CHARS))
        return
    rows = await ctx.repo.admin.search(words, SEARCH_LIMIT)
    if not rows:
        ctx.reply(ctx.t("adm.search_none", text=rest.strip()))
        return
    lines = [ctx.t("adm.search_title", count=len(rows))]
    for row in rows:
        mark = "" if row.enabled else " ⏸"
        lines.append(f"• {row.id} · {row.track} · {row.data.get('title', '')[:60]}{mark}")
    ctx.reply("\n".join(lines))


async def try_answer(ctx: Context, rest: str) -> None:
    words, answer = words_after(rest, 1)
    keep = False
    tokens = answer.split()
    if tokens and tokens[-1] == "--keep":
        keep, answer = True, answer.rstrip()[: -len("--keep")]
    elif tokens and tokens[0] == "--keep":
        keep, answer = True, answer.lstrip()[len("--keep") :]
    answer = answer.strip()
    limit = ctx.config.bot.max_answer_chars
    if len(words) != 1 or not answer or len(answer) > limit:
        ctx.reply(ctx.t("adm.try_usage", max=limit))
        return
    row = await find_row(ctx, words[0])
    if row is None:
        return
    question = question_from_row(row)
    await saw(ctx, row)
    verdict = ctx.grade(answer, question)
    lines = [ctx.t("adm.try_title", id=row.id, version=row.version)]
    lines += render.verdict_lines(verdict, ctx.lang, verdict.score, 0, 0)
    if keep:
        sample = SampleAnswer(
            question_id=row.id, text=answer, added_by=actor(ctx)[:96], created_at=ctx.now()
        )
        await ctx.repo.admin.add(sample)
        lines.append(ctx.t("adm.try_kept", id=sample.id))
    ctx.reply("\n".join(lines))


async def log_command(ctx: Context, rest: str) -> None:
    question_id = await _one_id(ctx, rest, "adm.log_usage")
    row = await find_row(ctx, question_id) if question_id else None
    if row is None:
        return
    changes = await ctx.repo.admin.history(row.id, LOG_LIMIT)
    if not changes:
        ctx.reply(ctx.t("adm.log_empty", id=row.id))
        return
    lines = [ctx.t("adm.log_title", id=row.id, version=row.version)]
    for change in changes:
        when = change.created_at.strftime("%Y-%m-%d %H:%M")
        who = change.actor_name or change.actor
        summary = f" · {change.summary}" if change.summary else ""
        lines.append(f"v{change.version} · {when} UTC · {who} · {change.action}{summary}")
        details = describe_change(change.before, change.after)
        lines += [f"    {line}" for line in details[:LOG_DETAIL_LINES]]
    ctx.reply("\n".join(lines))


async def revert(ctx: Context, rest: str) -> None:
    question_id = await _one_id(ctx, rest, "adm.revert_usage")
    row = await find_row(ctx, question_id, edit=True) if question_id else None
    if row is None:
        return
    changes = await ctx.repo.admin.history(row.id, limit=1)
    if not changes:
        ctx.reply(ctx.t("adm.log_empty", id=row.id))
        return
    last = changes[0]
    # Undoing an addition retires the question rather than deleting it: attempts refer to it.
    target = last.before if last.before is not None else set_enabled(row_state(row), False)
    question = checked(ctx, target)
    if question is None:
        return
    summary = f"v{last.version} {last.action}"
    if await commit_change(ctx, row, row.version, question, "revert", summary):
        ctx.reply(ctx.t("adm.reverted", id=row.id, undone=summary, version=row.version))


_ACTIONS = {
    "add": admin_add.start_add,
    "show": show,
    "edit": edit,
    "disable": disable,
    "enable": enable,
    "search": search,
    "try": try_answer,
    "log": log_command,
    "revert": revert,
}
