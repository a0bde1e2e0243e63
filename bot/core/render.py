"""Turns questions, verdicts and summaries into plain reply text in the user's language."""

from __future__ import annotations

from collections.abc import Sequence

from bot.bank import KeyPoint, Question
from bot.catalog import Catalog
from bot.core.texts import t
from bot.grading import PointResult, Verdict

MATCH_PREVIEW = 24


def stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * (3 - difficulty)


def point_label(point: KeyPoint | PointResult, lang: str) -> str:
    return point.label_en if lang == "en" and point.label_en else point.label


def question_text(
    question: Question, catalog: Catalog, lang: str, step: int, total: int, prompt: str
) -> str:
    track = catalog.track(question.track)
    lines = [
        t(
            lang,
            "iv.header",
            step=step,
            total=total,
            track=track.name_in(lang) if track else question.track,
            stars=stars(question.difficulty),
        ),
        "",
        question.title_in(lang),
    ]
    if question.kind == "open":
        lines += ["", t(lang, "iv.open_question")]
    lines += ["", prompt]
    return "\n".join(lines)


def verdict_lines(verdict: Verdict, lang: str, score: int, cap: int, hints: int) -> list[str]:
    """Score line, one line per key point (hits first), then the grader's notes."""
    if hints:
        lines = [t(lang, "iv.score_capped", score=score, hints=hints, cap=cap)]
    else:
        lines = [t(lang, "iv.score", score=score)]
    for hit in verdict.hits:
        matched = (
            hit.matched if len(hit.matched) <= MATCH_PREVIEW else hit.matched[:MATCH_PREVIEW] + "…"
        )
        lines.append(t(lang, "iv.hit", label=point_label(hit, lang), matched=matched))
    for miss in verdict.misses:
        key = {"negation": "iv.miss_negated", "confused_with": "iv.miss_confused"}.get(
            miss.cancelled_by, "iv.miss"
        )
        lines.append(t(lang, key, label=point_label(miss, lang)))
    for note in verdict.notes:
        lines.append(t(lang, f"note.{note}", cap=verdict.cap))
    return lines


def model_answer(question: Question, lang: str) -> str:
    answer = question.answer_en if lang == "en" and question.answer_en else question.answer
    return t(lang, "iv.model_answer", answer=answer)


def weakest_points(misses: Sequence[tuple[Question, str]], lang: str, limit: int = 3) -> list[str]:
    """Missed key points, heaviest first, as summary lines."""
    ranked: list[tuple[float, str, str]] = []
    for question, point_id in misses:
        point = next((p for p in question.key_points if p.id == point_id), None)
        if point is not None:
            ranked.append((-point.weight, point_label(point, lang), question.title_in(lang)))
    ranked.sort(key=lambda item: item[0])
    return [
        t(lang, "iv.summary_weak_line", label=label, title=title)
        for _, label, title in ranked[:limit]
    ]
