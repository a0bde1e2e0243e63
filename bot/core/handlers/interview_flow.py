"""Interview state changes shared by commands, buttons and answers: ask, grade, follow, finish."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime

from bot.bank import Question
from bot.core import render
from bot.core.context import Context
from bot.core.payloads import pack
from bot.core.replies import Button, Keyboard
from bot.storage.interviews import RunningInterview


def pick_questions(
    candidates: Sequence[Question], last_seen: dict[str, datetime], n: int, rng: random.Random
) -> list[Question]:
    """Never-seen questions first (shuffled), then the longest unseen: no repeat till exhausted."""
    unseen = [q for q in candidates if q.id not in last_seen]
    rng.shuffle(unseen)
    seen = sorted((q for q in candidates if q.id in last_seen), key=lambda q: last_seen[q.id])
    return (unseen + seen)[:n]


def current_question(ctx: Context, interview: RunningInterview) -> Question | None:
    return ctx.catalog.question(interview.question_ids[interview.step])


def supports_modals(ctx: Context, platform: str) -> bool:
    adapter = ctx.core.adapters.get(platform)
    return bool(getattr(adapter, "supports_modals", False))


def question_keyboard(ctx: Context, interview: RunningInterview) -> Keyboard:
    iid, step = interview.id, interview.step
    first: list[Button] = []
    if _answers_by_form(ctx, interview):
        first.append(Button(ctx.t("btn.answer"), pack("answer", "iv", iid, step)))
    first += [
        Button(ctx.t("btn.hint"), pack("hint", iid, step)),
        Button(ctx.t("btn.skip"), pack("skip", iid, step)),
        Button(ctx.t("btn.reveal"), pack("reveal", iid, step)),
    ]
    return Keyboard.of(first, [Button(ctx.t("btn.end"), pack("end", iid, step))])


def _answers_by_form(ctx: Context, interview: RunningInterview) -> bool:
    """In a group on a platform with input forms (Discord), answers come through a button."""
    return interview.chat_kind != "private" and supports_modals(ctx, interview.platform)


def after_keyboard(ctx: Context, interview: RunningInterview) -> Keyboard:
    iid, step = interview.id, interview.step
    last = step + 1 >= len(interview.question_ids)
    next_label = ctx.t("btn.summary") if last else ctx.t("btn.next")
    row = [
        Button(next_label, pack("next", iid, step)),
        Button(ctx.t("btn.end"), pack("end", iid, step)),
    ]
    if interview.phase == "follow_up" and _answers_by_form(ctx, interview):
        row.insert(0, Button(ctx.t("btn.answer"), pack("answer", "iv", iid, step)))
    return Keyboard.of(row)


async def ask_current(ctx: Context, interview: RunningInterview) -> None:
    question = current_question(ctx, interview)
    if question is None:  # retired while the interview ran: move on rather than get stuck
        await advance(ctx, interview)
        return
    if _answers_by_form(ctx, interview):
        prompt = ctx.t("iv.prompt_modal")
    else:
        prompt = ctx.t("iv.prompt", limit=ctx.config.bot.max_answer_chars)
    total = len(interview.question_ids)
    text = render.question_text(question, ctx.catalog, ctx.lang, interview.step + 1, total, prompt)
    ctx.reply(text, question_keyboard(ctx, interview))


def cap_for(ctx: Context, interview: RunningInterview) -> int:
    return max(0, 100 - ctx.config.bot.hint_penalty * len(interview.hints))


async def record(
    ctx: Context, interview: RunningInterview, question: Question, **fields: object
) -> None:
    await ctx.repo.attempts.add(
        user_id=interview.user_id,
        question_id=question.id,
        track=question.track,
        interview_id=interview.id,
        step=interview.step,
        mode=interview.mode,
        platform=interview.platform,
        chat_id=interview.chat_id,
        max_score=cap_for(ctx, interview),
        created_at=ctx.now(),
        **fields,
    )


async def answer(ctx: Context, interview: RunningInterview, text: str) -> None:
    """Grade an answer to the current step, or to its open follow-up."""
    question = current_question(ctx, interview)
    if question is None:
        await advance(ctx, interview)
        return
    if interview.phase == "follow_up":
        await answer_follow_up(ctx, interview, question, text)
        return
    if interview.phase == "done":
        ctx.reply(ctx.t("iv.already_graded"), after_keyboard(ctx, interview))
        return
    verdict = ctx.grade(text, question)
    cap = cap_for(ctx, interview)
    score = min(verdict.score, cap)
    await record(
        ctx,
        interview,
        question,
        outcome="answered",
        score=score,
        hits=[h.key_point_id for h in verdict.hits],
        misses=[m.key_point_id for m in verdict.misses],
        answer_chars=len(text),
    )
    lines = render.verdict_lines(verdict, ctx.lang, score, cap, len(interview.hints))
    missed = {m.key_point_id for m in verdict.misses}
    follow = next(
        (p for p in sorted(question.key_points, key=lambda p: -p.weight)
         if p.id in missed and p.follow_up),
        None,
    )  # fmt: skip
    interview.updated_at = ctx.now()
    if follow is not None:
        interview.phase, interview.follow_up_point = "follow_up", follow.id
        asked = (
            follow.follow_up_en if ctx.lang == "en" and follow.follow_up_en else follow.follow_up
        )
        key = "iv.follow_up_modal" if _answers_by_form(ctx, interview) else "iv.follow_up"
        lines += ["", ctx.t(key, question=asked)]
    else:
        interview.phase = "done"
    lines += ["", render.model_answer(question, ctx.lang)]
    ctx.reply("\n".join(lines), after_keyboard(ctx, interview))


async def answer_follow_up(
    ctx: Context, interview: RunningInterview, question: Question, text: str
) -> None:
    point = next((p for p in question.key_points if p.id == interview.follow_up_point), None)
    attempt = await ctx.repo.attempt_at(interview.id, interview.step)
    interview.phase, interview.follow_up_point = "done", ""
    interview.updated_at = ctx.now()
    if point is None or attempt is None:
        ctx.reply(ctx.t("iv.already_graded"), after_keyboard(ctx, interview))
        return
    verdict = ctx.grade(text, question, point=point.id)
    label = render.point_label(point, ctx.lang)
    if verdict.hits:
        total_weight = sum(p.weight for p in question.key_points)
        bonus = max(1, round(point.weight / total_weight * 50))
        attempt.score = min(attempt.max_score, attempt.score + bonus)
        attempt.hits = [*attempt.hits, point.id]
        attempt.misses = [m for m in attempt.misses if m != point.id]
        message = ctx.t("iv.follow_up_hit", label=label, bonus=bonus, score=attempt.score)
    else:
        message = ctx.t("iv.follow_up_miss", label=label)
    ctx.reply(message, after_keyboard(ctx, interview))


async def advance(ctx: Context, interview: RunningInterview) -> None:
    """Move to the next step, or finish with a summary after the last one."""
    interview.updated_at = ctx.now()
    if interview.step + 1 >= len(interview.question_ids):
        await finish(ctx, interview)
        return
    interview.step += 1
    interview.phase, interview.hints, interview.follow_up_point = "answer", [], ""
    await ask_current(ctx, interview)


async def finish(ctx: Context, interview: RunningInterview) -> None:
    """Close the interview and show each question's result, the average and the weakest points."""
    interview.status, interview.updated_at = "finished", ctx.now()
    attempts = {a.step: a for a in await ctx.repo.attempts_of_interview(interview.id)}
    lines = [ctx.t("iv.summary_title", total=len(interview.question_ids)), ""]
    scores: list[int] = []
    misses: list[tuple[Question, str]] = []
    for step, question_id in enumerate(interview.question_ids):
        question = ctx.catalog.question(question_id)
        title = question.title_in(ctx.lang) if question else question_id
        attempt = attempts.get(step)
        if attempt is None:
            result = ctx.t("iv.result_unanswered")
        elif attempt.outcome == "answered":
            result, _ = str(attempt.score), scores.append(attempt.score)
            misses += [(question, m) for m in attempt.misses] if question else []
        else:
            result = ctx.t(f"iv.result_{attempt.outcome}")
        lines.append(ctx.t("iv.summary_line", n=step + 1, title=title, result=result))
    lines.append("")
    if scores:
        average = round(sum(scores) / len(scores))
        lines.append(ctx.t("iv.summary_average", average=average, answered=len(scores)))
    else:
        lines.append(ctx.t("iv.summary_none"))
    weak = render.weakest_points(misses, ctx.lang)
    if weak:
        lines += ["", ctx.t("iv.summary_weak"), *weak]
    lines += ["", ctx.t("iv.summary_next")]
    ctx.reply("\n".join(lines))
