"""Shared steps of admin edits: find the question, validate, save with a version check, log."""

from __future__ import annotations

import re

from bot.bank import ContentError, Question
from bot.content_edit import EditError, State, row_values, state_of, validate
from bot.core.context import Context
from bot.core.handlers.admin import actor, problems_text
from bot.core.render import stars
from bot.storage.admin import QuestionChange
from bot.storage.models import QuestionRow
from bot.storage.repository import question_from_row

MAX_ID_CHARS = 48


def words_after(rest: str, count: int) -> tuple[list[str], str]:
    """The first `count` words and the untouched remainder (values may hold spaces, newlines)."""
    parts = re.split(r"\s+", rest.strip(), maxsplit=count)
    if len(parts) <= count:
        return parts if parts != [""] else [], ""
    return parts[:count], parts[count]


async def find_row(
    ctx: Context, question_id: str, *, lock: bool = False, edit: bool = False
) -> QuestionRow | None:
    """The question's row, or None after telling the admin there is no such id (or, for an
    edit, that someone else changed it since this admin last looked)."""
    row = None
    if len(question_id) <= MAX_ID_CHARS:
        row = await ctx.repo.admin.question(question_id, lock=lock or edit)
    if row is None:
        ctx.reply(ctx.t("adm.unknown_id", id=question_id[:MAX_ID_CHARS]))
        return None
    if edit and not await current_view(ctx, row):
        return None
    return row


def row_state(row: QuestionRow) -> State:
    return state_of(row.id, row.track, row.enabled, row.data)


def checked(ctx: Context, state: State) -> Question | None:
    """The validated question, or None after listing every problem (nothing stored)."""
    try:
        return validate(state, [t.key for t in ctx.catalog.tracks])
    except ContentError as exc:
        ctx.reply(problems_text(ctx, exc.problems))
        return None


def refuse_edit(ctx: Context, exc: EditError) -> None:
    ctx.reply(problems_text(ctx, exc.problems))


async def conflict(ctx: Context, row_id: str) -> None:
    row = await ctx.repo.admin.question(row_id)
    history = await ctx.repo.admin.history(row_id, limit=1)
    who = (history[0].actor_name or history[0].actor) if history else "-"
    version = row.version if row is not None else 0
    ctx.reply(ctx.t("adm.conflict", id=row_id, who=who, version=version))


async def current_view(ctx: Context, row: QuestionRow) -> bool:
    """False (and a conflict message) when the admin last looked at an older version than now."""
    assert ctx.user is not None
    seen = await ctx.repo.admin.seen_version(ctx.user.id, row.id)
    if seen is None or seen == row.version:
        return True
    await conflict(ctx, row.id)
    return False


async def saw(ctx: Context, row: QuestionRow) -> None:
    assert ctx.user is not None
    await ctx.repo.admin.saw(ctx.user.id, row.id, row.version)


async def commit_change(
    ctx: Context,
    row: QuestionRow,
    base_version: int,
    question: Question,
    action: str,
    summary: str,
) -> bool:
    """Save a validated question if nobody changed it since `base_version`; record history."""
    before = row_state(row)
    saved = await ctx.repo.admin.save_question(row, base_version, row_values(question), ctx.now())
    if not saved:
        await conflict(ctx, row.id)
        return False
    await ctx.repo.admin.record(
        QuestionChange(
            question_id=row.id,
            version=row.version,
            actor=actor(ctx),
            actor_name=ctx.sender.display_name[:128],
            action=action,
            summary=summary[:300],
            before=before,
            after=row_state(row),
            created_at=ctx.now(),
        )
    )
    await saw(ctx, row)
    return True


async def insert_question(ctx: Context, question: Question, action: str) -> bool:
    """Add a new question (version 1) and its history entry; False if the id is taken."""
    if await ctx.repo.admin.question(question.id) is not None:
        ctx.reply(ctx.t("adm.id_taken", id=question.id))
        return False
    row = QuestionRow(id=question.id, **row_values(question), file_hash="", version=1)
    row.edited_by_admin, row.updated_at = True, ctx.now()
    await ctx.repo.admin.add(row)
    await ctx.repo.admin.record(
        QuestionChange(
            question_id=row.id,
            version=1,
            actor=actor(ctx),
            actor_name=ctx.sender.display_name[:128],
            action=action,
            summary=question.title[:300],
            before=None,
            after=row_state(row),
            created_at=ctx.now(),
        )
    )
    return True


def question_card(ctx: Context, row: QuestionRow, samples: int) -> str:
    """Everything an admin needs to see to edit a question: fields, key points, aliases."""
    question = question_from_row(row)
    state = ctx.t("adm.enabled") if row.enabled else ctx.t("adm.disabled")
    lines = [
        f"[{row.id}] {row.track} · {stars(question.difficulty)} · {question.kind} · "
        f"v{row.version} · {state}",
        ctx.t("adm.card_title", title=question.title),
    ]
    if question.title_en:
        lines.append(f"title_en: {question.title_en}")
    lines.append(ctx.t("adm.card_answer", answer=question.answer))
    if question.tags:
        lines.append(f"tags: {', '.join(question.tags)}")
    lines.append(ctx.t("adm.card_points"))
    for kp in question.key_points:
        weight = f" ×{kp.weight:g}" if kp.weight != 1.0 else ""
        lines.append(f"• {kp.id}{weight}: {kp.label} — {', '.join(kp.aliases)}")
        if kp.confused_with:
            lines.append(ctx.t("adm.card_confused", terms=", ".join(kp.confused_with)))
    lines.append(ctx.t("adm.card_samples", count=samples))
    return "\n".join(lines)
