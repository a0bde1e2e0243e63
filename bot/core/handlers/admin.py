"""Who may curate the bank (owners from config, admins they grant), and the per-event hooks."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.bank import Bank, Problem
from bot.catalog import Catalog
from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.router import Router
from bot.storage.repository import question_from_row

router = Router()
log = logging.getLogger(__name__)
MAX_PROBLEMS_SHOWN = 15


def actor(ctx: Context) -> str:
    return f"{ctx.sender.platform}:{ctx.sender.id}"


async def is_admin(ctx: Context) -> bool:
    if ctx.event is None:
        return False
    return ctx.is_owner() or await ctx.repo.admin.is_admin(ctx.sender.platform, ctx.sender.id)


def log_refusal(ctx: Context, what: str) -> None:
    # Logged with the hashed user only: platform ids stay out of the logs.
    log.warning(
        "refused %s to a non-admin",
        what,
        extra={"fields": {"user": ctx.core.user_hash(ctx.sender.platform, ctx.sender.id)}},
    )


def _refuse(ctx: Context, what: str, key: str) -> None:
    log_refusal(ctx, what)
    ctx.reply(ctx.t(key), ephemeral=True)


async def require_admin(ctx: Context, what: str) -> bool:
    """The one check in front of every content-admin command: True, or refused and explained."""
    if await is_admin(ctx):
        return True
    _refuse(ctx, what, "adm.refused")
    return False


def require_owner(ctx: Context, what: str) -> bool:
    if ctx.is_owner():
        return True
    _refuse(ctx, what, "adm.owner_only")
    return False


def problems_text(ctx: Context, problems: Iterable[Problem]) -> str:
    """Every problem as "field: reason", under a header saying nothing was stored."""
    listed = list(problems)
    lines = [ctx.t("adm.invalid", count=len(listed))]
    for problem in listed[:MAX_PROBLEMS_SHOWN]:
        where = f"{problem.file}: " if problem.file else ""
        qid = f"[{problem.question_id}] " if problem.question_id else ""
        lines.append(f"• {where}{qid}{problem.field}: {problem.reason}")
    if len(listed) > MAX_PROBLEMS_SHOWN:
        lines.append(ctx.t("adm.more_problems", count=len(listed) - MAX_PROBLEMS_SHOWN))
    return "\n".join(lines)


def _target(ctx: Context, raw: str) -> tuple[str, str] | None:
    """(platform, user id) from "12345" (the owner's platform) or "platform:12345"."""
    platform, _, user_id = raw.rpartition(":")
    platform = platform or ctx.sender.platform
    if not user_id or len(user_id) > 64 or len(platform) > 16 or not platform.isalnum():
        return None
    return platform, user_id


@router.command(
    "admin",
    spec=CommandSpec(
        "admin",
        "内容管理员:/admin grant|revoke|list",
        "Content admins: /admin grant|revoke|list",
        (
            CommandOption("action", "grant, revoke or list", choices=("grant", "revoke", "list")),
            CommandOption("user", "platform user id"),
        ),
        admin=True,
    ),
)
async def admin_command(ctx: Context) -> None:
    if not require_owner(ctx, "/admin"):
        return
    args = ctx.args
    action = args[0].lower() if args else ""
    if action == "list" and len(args) == 1:
        lines = [ctx.t("adm.list_owners", owners=", ".join(ctx.config.bot.owners) or "-")]
        admins = await ctx.repo.admin.admins()
        lines.append(ctx.t("adm.list_admins", count=len(admins)))
        lines += [f"• {a.platform}:{a.platform_user_id} ({a.granted_by})" for a in admins]
        ctx.reply("\n".join(lines))
        return
    target = _target(ctx, args[1]) if action in ("grant", "revoke") and len(args) == 2 else None
    if target is None:
        ctx.reply(ctx.t("adm.admin_usage"))
        return
    who = f"{target[0]}:{target[1]}"
    if action == "grant":
        added = await ctx.repo.admin.grant(*target, by=actor(ctx), now=ctx.now())
        ctx.reply(ctx.t("adm.granted" if added else "adm.already_admin", who=who))
    else:
        removed = await ctx.repo.admin.revoke(*target)
        ctx.reply(ctx.t("adm.revoked" if removed else "adm.not_admin", who=who))


async def refresh_catalog(ctx: Context) -> None:
    """Before each event: reload the catalog when any worker's admin edit bumped the version."""
    core = ctx.core
    assert ctx.arrival is not None, "runs before events, which always have a sender"
    version = ctx.arrival.content_version  # read with the sender, in the same statement
    if version == core.content_version:
        return
    versions = await ctx.repo.admin.question_versions()
    held = core.catalog.bank.by_id() if core.question_versions else {}
    stale = [q for q, v in versions.items() if q not in held or core.question_versions.get(q) != v]
    fresh = {
        row.id: question_from_row(row) for row in await ctx.repo.admin.questions_by_ids(stale)
    }
    questions = tuple(fresh.get(qid) or held[qid] for qid in sorted(versions))
    bank = Bank(tracks=await ctx.repo.admin.tracks(), questions=questions)
    core.replace_catalog(Catalog(bank))
    core.content_version, core.question_versions = version, versions


async def deliver_notices(ctx: Context) -> None:
    """Tell an author, in their private chat, what became of a suggestion or report."""
    if ctx.user is None or ctx.event is None or not ctx.chat.is_private:
        return
    if ctx.arrival is None or not ctx.arrival.decisions:
        return
    for item in await ctx.repo.admin.unnotified(ctx.user.id):
        ctx.reply(decision_text(ctx.lang, item.kind, item.id, item.status, item.reason, item.text))
        item.notified = True


def decision_text(lang: str, kind: str, item_id: int, status: str, reason: str, text: str) -> str:
    from bot.core.texts import t

    key = "adm.decision_accepted" if status == "accepted" else "adm.decision_rejected"
    what = t(lang, f"adm.kind_{kind}")
    return t(lang, key, what=what, id=item_id, text=text[:60], reason=reason or "-")
