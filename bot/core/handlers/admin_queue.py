"""From users: /suggest and /report; for admins: /queue to accept (pre-filled /q add) or reject."""

from __future__ import annotations

from bot.bank import MAX_ANSWER_CHARS
from bot.core.commands import CommandOption, CommandSpec
from bot.core.context import Context
from bot.core.events import ChatRef
from bot.core.handlers import admin_add
from bot.core.handlers.admin import decision_text, require_admin
from bot.core.handlers.admin_changes import words_after
from bot.core.replies import Reply
from bot.core.router import Router
from bot.storage.admin import AddDraft, Submission
from bot.storage.models import User
from bot.storage.repository import Repository

router = Router()
MAX_TEXT_CHARS = 500
MAX_OPEN_PER_USER = 5
QUEUE_SHOWN = 10


async def _room_for_more(ctx: Context) -> bool:
    assert ctx.user is not None
    mine = await ctx.repo.admin.open_count_of(ctx.user.id)
    if mine >= MAX_OPEN_PER_USER:
        ctx.reply(ctx.t("sug.too_many", max=MAX_OPEN_PER_USER))
        return False
    return True


@router.command(
    "suggest",
    "建议",
    spec=CommandSpec(
        "suggest",
        "建议一道题:/suggest 题目 | 答案(可选)",
        "Suggest a question: /suggest QUESTION | optional answer",
        (CommandOption("text", "question | optional answer", required=True),),
    ),
)
async def suggest(ctx: Context) -> None:
    assert ctx.user is not None
    rest = ctx.command.rest if ctx.command else ""
    text, _, answer = rest.replace("｜", "|").partition("|")
    text, answer = text.strip(), answer.strip()
    if not text:
        ctx.reply(ctx.t("sug.usage"))
        return
    if len(text) > MAX_TEXT_CHARS or len(answer) > MAX_ANSWER_CHARS:
        ctx.reply(ctx.t("sug.too_long", max=MAX_TEXT_CHARS, answer_max=MAX_ANSWER_CHARS))
        return
    if await _room_for_more(ctx):
        item = Submission(kind="suggest", user_id=ctx.user.id, platform=ctx.sender.platform)
        item.text, item.answer, item.created_at = text, answer, ctx.now()
        await ctx.repo.admin.add(item)
        ctx.reply(ctx.t("sug.thanks", id=item.id))


@router.command(
    "report",
    "反馈",
    spec=CommandSpec(
        "report",
        "反馈题目错误:/report 题号 原因",
        "Report a wrong question: /report ID reason",
        (
            CommandOption("question", "question id", required=True),
            CommandOption("reason", "what is wrong", required=True),
        ),
    ),
)
async def report(ctx: Context) -> None:
    assert ctx.user is not None
    words, reason = words_after(ctx.command.rest if ctx.command else "", 1)
    reason = reason.strip()
    if len(words) != 1 or not reason:
        ctx.reply(ctx.t("rep.usage"))
        return
    if len(reason) > MAX_TEXT_CHARS:
        ctx.reply(ctx.t("sug.too_long", max=MAX_TEXT_CHARS, answer_max=MAX_ANSWER_CHARS))
        return
    question = ctx.catalog.question(words[0][:48])
    if question is None:
        ctx.reply(ctx.t("rep.unknown_id", id=words[0][:48]))
        return
    if await _room_for_more(ctx):
        item = Submission(kind="report", user_id=ctx.user.id, platform=ctx.sender.platform)
        item.question_id, item.text, item.created_at = question.id, reason, ctx.now()
        await ctx.repo.admin.add(item)
        ctx.reply(ctx.t("rep.thanks", id=item.id))


@router.command(
    "queue",
    spec=CommandSpec(
        "queue",
        "待处理的建议与反馈:/queue [accept N | reject N 原因]",
        "Suggestions and reports: /queue [accept N | reject N reason]",
        (CommandOption("action", "accept or reject"), CommandOption("rest", "N and reason")),
        admin=True,
    ),
)
async def queue(ctx: Context) -> None:
    if not await require_admin(ctx, "/queue"):
        return
    words, reason = words_after(ctx.command.rest if ctx.command else "", 2)
    action = words[0].lower() if words else ""
    if not words:
        await _list(ctx)
        return
    if action not in ("accept", "reject") or len(words) != 2 or not words[1].isdigit():
        ctx.reply(ctx.t("queue.usage"))
        return
    if (action == "accept") == bool(reason.strip()) or len(reason) > MAX_TEXT_CHARS:
        ctx.reply(ctx.t("queue.usage"))  # accept takes no reason; reject needs one
        return
    item = await ctx.repo.admin.submission(int(words[1][:12]))
    if item is None or item.status != "open":
        ctx.reply(ctx.t("queue.unknown", id=words[1][:12]))
        return
    if action == "reject":
        await _decide(ctx, item, "rejected", reason.strip())
        ctx.reply(ctx.t("queue.rejected", id=item.id))
        return
    if item.kind == "report":
        await _decide(ctx, item, "accepted", "")
        ctx.reply(ctx.t("queue.accepted_report", id=item.id, question=item.question_id))
        return
    await _accept_suggestion(ctx, item)


async def _accept_suggestion(ctx: Context, item: Submission) -> None:
    assert ctx.user is not None
    if not ctx.require_private():
        return
    if await ctx.repo.admin.draft(ctx.user.id) is not None:
        ctx.reply(ctx.t("queue.draft_open"))
        return
    data: dict[str, object] = {"submission": item.id}
    if len(item.text) <= 200:
        data["title"] = item.text
    if item.answer:
        data["answer"] = item.answer
    draft = AddDraft(user_id=ctx.user.id, step="track", data=data, updated_at=ctx.now())
    await ctx.repo.admin.add(draft)
    await _decide(ctx, item, "accepted", "")
    ctx.reply(ctx.t("queue.accepted_suggest", id=item.id))
    await admin_add.open_draft(ctx, draft)


async def _list(ctx: Context) -> None:
    items = await ctx.repo.admin.open_submissions(QUEUE_SHOWN)
    if not items:
        ctx.reply(ctx.t("queue.empty"))
        return
    lines = [ctx.t("queue.title", count=len(items))]
    for item in items:
        author = await ctx.repo.session.get(User, item.user_id)
        name = author.display_name if author else "?"
        if item.kind == "suggest":
            answer = ctx.t("queue.with_answer") if item.answer else ""
            lines.append(f"#{item.id} 💡 {name}: {item.text[:120]}{answer}")
        else:
            lines.append(f"#{item.id} ⚠ {name} → {item.question_id}: {item.text[:120]}")
    lines.append(ctx.t("queue.usage"))
    ctx.reply("\n".join(lines))


async def _decide(ctx: Context, item: Submission, status: str, reason: str) -> None:
    """Record the decision and tell the author by message; if that fails, on their next visit."""
    item.status, item.reason, item.notified = status, reason[:500], False
    identity = await ctx.repo.identity_of(item.user_id, item.platform)
    author = await ctx.repo.session.get(User, item.user_id)
    if identity is None or author is None or identity.dm_unavailable or not identity.private_chat:
        return
    text = decision_text(author.lang, item.kind, item.id, status, item.reason, item.text)
    item_id = item.id

    async def mark_told(repo: Repository, _message_id: str) -> None:
        await repo.admin.mark_notified(item_id)

    chat = ChatRef(identity.platform, identity.platform_user_id, "private")
    ctx.send(chat, Reply(text), on_sent=mark_told)
