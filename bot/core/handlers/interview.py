"""Interview commands, buttons and answers: /interview, /stop, hint, skip, reveal, next, end."""

from __future__ import annotations

import random

from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.events import ButtonPress, Text
from bot.core.handlers import interview_flow as flow
from bot.core.payloads import unpack
from bot.core.router import Router
from bot.storage.interviews import RunningInterview

router = Router()
ALL_TRACKS = {"all", "全部", "所有", "*"}


def _parse_request(ctx: Context) -> tuple[str, int] | None:
    """(track key or "", count) from /interview's arguments in any order; replies on bad input."""
    limit = ctx.config.bot.max_questions
    count, words = ctx.config.bot.default_questions, []
    for arg in ctx.args:
        if arg.lstrip("+-").isdigit():
            if not 1 <= int(arg) <= limit:
                ctx.reply(ctx.t("iv.bad_count", max=limit, given=arg))
                return None
            count = int(arg)
        else:
            words.append(arg)
    wanted = " ".join(words)
    if not wanted or wanted.lower() in ALL_TRACKS:
        return "", count
    track = ctx.catalog.resolve_track(wanted)
    if track is None:
        names = ", ".join(f"{t.key}({t.name_in(ctx.lang)})" for t in ctx.catalog.tracks)
        ctx.reply(ctx.t("iv.unknown_track", given=wanted[:40], tracks=names))
        return None
    return track.key, count


@router.command(
    "interview",
    "面试",
    spec=CommandSpec(
        "interview",
        "开始模拟面试:/interview [方向] [题数]",
        "Start a mock interview: /interview [track] [count]",
        (
            CommandOption("track", "Track (default: all)", "track"),
            CommandOption("count", "Number of questions", "integer", min_value=1),
        ),
    ),
)
async def start_interview(ctx: Context) -> None:
    assert ctx.user is not None
    running = await ctx.repo.open_interview(ctx.user.id)
    if running is not None:
        ctx.reply(ctx.t("iv.already_open", step=running.step + 1, total=len(running.question_ids)))
        await flow.ask_current(ctx, running)
        return
    request = _parse_request(ctx)
    if request is None:
        return
    track, count = request
    candidates = ctx.catalog.active(track)
    if not candidates:
        ctx.reply(ctx.t("iv.no_questions"))
        return
    if track and count > len(candidates):
        ctx.reply(ctx.t("iv.clamped", count=len(candidates)))
    last_seen = await ctx.repo.last_seen(ctx.user.id, (q.id for q in candidates))
    rng = random.Random(f"{ctx.user.id}:{ctx.now().isoformat()}")
    chosen = flow.pick_questions(candidates, last_seen, count, rng)
    now = ctx.now()
    interview = RunningInterview(
        user_id=ctx.user.id,
        platform=ctx.chat.platform,
        chat_id=ctx.chat.id,
        chat_kind=ctx.chat.kind,
        track=track,
        question_ids=[q.id for q in chosen],
        step=0,
        phase="answer",
        hints=[],
        follow_up_point="",
        status="open",
        mode="interview",
        created_at=now,
        updated_at=now,
    )
    await ctx.repo.interviews.start(interview)
    await flow.ask_current(ctx, interview)


@router.command(
    "stop", "结束", spec=CommandSpec("stop", "放弃当前面试", "Abandon the current interview")
)
async def stop_interview(ctx: Context) -> None:
    assert ctx.user is not None
    running = await ctx.repo.open_interview(ctx.user.id)
    if running is None:
        ctx.reply(ctx.t("iv.no_interview"))
        return
    running.status, running.updated_at = "abandoned", ctx.now()
    ctx.reply(ctx.t("iv.stopped"))


async def _interview_for_button(ctx: Context) -> RunningInterview | None:
    """The interview a pressed button belongs to, if it is still at that step; else say why."""
    assert ctx.user is not None and ctx.payload is not None
    interview = await ctx.repo.interview(ctx.payload.int_arg(0))
    if interview is not None and interview.user_id != ctx.user.id:
        ctx.reply(ctx.t("error.not_your_button"), ephemeral=True)
        return None
    if interview is None or interview.status != "open" or interview.step != ctx.payload.int_arg(1):
        ctx.reply(ctx.t("error.stale_button"), ephemeral=True)
        return None
    return interview


async def _running_for_command(ctx: Context) -> RunningInterview | None:
    assert ctx.user is not None
    interview = await ctx.repo.open_interview(ctx.user.id)
    if interview is None:
        ctx.reply(ctx.t("iv.no_interview"))
    return interview


async def _target(ctx: Context) -> RunningInterview | None:
    if isinstance(ctx.event, ButtonPress):
        return await _interview_for_button(ctx)
    return await _running_for_command(ctx)


@router.button("hint")
@router.command("hint", "提示", spec=CommandSpec("hint", "提示一个要点", "Get a hint"))
async def hint(ctx: Context) -> None:
    interview = await _target(ctx)
    if interview is None:
        return
    question = flow.current_question(ctx, interview)
    if question is None or interview.phase != "answer":
        ctx.reply(ctx.t("iv.already_graded"), flow.after_keyboard(ctx, interview))
        return
    remaining = [p for p in sorted(question.key_points, key=lambda p: -p.weight)
                 if p.id not in interview.hints]  # fmt: skip
    if not remaining:
        ctx.reply(ctx.t("iv.no_more_hints"))
        return
    point = remaining[0]
    interview.hints = [*interview.hints, point.id]
    interview.updated_at = ctx.now()
    label = point.label_en if ctx.lang == "en" and point.label_en else point.label
    ctx.reply(
        ctx.t("iv.hint", n=len(interview.hints), label=label, cap=flow.cap_for(ctx, interview)),
        flow.question_keyboard(ctx, interview),
    )


@router.button("skip")
@router.command("skip", "跳过", spec=CommandSpec("skip", "跳过这道题", "Skip this question"))
async def skip(ctx: Context) -> None:
    interview = await _target(ctx)
    if interview is None:
        return
    question = flow.current_question(ctx, interview)
    if question is not None and interview.phase == "answer":
        await flow.record(ctx, interview, question, outcome="skipped", score=0)
        ctx.reply(ctx.t("iv.skipped"))
    await flow.advance(ctx, interview)


@router.button("reveal")
@router.command("reveal", "答案", spec=CommandSpec("reveal", "查看参考答案", "Show the answer"))
async def reveal(ctx: Context) -> None:
    # In a group, /reveal belongs to the group's running round, if there is one.
    in_group_command = ctx.command is not None and not ctx.chat.is_private
    if in_group_command and await ctx.core.router.run_hooks("reveal", ctx):
        return
    interview = await _target(ctx)
    if interview is None:
        return
    question = flow.current_question(ctx, interview)
    if question is None:
        return
    if interview.phase == "answer":
        await flow.record(ctx, interview, question, outcome="revealed", score=0)
        interview.phase = "done"
        lines = [ctx.t("iv.revealed"), "", flow.render.model_answer(question, ctx.lang)]
    else:
        interview.phase = "done"
        lines = [flow.render.model_answer(question, ctx.lang)]
    interview.updated_at = ctx.now()
    ctx.reply("\n".join(lines), flow.after_keyboard(ctx, interview))


@router.button("next")
@router.command("next", "下一题", spec=CommandSpec("next", "下一题", "Next question"))
async def next_question(ctx: Context) -> None:
    interview = await _target(ctx)
    if interview is None:
        return
    question = flow.current_question(ctx, interview)
    if question is not None and interview.phase == "answer":
        await flow.record(ctx, interview, question, outcome="skipped", score=0)
    await flow.advance(ctx, interview)


@router.button("end")
@router.command("end", spec=CommandSpec("end", "结束面试并查看总结", "End and see the summary"))
async def end(ctx: Context) -> None:
    interview = await _target(ctx)
    if interview is None:
        return
    await flow.finish(ctx, interview)


@router.button("answer")
async def answer_button(ctx: Context) -> None:
    """Platforms without input forms forward the Answer button here: tell them how to answer."""
    ctx.reply(ctx.t("iv.prompt", limit=ctx.config.bot.max_answer_chars), ephemeral=True)


@router.text
async def answer_text(ctx: Context) -> bool:
    """A typed answer to the user's open interview in this chat."""
    assert ctx.user is not None and isinstance(ctx.event, Text)
    interview = await ctx.repo.open_interview(ctx.user.id)
    event = ctx.event
    if interview is None or (interview.platform, interview.chat_id) != (
        event.chat.platform,
        event.chat.id,
    ):
        return False
    if event.answer_payload:
        payload = unpack(event.answer_payload)
        if payload is None or payload.arg(0) != "iv":
            return False
        if payload.int_arg(1) != interview.id or payload.int_arg(2) != interview.step:
            ctx.reply(ctx.t("error.stale_button"), ephemeral=True)
            return True
    text = event.text.strip()
    if not text:
        ctx.reply(ctx.t("iv.empty_answer"))
        return True
    limit = ctx.config.bot.max_answer_chars
    if len(text) > limit:
        ctx.reply(ctx.t("iv.too_long", length=len(text), limit=limit))
        return True
    await flow.answer(ctx, interview, text)
    return True
