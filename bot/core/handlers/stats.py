"""/stats (totals, mastery, streak, weak points and a chart) and /history [n]."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core import render
from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.router import Router
from bot.core.texts import TEXTS
from bot.progress import measures
from bot.progress.chart import ChartData, render_later

router = Router()
HISTORY_DEFAULT, HISTORY_MAX = 10, 50
STREAK_LOOKBACK_DAYS = 3 * 366  # a longer streak is shown as this long; reads stay bounded


def user_zone(ctx: Context) -> ZoneInfo:
    assert ctx.user is not None
    for name in (ctx.user.timezone, ctx.config.daily.default_timezone):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def track_name(ctx: Context, key: str) -> str:
    track = ctx.catalog.track(key)
    return track.name_in(ctx.lang) if track else key


@router.command(
    "stats",
    "统计",
    spec=CommandSpec(
        "stats",
        "我的练习统计与图表:/stats [text]",
        "My progress with a chart: /stats [text]",
        (CommandOption("mode", "text: no chart", choices=("text",)),),
    ),
)
async def stats(ctx: Context) -> None:
    assert ctx.user is not None
    if ctx.args and (len(ctx.args) > 1 or ctx.args[0].lower() not in ("text", "文字")):
        ctx.reply(ctx.t("stats.usage"))
        return
    summaries = await ctx.repo.track_summaries(ctx.user.id)
    if not summaries:
        ctx.reply(ctx.t("stats.empty"))
        return
    now, zone = ctx.now(), user_zone(ctx)
    today = now.astimezone(zone).date()
    slots = await ctx.repo.progress.slots(ctx.user.id, now - timedelta(days=STREAK_LOOKBACK_DAYS))
    streak = measures.streak(measures.local_days((s for s, _, _ in slots), zone), today)
    lines = [
        ctx.t("stats.title"),
        ctx.t("stats.answered", count=sum(s.answered for s in summaries)),
    ]
    key = "stats.streak_grace" if streak.grace_used_this_week else "stats.streak"
    lines.append(ctx.t(key, days=streak.days))
    if streak.days and not streak.practised_today:
        lines.append(ctx.t("stats.streak_keep"))
    per_track: dict[str, list[tuple[datetime, int]]] = {}
    for attempt in await ctx.repo.progress.recent_scores(ctx.user.id, measures.MASTERY_WINDOW):
        per_track.setdefault(attempt.track, []).append((attempt.created_at, attempt.score))
    mastery = {s.track: measures.mastery(per_track.get(s.track, []), now) for s in summaries}
    lines += ["", ctx.t("stats.tracks_title")]
    for summary in summaries:
        value = mastery[summary.track]
        lines.append(
            ctx.t(
                "stats.track_mastery",
                track=track_name(ctx, summary.track),
                count=summary.answered,
                average=round(summary.average),
                best=summary.best,
                mastery=round(value),
                level=ctx.t(f"stats.level{measures.mastery_level(value)}"),
            )
        )
    weak_lines = _weak_point_lines(ctx, await _weak_points(ctx))
    if weak_lines:
        lines += ["", ctx.t("stats.weak_title"), *weak_lines]
    lines += ["", ctx.t("stats.mastery_note")]
    text = "\n".join(lines)
    if ctx.args:
        ctx.reply(text)
        return
    data = ChartData(
        title=ctx.t("chart.title", name=ctx.user.display_name or ctx.sender.display_name or ""),
        mastery_title=ctx.t("chart.mastery"),
        trend_title=ctx.t("chart.trend"),
        no_trend=ctx.t("chart.no_trend"),
        tracks=tuple((track_name(ctx, s.track), s.track, mastery[s.track]) for s in summaries),
        trend=tuple(measures.daily_trend(slots, zone, today)),
    )
    ctx.reply_rendered(text, render_later(data))


async def _weak_points(ctx: Context) -> list[measures.WeakPoint]:
    assert ctx.user is not None
    records = await ctx.repo.progress.point_records(ctx.user.id, measures.WEAK_POINT_WINDOW)
    live = [
        (r.question_id, r.hits, r.misses, r.created_at)
        for r in records
        if ctx.catalog.question(r.question_id) is not None
    ]
    return measures.weakest_points(live)


def _weak_point_lines(ctx: Context, points: list[measures.WeakPoint]) -> list[str]:
    lines = []
    for weak in points:
        question = ctx.catalog.question(weak.question_id)
        point = (
            next((p for p in question.key_points if p.id == weak.point_id), None)
            if question
            else None
        )
        if question is None or point is None:
            continue
        lines.append(
            ctx.t(
                "stats.weak_line",
                label=render.point_label(point, ctx.lang),
                title=question.title_in(ctx.lang),
                misses=weak.misses,
                seen=weak.seen,
            )
        )
    return lines


@router.command(
    "history",
    "记录",
    spec=CommandSpec(
        "history",
        "最近的作答记录:/history [条数]",
        "Your recent attempts: /history [n]",
        (CommandOption("n", "How many (1-50)", "integer", min_value=1, max_value=HISTORY_MAX),),
    ),
)
async def history(ctx: Context) -> None:
    assert ctx.user is not None
    count = HISTORY_DEFAULT
    if ctx.args:
        given = ctx.args[0]
        if len(ctx.args) > 1 or not given.isdigit() or not 1 <= int(given) <= HISTORY_MAX:
            ctx.reply(ctx.t("history.usage", max=HISTORY_MAX, given=" ".join(ctx.args)[:20]))
            return
        count = int(given)
    rows = await ctx.repo.progress.history(ctx.user.id, count)
    if not rows:
        ctx.reply(ctx.t("history.empty"))
        return
    zone = user_zone(ctx)
    lines = [ctx.t("history.title", count=len(rows))]
    for row in rows:
        question = ctx.catalog.question(row.question_id)
        if row.outcome == "answered":
            result = ctx.t("history.score", score=row.score)
        else:
            key = f"iv.result_{row.outcome}"
            result = ctx.t(key) if key in TEXTS else row.outcome
        lines.append(
            ctx.t(
                "history.line",
                when=row.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                title=question.title_in(ctx.lang) if question else row.question_id,
                result=result,
            )
        )
    ctx.reply("\n".join(lines))
