"""What a claimed daily delivery becomes: a one-question interview in a DM, a round in a group."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bank import Question
from bot.core import render
from bot.core.context import Context
from bot.core.events import ChatRef
from bot.core.handlers import interview_flow as flow
from bot.core.handlers.group import pick_for_chat, round_post
from bot.core.replies import Reply
from bot.daily_time import next_local, parse_time, parse_zone
from bot.review import due_now
from bot.storage.deliveries import Claimed
from bot.storage.interviews import RunningInterview
from bot.storage.rounds import Round


@dataclass(frozen=True)
class Prepared:
    """One delivery ready to send; `round_id` set for a group round (its post id is stored)."""

    claimed: Claimed
    chat: ChatRef
    reply: Reply
    question_id: str
    target_id: int | None
    round_id: int | None = None


def pick_for_person(
    candidates: Sequence[Question],
    history: Sequence[tuple[str, datetime, int, str]],
    delivered: dict[str, datetime],
    now: datetime,
    seed: str,
) -> Question:
    """First a question due for review (spaced repetition over scores), then one never seen,
    then the one seen longest ago: no repeat within the tracks until they are exhausted."""
    if not history and not delivered:  # a newcomer: any question is new
        return random.Random(seed).choice(candidates)
    ids = {q.id for q in candidates}
    scores: dict[str, list[tuple[datetime, int]]] = {}
    last_seen = dict(delivered)
    for question_id, when, score, outcome in history:
        if question_id not in ids:
            continue
        last_seen[question_id] = max(when, last_seen.get(question_id, when))
        if outcome == "answered":
            scores.setdefault(question_id, []).append((when, score))
    by_id = {q.id: q for q in candidates}
    for question_id in due_now(scores, now):
        # Not again if it was already sent since the last answer and is still unanswered.
        if delivered.get(question_id, now - timedelta(days=3650)) <= scores[question_id][-1][0]:
            return by_id[question_id]
    unseen = [q for q in candidates if q.id not in last_seen]
    if unseen:
        return random.Random(seed).choice(unseen)
    return min(candidates, key=lambda q: (last_seen[q.id], q.id))


async def prepare(ctx: Context, rows: Sequence[Claimed]) -> list[Prepared]:
    """Choose the questions and create the interviews and rounds, inside the claim transaction.
    Rows whose tracks have no question left are returned as nothing (marked failed)."""
    now = ctx.now()
    people = [r for r in rows if r.chat_kind == "private"]
    groups = [r for r in rows if r.chat_kind != "private"]
    prepared: list[Prepared] = []
    if people:
        prepared += await _prepare_people(ctx, people, now)
    for row in groups:
        item = await _prepare_group(ctx, row, now)
        if item is not None:
            prepared.append(item)
    return prepared


async def _prepare_people(ctx: Context, rows: Sequence[Claimed], now: datetime) -> list[Prepared]:
    repo = ctx.repo
    user_ids = sorted({r.owner_user_id for r in rows})
    users = await repo.users.by_ids(list(user_ids))
    histories = await repo.deliveries.history_of_users(user_ids)
    delivered = await repo.deliveries.delivered_questions([r.subscription_id for r in rows])
    await repo.deliveries.expire_daily_interviews(user_ids, now)
    busy = await repo.deliveries.in_interview(user_ids)
    chosen: list[tuple[Claimed, Question, RunningInterview]] = []
    active: dict[str, tuple[Question, ...]] = {}
    for row in rows:
        if row.track not in active:
            active[row.track] = ctx.catalog.active(row.track)
        candidates = active[row.track]
        if not candidates or row.owner_user_id not in users:
            continue
        question = pick_for_person(
            candidates, histories.get(row.owner_user_id, []),
            delivered.get(row.subscription_id, {}), now, f"{row.delivery_id}",
        )  # fmt: skip
        interview = RunningInterview(
            user_id=row.owner_user_id, platform=row.platform, chat_id=row.chat_id,
            chat_kind="private", mode="daily", track=question.track, question_ids=[question.id],
            step=0, phase="answer", hints=[], follow_up_point="", status="open",
            created_at=now, updated_at=now,
        )  # fmt: skip
        chosen.append((row, question, interview))
    await repo.deliveries.insert_interviews([interview for _, _, interview in chosen], now)
    result: list[Prepared] = []
    for row, question, interview in chosen:
        person = Context(core=ctx.core, repo=repo, event=None, user=users[row.owner_user_id])
        prompt = person.t("iv.prompt", limit=ctx.config.bot.max_answer_chars)
        body = render.question_text(question, ctx.catalog, person.lang, 1, 1, prompt)
        intro = person.t("daily.dm_intro")
        if row.owner_user_id in busy:  # text answers go to the newest open interview
            intro += "\n" + person.t("daily.dm_interrupts")
        reply = Reply(intro + "\n" + body, flow.question_keyboard(person, interview))
        chat = ChatRef(row.platform, row.chat_id, "private")
        result.append(Prepared(row, chat, reply, question.id, interview.id))
    return result


async def _prepare_group(ctx: Context, row: Claimed, now: datetime) -> Prepared | None:
    candidates = ctx.catalog.active(row.track)
    if not candidates:
        return None
    rounds = ctx.repo.rounds
    question = pick_for_chat(candidates, await rounds.recent_questions(row.platform, row.chat_id))
    settings = await rounds.settings(row.platform, row.chat_id)
    lang = settings.lang if settings and settings.lang else ctx.config.bot.default_lang
    zone = parse_zone(row.timezone)
    reveal = parse_time(ctx.config.daily.reveal_time)
    if zone is None or reveal is None:
        return None
    closes_at = next_local(now, reveal, zone)
    local_close, local_now = closes_at.astimezone(zone), now.astimezone(zone)
    until = local_close.strftime("%H:%M")
    if local_close.date() != local_now.date():
        until = local_close.strftime("%Y-%m-%d %H:%M")
    round_ = Round(
        platform=row.platform, chat_id=row.chat_id, question_id=question.id, kind="daily",
        lang=lang, message_id="", started_by=None, status="open", started_at=now,
        closes_at=closes_at,
    )  # fmt: skip
    await ctx.repo.add(round_)
    modal = flow.supports_modals(ctx, row.platform)
    reply = round_post(ctx, question, round_, until=until, modal=modal)
    chat = ChatRef(row.platform, row.chat_id, "channel" if row.chat_kind == "channel" else "group")
    return Prepared(row, chat, reply, question.id, round_.id, round_id=round_.id)
