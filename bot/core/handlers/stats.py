"""/stats: answered questions, average and best per track, and the streak of practice days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.commands import CommandSpec
from bot.core.context import Context
from bot.core.router import Router

router = Router()


def streak_days(times: list[datetime], today: date, zone: ZoneInfo) -> int:
    """Days in a row with an answer, ending today or yesterday (today may still come)."""
    days = {t.astimezone(zone).date() for t in times}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


@router.command("stats", "统计", spec=CommandSpec("stats", "我的练习统计", "My progress"))
async def stats(ctx: Context) -> None:
    assert ctx.user is not None
    summaries = await ctx.repo.track_summaries(ctx.user.id)
    if not summaries:
        ctx.reply(ctx.t("stats.empty"))
        return
    zone = ZoneInfo(ctx.user.timezone or ctx.config.daily.default_timezone)
    times = await ctx.repo.answer_times(ctx.user.id)
    today = ctx.now().astimezone(zone).date()
    lines = [
        ctx.t("stats.title"),
        ctx.t("stats.answered", count=sum(s.answered for s in summaries)),
        ctx.t("stats.streak", days=streak_days(times, today, zone)),
        "",
    ]
    for summary in summaries:
        track = ctx.catalog.track(summary.track)
        lines.append(
            ctx.t(
                "stats.track_line",
                track=track.name_in(ctx.lang) if track else summary.track,
                count=summary.answered,
                average=round(summary.average),
                best=summary.best,
            )
        )
    ctx.reply("\n".join(lines))
