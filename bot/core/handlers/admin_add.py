"""/q add: the guided dialog (draft kept in the database), TOML blocks and .toml/.zip uploads."""

from __future__ import annotations

from typing import Any

from bot.bank import (
    MAX_ALIAS_CHARS,
    MAX_ANSWER_CHARS,
    MAX_KEY_POINTS,
    MAX_TITLE_CHARS,
    ContentError,
)
from bot.content_edit import split_list
from bot.content_io import parse_files, read_upload, strip_fences
from bot.core.commands import CommandSpec
from bot.core.context import Context
from bot.core.events import Document
from bot.core.handlers.admin import is_admin, log_refusal, problems_text, require_admin
from bot.core.handlers.admin_changes import checked, insert_question
from bot.core.payloads import pack
from bot.core.replies import Button, Keyboard
from bot.core.router import Router
from bot.storage.admin import AddDraft

router = Router()
DONE_WORDS = {"完成", "好了", "done", "finish", "ok"}


def _next_step(data: dict[str, Any]) -> str:
    for step in ("track", "title", "answer"):
        if step not in data:
            return step
    return "confirm" if data.get("done") else "kp_label"


async def start_add(ctx: Context, rest: str) -> None:
    """`/q add` opens (or resumes) the dialog; `/q add` with TOML after it imports at once."""
    assert ctx.user is not None
    if rest.strip():
        await import_files(ctx, [("message", strip_fences(rest))])
        return
    if not ctx.require_private():
        return
    draft = await ctx.repo.admin.draft(ctx.user.id)
    if draft is not None:
        ctx.reply(ctx.t("add.resumed"))
    else:
        draft = AddDraft(user_id=ctx.user.id, step="track", data={}, updated_at=ctx.now())
        await ctx.repo.admin.add(draft)
    await open_draft(ctx, draft)


async def open_draft(ctx: Context, draft: AddDraft) -> None:
    draft.step = _next_step(draft.data)
    _ask(ctx, draft)


def _ask(ctx: Context, draft: AddDraft) -> None:
    if draft.step == "track":
        tracks = ", ".join(t.key for t in ctx.catalog.tracks)
        ctx.reply(ctx.t("add.ask_track", tracks=tracks))
    elif draft.step in ("title", "answer"):
        ctx.reply(ctx.t(f"add.ask_{draft.step}"))
    elif draft.step == "kp_label":
        count = len(draft.data.get("key_points", []))
        ctx.reply(ctx.t("add.ask_kp_label", n=count + 1, max=MAX_KEY_POINTS))
    elif draft.step == "kp_aliases":
        ctx.reply(ctx.t("add.ask_kp_aliases", label=draft.data.get("label", "")))
    else:
        _preview(ctx, draft.data)


def _preview(ctx: Context, data: dict[str, Any]) -> None:
    lines = [ctx.t("add.preview", track=data["track"], title=data["title"]), data["answer"]]
    for point in data.get("key_points", []):
        lines.append(f"• {point['id']}: {point['label']} — {', '.join(point['aliases'])}")
    keyboard = Keyboard.of(
        [Button(ctx.t("add.save"), pack("addok")), Button(ctx.t("adm.cancel"), pack("addno"))]
    )
    ctx.reply("\n".join(lines), keyboard)


@router.text
async def draft_text(ctx: Context) -> bool:
    """While an admin has a draft, their private messages fill it in, one step at a time."""
    if ctx.user is None or not ctx.chat.is_private:
        return False
    if ctx.arrival is None or not ctx.arrival.draft:
        return False
    draft = await ctx.repo.admin.draft(ctx.user.id)
    if draft is None:
        return False
    text = ctx.text.strip()
    data = dict(draft.data)
    step = draft.step
    if step == "track":
        track = ctx.catalog.resolve_track(text)
        if track is None:
            ctx.reply(ctx.t("add.bad_track", tracks=", ".join(t.key for t in ctx.catalog.tracks)))
            return True
        data["track"] = track.key
    elif step in ("title", "answer"):
        limit = MAX_TITLE_CHARS if step == "title" else MAX_ANSWER_CHARS
        if not text or len(text) > limit:
            ctx.reply(ctx.t("add.too_long", given=len(text), max=limit))
            return True
        data[step] = text
    elif step == "kp_label":
        if text.lower() in DONE_WORDS:
            if not data.get("key_points"):
                ctx.reply(ctx.t("add.need_point"))
                return True
            data["done"] = True
        elif not text or len(text) > MAX_TITLE_CHARS:
            ctx.reply(ctx.t("add.too_long", given=len(text), max=MAX_TITLE_CHARS))
            return True
        else:
            data["label"] = text
    elif step == "kp_aliases":
        aliases = split_list(text)
        if not aliases or any(len(a) > MAX_ALIAS_CHARS for a in aliases):
            ctx.reply(ctx.t("add.bad_aliases", max=MAX_ALIAS_CHARS))
            return True
        points = list(data.get("key_points", []))
        points.append(
            {"id": f"kp{len(points) + 1}", "label": data.pop("label"), "aliases": aliases}
        )
        data["key_points"] = points
        data["done"] = len(points) >= MAX_KEY_POINTS
    draft.data = data  # a new dict, so the JSON column is seen as changed
    draft.step = "kp_aliases" if step == "kp_label" and "label" in data else _next_step(data)
    draft.updated_at = ctx.now()
    _ask(ctx, draft)
    return True


async def _new_id(ctx: Context, track: str) -> str:
    taken = await ctx.repo.admin.question_ids()
    n = sum(1 for qid in taken if qid.startswith(f"{track}-")) + 1
    while f"{track}-{n}" in taken:
        n += 1
    return f"{track}-{n}"


@router.button("addok")
async def save_draft(ctx: Context) -> None:
    assert ctx.user is not None
    if not await require_admin(ctx, "add confirm"):
        return
    draft = await ctx.repo.admin.draft(ctx.user.id)
    if draft is None or draft.step != "confirm":
        ctx.reply(ctx.t("adm.pending_gone"), ephemeral=True)
        return
    data = {k: v for k, v in draft.data.items() if k not in ("done", "label", "submission")}
    data["id"] = await _new_id(ctx, data["track"])
    question = checked(ctx, data)
    if question is None:
        return  # the draft stays, so the admin can /cancel or fix it
    if await insert_question(ctx, question, "add"):
        await ctx.repo.admin.drop_draft(ctx.user.id)
        ctx.reply(ctx.t("add.saved", id=question.id))


@router.button("addno")
async def drop_draft(ctx: Context) -> None:
    await cancel(ctx)


@router.command(
    "cancel",
    "取消",
    spec=CommandSpec("cancel", "取消正在进行的操作", "Cancel what is in progress"),
)
async def cancel(ctx: Context) -> None:
    assert ctx.user is not None
    dropped = await ctx.repo.admin.drop_draft(ctx.user.id)
    ctx.reply(ctx.t("add.cancelled" if dropped else "add.nothing_to_cancel"))


async def import_files(ctx: Context, files: list[tuple[str, str]]) -> None:
    """Add every question of the files, or none: each problem is listed, nothing stored."""
    tracks = {t.key: t for t in ctx.catalog.tracks}
    try:
        parsed = parse_files(files, tracks, await ctx.repo.admin.question_ids())
    except ContentError as exc:
        ctx.reply(problems_text(ctx, exc.problems))
        return
    for track in parsed.new_tracks:
        await ctx.repo.admin.add_track(track)
    for question in parsed.questions:
        await insert_question(ctx, question, "import")
    ids = ", ".join(q.id for q in parsed.questions[:20])
    more = "…" if len(parsed.questions) > 20 else ""
    ctx.reply(ctx.t("add.imported", count=len(parsed.questions), ids=ids + more))


@router.document
async def upload(ctx: Context) -> bool:
    """A .toml or .zip sent by an admin (in a group only with a /q add caption) is imported."""
    event = ctx.event
    assert isinstance(event, Document)
    wanted = event.filename.lower().endswith((".toml", ".zip"))
    if not wanted or not (ctx.chat.is_private or event.caption.startswith("/q")):
        return False
    if not await is_admin(ctx):
        log_refusal(ctx, "upload")
        return False  # the core's "not expecting a file" reply says who may upload
    try:
        files = read_upload(event.filename, event.data)
    except ContentError as exc:
        ctx.reply(problems_text(ctx, exc.problems))
        return True
    await import_files(ctx, files)
    return True
