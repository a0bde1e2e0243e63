"""Group rounds: /quiz posts a question, members answer by reply or form, /reveal ranks them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from bot.bank import Question
from bot.core import render
from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.events import ChatRef, Text
from bot.core.handlers.interview_flow import supports_modals
from bot.core.payloads import pack, unpack
from bot.core.replies import Button, Keyboard, Reply
from bot.core.router import Router
from bot.core.texts import t
from bot.storage.repository import Repository
from bot.storage.rounds import Round, RoundAnswer

router = Router()
DEFAULT_QUIZ_SECONDS = 600
QUIZ_SECONDS_RANGE = (60, 86_400)


def _platform_quiz_seconds(ctx: Context, platform: str) -> int:
    section = getattr(ctx.config, platform, None)
    return int(getattr(section, "quiz_seconds", DEFAULT_QUIZ_SECONDS))


async def chat_lang(ctx: Context, platform: str, chat_id: str) -> str:
    settings = await ctx.repo.rounds.settings(platform, chat_id)
    return settings.lang if settings and settings.lang else ctx.lang


def pick_for_chat(candidates: tuple[Question, ...], recent: list[str]) -> Question:
    """A question this chat has not had lately; the least recently used once all were used."""
    fresh = [q for q in candidates if q.id not in recent]
    if fresh:
        return fresh[0]
    return max(candidates, key=lambda q: recent.index(q.id))


def round_post(
    ctx: Context, question: Question, round_: Round, *, until: str = "", modal: bool = False
) -> Reply:
    lang = round_.lang
    track = ctx.catalog.track(question.track)
    header = "daily.header" if round_.kind == "daily" else "quiz.header"
    lines = [
        t(lang, header, track=track.name_in(lang) if track else question.track,
          stars=render.stars(question.difficulty)),
        "",
        question.title_in(lang),
        "",
    ]  # fmt: skip
    minutes = max(1, round((round_.closes_at - round_.started_at).total_seconds() / 60))
    if until:
        lines.append(
            t(lang, "quiz.prompt_modal_until" if modal else "quiz.prompt_until", time=until)
        )
    else:
        lines.append(
            t(lang, "quiz.prompt_modal" if modal else "quiz.prompt_reply", minutes=minutes)
        )
    keyboard = None
    if modal:
        keyboard = Keyboard.of([Button(t(lang, "btn.answer"), pack("answer", "round", round_.id))])
    return Reply("\n".join(lines), keyboard)


async def open_round(
    ctx: Context,
    chat: ChatRef,
    question: Question,
    *,
    kind: str,
    closes_at: datetime,
    lang: str,
    started_by: int | None,
    until: str = "",
) -> Round:
    """Create a round and queue its post; the post's message id is stored once it is sent."""
    now = ctx.now()
    round_ = Round(
        platform=chat.platform,
        chat_id=chat.id,
        question_id=question.id,
        kind=kind,
        lang=lang,
        message_id="",
        started_by=started_by,
        status="open",
        started_at=now,
        closes_at=closes_at,
    )
    await ctx.repo.add(round_)
    round_id = round_.id

    async def remember_message(repo: Repository, message_id: str) -> None:
        stored = await repo.rounds.get(round_id)
        if stored is not None:
            stored.message_id = message_id

    post = round_post(
        ctx, question, round_, until=until, modal=supports_modals(ctx, chat.platform)
    )
    if _same_chat(ctx, chat):
        ctx.reply(post.text, post.keyboard, on_sent=remember_message)
    else:
        ctx.send(chat, post, on_sent=remember_message)
    return round_


@router.command(
    "quiz",
    "测验",
    spec=CommandSpec(
        "quiz",
        "在群里出一道题:/quiz [方向]",
        "Post a question to the group: /quiz [track]",
        (CommandOption("track", "Track (default: all)", "track"),),
    ),
)
async def quiz(ctx: Context) -> None:
    assert ctx.user is not None
    if ctx.chat.is_private:
        ctx.reply(ctx.t("quiz.private_only_interview"))
        return
    if await ctx.repo.rounds.open_in_chat(ctx.chat.platform, ctx.chat.id) is not None:
        ctx.reply(ctx.t("quiz.already_open"))
        return
    track = ""
    if ctx.args and ctx.args[0].lower() not in ("all", "全部"):
        found = ctx.catalog.resolve_track(" ".join(ctx.args))
        if found is None:
            names = ", ".join(f"{tr.key}({tr.name_in(ctx.lang)})" for tr in ctx.catalog.tracks)
            ctx.reply(ctx.t("iv.unknown_track", given=" ".join(ctx.args)[:40], tracks=names))
            return
        track = found.key
    candidates = ctx.catalog.active(track)
    if not candidates:
        ctx.reply(ctx.t("iv.no_questions"))
        return
    recent = await ctx.repo.rounds.recent_questions(ctx.chat.platform, ctx.chat.id)
    question = pick_for_chat(candidates, recent)
    settings = await ctx.repo.rounds.settings(ctx.chat.platform, ctx.chat.id)
    seconds = (settings.quiz_seconds if settings and settings.quiz_seconds else 0) or (
        _platform_quiz_seconds(ctx, ctx.chat.platform)
    )
    await open_round(
        ctx,
        ctx.chat,
        question,
        kind="quiz",
        closes_at=ctx.now() + timedelta(seconds=seconds),
        lang=await chat_lang(ctx, ctx.chat.platform, ctx.chat.id),
        started_by=ctx.user.id,
    )


async def _round_for(ctx: Context, event: Text) -> Round | None:
    if event.answer_payload:
        payload = unpack(event.answer_payload)
        if payload is None or payload.arg(0) != "round":
            return None
        return await ctx.repo.rounds.get(payload.int_arg(1))
    if event.chat.is_private:
        return None
    return await ctx.repo.rounds.by_message(
        event.chat.platform, event.chat.id, event.reply_to_message_id
    )


@router.text
async def round_answer(ctx: Context) -> bool:
    """An answer to a group round: a reply to its post, or text from its Answer form."""
    assert ctx.user is not None and isinstance(ctx.event, Text)
    event = ctx.event
    round_ = await _round_for(ctx, event)
    if round_ is None:
        return False
    via_form = bool(event.answer_payload)
    if round_.status != "open":
        ctx.reply(ctx.t("quiz.closed"), ephemeral=True)
        return True
    if await ctx.repo.rounds.answer_of(round_.id, ctx.user.id) is not None:
        ctx.reply(ctx.t("quiz.answered_once"), ephemeral=True, reply_to=event.message_id)
        return True
    question = ctx.catalog.question(round_.question_id)
    text = event.text.strip()
    limit = ctx.config.bot.max_answer_chars
    if question is None or not text or len(text) > limit:
        key = "iv.empty_answer" if not text else "iv.too_long"
        ctx.reply(ctx.t(key, length=len(text), limit=limit), ephemeral=True)
        return True
    verdict = ctx.grade(text, question)
    now = ctx.now()
    hits = [h.key_point_id for h in verdict.hits]
    ctx.repo.session.add(
        RoundAnswer(round_id=round_.id, user_id=ctx.user.id, score=verdict.score, hits=hits,
                    created_at=now)
    )  # fmt: skip
    await ctx.repo.attempts.add(
        user_id=ctx.user.id, question_id=question.id, track=question.track, interview_id=None,
        step=None, outcome="answered", score=verdict.score, max_score=100, hits=hits,
        misses=[m.key_point_id for m in verdict.misses], mode=round_.kind,
        platform=round_.platform, chat_id=round_.chat_id, answer_chars=len(text),
        created_at=now,
    )  # fmt: skip
    feedback = "\n".join(render.verdict_lines(verdict, ctx.lang, verdict.score, 100, 0))
    name = ctx.sender.display_name or ctx.sender.id
    if via_form:
        ctx.reply(feedback, ephemeral=True)
        return True
    private = ChatRef.private_to(ctx.sender)
    if await ctx.repo.can_message_privately(ctx.user.id, ctx.sender.platform):
        ctx.reply(ctx.t("quiz.ack", name=name, score=verdict.score), reply_to=event.message_id)
        ctx.send(private, Reply(ctx.t("quiz.private_feedback") + "\n\n" + feedback))
        return True
    link = _private_link(ctx, event.chat.platform)
    keyboard = Keyboard.of([Button(ctx.t("quiz.open_private_button"), url=link)]) if link else None
    ctx.reply(
        ctx.t("quiz.ack_open_private", name=name, score=verdict.score),
        keyboard,
        reply_to=event.message_id,
    )
    return True


def _private_link(ctx: Context, platform: str) -> str:
    adapter = ctx.core.adapters.get(platform)
    make = getattr(adapter, "private_chat_link", None)
    return cast(str, make()) if callable(make) else ""


async def reveal_round(ctx: Context, round_: Round) -> None:
    """Post the model answer and the ranking (ties share a rank), and close the round."""
    round_.status = "revealed"
    lang = round_.lang
    question = ctx.catalog.question(round_.question_id)
    ranking = await ctx.repo.rounds.ranking(round_.id)
    title = question.title_in(lang) if question else round_.question_id
    lines = [t(lang, "quiz.reveal_title", title=title), ""]
    if question is not None:
        lines += [render.model_answer(question, lang), ""]
    if ranking:
        lines.append(t(lang, "quiz.ranking_title", count=len(ranking)))
        rank, previous = 0, None
        for position, (name, score) in enumerate(ranking, 1):
            rank = rank if score == previous else position
            previous = score
            lines.append(t(lang, "quiz.ranking_line", rank=rank, name=name, score=score))
    else:
        lines.append(t(lang, "quiz.nobody"))
    chat = ChatRef(round_.platform, round_.chat_id, "group")
    reply = Reply("\n".join(lines), reply_to=round_.message_id)
    if _same_chat(ctx, chat):
        ctx.reply(reply.text, reply_to=round_.message_id)
    else:
        ctx.send(chat, reply)


@router.hook("reveal")
async def reveal_command(ctx: Context) -> bool:
    """/reveal in a group: the running round, by its starter or a chat admin."""
    assert ctx.user is not None
    round_ = await ctx.repo.rounds.open_in_chat(ctx.chat.platform, ctx.chat.id)
    if round_ is None:
        running = await ctx.repo.open_interview(ctx.user.id)
        if running is None or running.chat_id != ctx.chat.id:
            ctx.reply(ctx.t("quiz.nothing_to_reveal"))
            return True
        return False  # the user's own interview in this group: the interview reveals
    allowed = round_.started_by == ctx.user.id or ctx.sender.is_chat_admin or ctx.is_owner()
    if not allowed:
        ctx.reply(ctx.t("quiz.reveal_forbidden"), ephemeral=True)
        return True
    await reveal_round(ctx, round_)
    return True


async def close_due_rounds(ctx: Context) -> None:
    """Background job: reveal every round whose time is up."""
    for round_ in await ctx.repo.rounds.due_to_close(ctx.now()):
        await reveal_round(ctx, round_)


@router.command(
    "settings",
    spec=CommandSpec(
        "settings",
        "群设置(管理员)",
        "Group settings (chat admins)",
        (
            CommandOption("key", "Setting", choices=("quiz_seconds", "lang")),
            CommandOption("value", "New value"),
        ),
    ),
)
async def settings(ctx: Context) -> None:
    if ctx.chat.is_private:
        ctx.reply(ctx.t("settings.group_only"))
        return
    if not (ctx.sender.is_chat_admin or ctx.is_owner()):
        ctx.reply(ctx.t("settings.admin_only"), ephemeral=True)
        return
    usage = ctx.t("settings.usage")
    if len(ctx.args) != 2:
        ctx.reply(usage)
        return
    key, value = ctx.args[0].lower(), ctx.args[1].lower()
    row = await ctx.repo.rounds.settings_for_update(ctx.chat.platform, ctx.chat.id)
    low, high = QUIZ_SECONDS_RANGE
    if key == "quiz_seconds" and value.isdigit() and low <= int(value) <= high:
        row.quiz_seconds = int(value)
    elif key == "lang" and value in ("zh", "en"):
        row.lang = value
    else:
        ctx.reply(ctx.t("settings.bad_value", key=key[:30], value=value[:30], usage=usage))
        return
    ctx.reply(ctx.t("settings.saved", key=key, value=value))


def _same_chat(ctx: Context, chat: ChatRef) -> bool:
    """Whether the event came from this chat, so the post answers it (a Discord interaction)."""
    return ctx.event is not None and (ctx.chat.platform, ctx.chat.id) == (chat.platform, chat.id)
