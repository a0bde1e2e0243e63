"""/review [n]: an interview of the questions due again by spaced repetition, weakest first."""

from __future__ import annotations

from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.handlers import interview_flow as flow
from bot.core.handlers.stats import user_zone
from bot.core.router import Router
from bot.progress import measures
from bot.review import ReviewState, review_states
from bot.storage.interviews import RunningInterview

router = Router()


@router.command(
    "review",
    "复习",
    spec=CommandSpec(
        "review",
        "复习到期的题(间隔重复):/review [题数]",
        "Review the questions that are due (spaced repetition): /review [count]",
        (CommandOption("count", "Number of questions", "integer", min_value=1),),
    ),
)
async def review(ctx: Context) -> None:
    assert ctx.user is not None
    limit = ctx.config.bot.max_questions
    count = ctx.config.bot.default_questions
    if ctx.args:
        given = ctx.args[0]
        if len(ctx.args) > 1 or not given.isdigit() or not 1 <= int(given) <= limit:
            ctx.reply(ctx.t("iv.bad_count", max=limit, given=" ".join(ctx.args)[:20]))
            return
        count = int(given)
    running = await ctx.repo.open_interview(ctx.user.id)
    if running is not None:
        ctx.reply(ctx.t("iv.already_open", step=running.step + 1, total=len(running.question_ids)))
        await flow.ask_current(ctx, running)
        return
    histories = await ctx.repo.answer_history(ctx.user.id)
    states = [s for s in review_states(histories) if _askable(ctx, s.question_id)]
    if not states:
        ctx.reply(ctx.t("review.never"))
        return
    now = ctx.now()
    due = [s for s in states if s.due <= now]
    if not due:
        ctx.reply(_next_review(ctx, states))
        return
    chosen = await _weakest_first(ctx, due)
    now = ctx.now()
    interview = RunningInterview(
        user_id=ctx.user.id, platform=ctx.chat.platform, chat_id=ctx.chat.id,
        chat_kind=ctx.chat.kind, track="", question_ids=chosen[:count], step=0, phase="answer",
        hints=[], follow_up_point="", status="open", mode="review", created_at=now,
        updated_at=now,
    )  # fmt: skip
    await ctx.repo.interviews.start(interview)
    ctx.reply(ctx.t("review.start", count=len(interview.question_ids)))
    await flow.ask_current(ctx, interview)


def _askable(ctx: Context, question_id: str) -> bool:
    question = ctx.catalog.question(question_id)
    return question is not None and question.enabled


async def _weakest_first(ctx: Context, due: list[ReviewState]) -> list[str]:
    """Questions holding the most-missed key points first, then the lowest last score."""
    assert ctx.user is not None
    records = await ctx.repo.progress.point_records(ctx.user.id, measures.WEAK_POINT_WINDOW)
    weak = measures.weakest_points(
        [(r.question_id, r.hits, r.misses, r.created_at) for r in records], limit=10_000
    )
    worst: dict[str, float] = {}
    for point in weak:
        worst[point.question_id] = max(
            worst.get(point.question_id, 0.0), point.misses / point.seen
        )
    ordered = sorted(due, key=lambda s: (-worst.get(s.question_id, 0.0), s.last_score, s.due))
    return [s.question_id for s in ordered]


def _next_review(ctx: Context, states: list[ReviewState]) -> str:
    zone = user_zone(ctx)
    first = min(s.due for s in states)
    day = first.astimezone(zone).date()
    same_day = sum(1 for s in states if s.due.astimezone(zone).date() == day)
    when = first.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return ctx.t("review.nothing_due", when=when, count=same_day)
