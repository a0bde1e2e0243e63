"""Daily-question subscriptions: /subscribe, /subscriptions, /pause, /resume, /unsubscribe."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.router import Router
from bot.daily_time import (
    EVERY_DAY,
    looks_like_time,
    looks_like_weekdays,
    looks_like_zone,
    parse_time,
    parse_weekdays,
    parse_zone,
    weekday_names,
)
from bot.storage.daily import Subscription
from bot.storage.deliveries import next_occurrence

router = Router()
ALL_TRACKS = {"all", "全部", "所有", "*"}
MAX_PER_CHAT = 10
DAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Request:
    track: str
    at: time
    zone: str
    weekdays: int


def _parse(ctx: Context) -> Request | None:
    """Arguments in any order; replies with the reason and returns None on bad input."""
    assert ctx.user is not None
    daily = ctx.config.daily
    at = parse_time(daily.default_time) or time(9, 0)
    zone = ctx.user.timezone or daily.default_timezone
    weekdays, words = EVERY_DAY, []
    for arg in ctx.args:
        if looks_like_time(arg):
            parsed = parse_time(arg)
            if parsed is None:
                ctx.reply(ctx.t("sub.bad_time", given=arg[:20]))
                return None
            at = parsed
        elif looks_like_zone(arg):
            if parse_zone(arg) is None:
                ctx.reply(ctx.t("sub.bad_zone", given=arg[:64]))
                return None
            zone = arg
        elif looks_like_weekdays(arg):
            mask = parse_weekdays(arg)
            if mask is None:
                ctx.reply(ctx.t("sub.bad_weekdays", given=arg[:40]))
                return None
            weekdays = mask
        else:
            words.append(arg)
    wanted = " ".join(words)
    if not wanted or wanted.lower() in ALL_TRACKS:
        return Request("", at, zone, weekdays)
    track = ctx.catalog.resolve_track(wanted)
    if track is None:
        names = ", ".join(f"{t.key}({t.name_in(ctx.lang)})" for t in ctx.catalog.tracks)
        ctx.reply(ctx.t("iv.unknown_track", given=wanted[:40], tracks=names))
        ctx.reply(ctx.t("sub.usage"))
        return None
    return Request(track.key, at, zone, weekdays)


def describe(ctx: Context, sub: Subscription) -> str:
    track = ctx.catalog.track(sub.track) if sub.track else None
    name = track.name_in(ctx.lang) if track else (sub.track or ctx.t("sub.all_tracks"))
    if sub.weekdays == EVERY_DAY:
        days = ctx.t("sub.days_daily")
    elif ctx.lang == "en":
        days = weekday_names(sub.weekdays)
    else:
        days = weekday_names(sub.weekdays, DAYS_ZH, "至", "、")
    return ctx.t("sub.describe", track=name, days=days, time=sub.at, zone=sub.timezone)


def when(ctx: Context, moment: datetime, zone: str) -> str:
    zone_info = parse_zone(zone)
    local = moment.astimezone(zone_info) if zone_info else moment
    return ctx.t("sub.when", date=local.date().isoformat(), time=local.strftime("%H:%M"),
                 zone=zone)  # fmt: skip


def _may_manage(ctx: Context) -> bool:
    """A private chat is one's own; a group's or channel's daily is for its admins."""
    if ctx.chat.is_private:
        return True
    if ctx.sender.is_chat_admin or ctx.is_owner():
        return True
    ctx.reply(ctx.t("sub.admin_only"), ephemeral=True)
    return False


@router.command(
    "subscribe",
    "订阅",
    spec=CommandSpec(
        "subscribe",
        "订阅每日一题:/subscribe [方向] [HH:MM] [时区] [weekdays=mon-fri]",
        "Daily question: /subscribe [track] [HH:MM] [time zone] [weekdays=mon-fri]",
        (
            CommandOption("track", "Track (default: all)", "track"),
            CommandOption("time", "Local time HH:MM (default 09:00)"),
            CommandOption("timezone", "IANA time zone, e.g. Europe/Berlin"),
            CommandOption("weekdays", "e.g. mon-fri (default: every day)"),
        ),
    ),
)
async def subscribe(ctx: Context) -> None:
    assert ctx.user is not None
    if not _may_manage(ctx):
        return
    request = _parse(ctx)
    if request is None:
        return
    chat, now = ctx.chat, ctx.now()
    daily = ctx.repo.daily
    existing = await daily.find(chat.platform, chat.id, request.track)
    if existing is None and len(await daily.in_chat(chat.platform, chat.id)) >= MAX_PER_CHAT:
        ctx.reply(ctx.t("sub.too_many", max=MAX_PER_CHAT))
        return
    at_text = request.at.strftime("%H:%M")
    first = next_occurrence(at_text, request.zone, request.weekdays, now)
    sub = existing or Subscription(
        owner_user_id=ctx.user.id, platform=chat.platform, chat_id=chat.id,
        chat_kind=chat.kind, track=request.track, created_at=now,
    )  # fmt: skip
    sub.at, sub.timezone, sub.weekdays = at_text, request.zone, request.weekdays
    sub.paused, sub.paused_reason, sub.notice_pending = False, "", False
    sub.next_due_at = first.due_at
    if existing is None:
        await ctx.repo.add(sub)
    else:
        await ctx.repo.deliveries.drop_pending(existing.id)  # planned for the old time
    ctx.user.timezone = request.zone  # the default for this person next time
    key = "sub.updated" if existing else "sub.created"
    ctx.reply(ctx.t(key, what=describe(ctx, sub), first=when(ctx, first.due_at, sub.timezone)))


@router.command(
    "subscriptions",
    "订阅列表",
    spec=CommandSpec("subscriptions", "查看每日一题订阅", "List daily-question subscriptions"),
)
async def subscriptions(ctx: Context) -> None:
    subs = await ctx.repo.daily.in_chat(ctx.chat.platform, ctx.chat.id)
    if not subs:
        daily = ctx.config.daily
        ctx.reply(ctx.t("sub.none", time=daily.default_time, zone=daily.default_timezone))
        return
    lines = [ctx.t("sub.list_title")]
    for n, sub in enumerate(subs, 1):
        state = ""
        if sub.paused:
            unavailable = sub.paused_reason == "unavailable"
            state = ctx.t("sub.state_unavailable" if unavailable else "sub.state_paused")
        lines.append(ctx.t("sub.list_line", n=n, what=describe(ctx, sub), state=state))
    lines += ["", ctx.t("sub.list_hint")]
    ctx.reply("\n".join(lines))


def _selected(ctx: Context, subs: Sequence[Subscription]) -> list[Subscription] | None:
    """The subscriptions named by the argument (a number or all); all when none is given."""
    if not ctx.args or ctx.args[0].lower() in ALL_TRACKS:
        return list(subs)
    given = ctx.args[0]
    if not given.isdigit() or not 1 <= int(given) <= len(subs):
        ctx.reply(ctx.t("sub.bad_number", given=given[:20]))
        return None
    return [subs[int(given) - 1]]


@router.command(
    "unsubscribe",
    "取消订阅",
    spec=CommandSpec(
        "unsubscribe",
        "取消每日一题:/unsubscribe [编号|all]",
        "Stop the daily question: /unsubscribe [N|all]",
        (CommandOption("which", "Number from /subscriptions, or all"),),
    ),
)
async def unsubscribe(ctx: Context) -> None:
    if not _may_manage(ctx):
        return
    subs = await ctx.repo.daily.in_chat(ctx.chat.platform, ctx.chat.id)
    if not subs:
        daily = ctx.config.daily
        ctx.reply(ctx.t("sub.none", time=daily.default_time, zone=daily.default_timezone))
        return
    if not ctx.args and len(subs) > 1:
        ctx.reply(ctx.t("sub.unsubscribe_which", count=len(subs)))
        return
    chosen = _selected(ctx, subs)
    if chosen is None:
        return
    for sub in chosen:
        await ctx.repo.daily.delete(sub)
    ctx.reply(ctx.t("sub.removed", count=len(chosen)))


async def _chosen(ctx: Context) -> list[Subscription] | None:
    """The chat's subscriptions that /pause or /resume names; None when refused or explained."""
    if not _may_manage(ctx):
        return None
    return _selected(ctx, await ctx.repo.daily.in_chat(ctx.chat.platform, ctx.chat.id))


@router.command(
    "pause",
    "暂停",
    spec=CommandSpec(
        "pause", "暂停每日一题:/pause [编号]", "Pause the daily question: /pause [N]",
        (CommandOption("which", "Number from /subscriptions (default: all)"),),
    ),
)  # fmt: skip
async def pause(ctx: Context) -> None:
    chosen = await _chosen(ctx)
    if chosen is None:
        return
    active = [s for s in chosen if not s.paused]
    if not active:
        ctx.reply(ctx.t("sub.nothing_to_pause"))
        return
    for sub in active:
        sub.paused, sub.paused_reason, sub.next_due_at = True, "user", None
        await ctx.repo.deliveries.drop_pending(sub.id)
    ctx.reply(ctx.t("sub.paused", count=len(active)))


@router.command(
    "resume",
    "恢复",
    spec=CommandSpec(
        "resume", "恢复每日一题:/resume [编号]", "Resume the daily question: /resume [N]",
        (CommandOption("which", "Number from /subscriptions (default: all)"),),
    ),
)  # fmt: skip
async def resume(ctx: Context) -> None:
    chosen = await _chosen(ctx)
    if chosen is None:
        return
    paused = [s for s in chosen if s.paused]
    if not paused:
        ctx.reply(ctx.t("sub.nothing_to_resume"))
        return
    now, firsts = ctx.now(), []
    for sub in paused:
        # Start from now: days missed while paused are not owed.
        first = next_occurrence(sub.at, sub.timezone, sub.weekdays, now)
        sub.paused, sub.paused_reason, sub.notice_pending = False, "", False
        sub.next_due_at = first.due_at
        firsts.append((first.due_at, sub.timezone))
    soonest, zone = min(firsts)
    ctx.reply(ctx.t("sub.resumed", count=len(paused), first=when(ctx, soonest, zone)))


@router.hook("arrival")
async def tell_about_stopped_deliveries(ctx: Context) -> bool:
    """The owner of a subscription that could not be delivered hears about it on next contact."""
    assert ctx.user is not None
    if ctx.arrival is None or not ctx.arrival.stopped_deliveries:
        return False
    for sub in await ctx.repo.daily.pending_notices(ctx.user.id):
        sub.notice_pending = False
        ctx.reply(ctx.t("sub.notice_unavailable", what=describe(ctx, sub)))
    return False  # never consumes the event
