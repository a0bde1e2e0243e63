"""/leaderboard [week|month|all|global] and /privacy (opting in to the global leaderboard)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.payloads import pack
from bot.core.replies import Button, Keyboard
from bot.core.router import Router
from bot.progress.ranking import Ranked, rank

router = Router()
SHOWN = 10
PERIODS = {"week": 7, "month": 30, "all": 0}
ALIASES = {"周": "week", "本周": "week", "月": "month", "本月": "month", "全部": "all",
           "总": "all", "global": "global", "全球": "global"}  # fmt: skip


def _parse(ctx: Context) -> tuple[str, bool] | None:
    """(period, global?) from the arguments in any order; None when something is not understood."""
    period, is_global = "week", False
    for arg in ctx.args:
        word = ALIASES.get(arg.lower(), arg.lower())
        if word == "global":
            is_global = True
        elif word in PERIODS:
            period = word
        else:
            return None
    return period, is_global


@router.command(
    "leaderboard",
    "排行榜",
    spec=CommandSpec(
        "leaderboard",
        "排行榜 [week|month|all|global]:积分 = 平均分 × 参与率",
        "Leaderboard [week|month|all|global]: points = average score × participation",
        (
            CommandOption(
                "period", "week, month, all or global", choices=("week", "month", "all", "global")
            ),
        ),
    ),
)
async def leaderboard(ctx: Context) -> None:
    assert ctx.user is not None
    parsed = _parse(ctx)
    if parsed is None:
        ctx.reply(ctx.t("lb.usage"))
        return
    period, is_global = parsed
    if not is_global and ctx.chat.is_private:
        ctx.reply(ctx.t("lb.group_only"))
        return
    now = ctx.now()
    since = now - timedelta(days=PERIODS[period]) if PERIODS[period] else None
    queries = ctx.repo.leaderboards
    if is_global:
        ranked = rank(await queries.global_board(since, now))
        title, empty = ctx.t(f"lb.global_title_{period}"), ctx.t("lb.global_empty")
    else:
        ranked = rank(await queries.chat(ctx.chat.platform, ctx.chat.id, since))
        title, empty = ctx.t(f"lb.title_{period}"), ctx.t("lb.empty")
    if not ranked:
        ctx.reply("\n".join([title, empty, "", ctx.t("lb.formula")]))
        return
    lines = [title, ""]
    shown = ranked[:SHOWN]
    mine = next((r for r in ranked if r.standing.user_id == ctx.user.id), None)
    if mine is not None and mine not in shown:
        shown = [*shown, mine]
    lines += [_line(ctx, entry) for entry in shown]
    lines += ["", ctx.t("lb.formula")]
    if is_global and not ctx.user.global_leaderboard:
        lines.append(ctx.t("lb.you_hidden"))
    ctx.reply("\n".join(lines))


def _line(ctx: Context, entry: Ranked) -> str:
    standing = entry.standing
    return ctx.t(
        "lb.line",
        rank=entry.rank,
        name=standing.name or "?",
        points=entry.points,
        average=entry.average,
        answered=standing.taken_part,
        total=standing.possible,
    )


def _privacy_reply(ctx: Context, now_on: bool) -> tuple[str, Keyboard]:
    assert ctx.user is not None
    text = "\n\n".join(
        [ctx.t("privacy.status_on" if now_on else "privacy.status_off"), ctx.t("privacy.more")]
    )
    label = ctx.t("privacy.leave" if now_on else "privacy.join")
    target = "off" if now_on else "on"
    return text, Keyboard.of([Button(label, pack("privacy", target, ctx.user.id))])


@router.command(
    "privacy",
    "隐私",
    spec=CommandSpec("privacy", "隐私设置:是否加入全球排行榜", "Privacy: the global leaderboard"),
)
async def privacy(ctx: Context) -> None:
    assert ctx.user is not None
    ctx.reply(*_privacy_reply(ctx, ctx.user.global_leaderboard))


@router.button("privacy")
async def privacy_button(ctx: Context) -> None:
    assert ctx.user is not None and ctx.payload is not None
    if ctx.payload.int_arg(1) != ctx.user.id:
        ctx.reply(ctx.t("error.not_your_button"), ephemeral=True)
        return
    ctx.user.global_leaderboard = ctx.payload.arg(0) == "on"
    ctx.reply(*_privacy_reply(ctx, ctx.user.global_leaderboard), ephemeral=True)
