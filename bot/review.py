"""Spaced repetition over a person's scores on each question: when is each one due again?"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

PASS_SCORE = 60
GOOD_SCORE = 85
MIN_EASE, MAX_EASE, START_EASE = 1.3, 3.0, 2.5


@dataclass(frozen=True)
class ReviewState:
    question_id: str
    due: datetime
    interval_days: float
    ease: float
    last_score: int
    reviews: int


def schedule(question_id: str, history: Sequence[tuple[datetime, int]]) -> ReviewState:
    """SM-2 style: a failed answer comes back tomorrow, good ones at growing intervals.

    `history` is (time, score 0-100) of answered attempts; it must not be empty."""
    if not history:
        raise ValueError("a review schedule needs at least one answered attempt")
    interval, ease, streak = 0.0, START_EASE, 0
    for _, score in sorted(history):
        if score < PASS_SCORE:
            interval, streak = 1.0, 0
            ease = max(MIN_EASE, ease - 0.2)
            continue
        streak += 1
        if streak == 1:
            interval = 1.0 if score < GOOD_SCORE else 2.0
        elif streak == 2:
            interval = 3.0 if score < GOOD_SCORE else 6.0
        else:
            interval = interval * (ease if score >= GOOD_SCORE else 1.2)
        ease = min(MAX_EASE, max(MIN_EASE, ease + (score - GOOD_SCORE) / 100))
    last_time, last_score = max(history)
    return ReviewState(
        question_id=question_id,
        due=last_time + timedelta(days=interval),
        interval_days=interval,
        ease=ease,
        last_score=last_score,
        reviews=len(history),
    )


def review_states(
    histories: Mapping[str, Iterable[tuple[datetime, int]]],
) -> list[ReviewState]:
    """One state per question with history, soonest due first (ties by id, deterministic)."""
    states = [schedule(qid, list(h)) for qid, h in histories.items() if h]
    return sorted(states, key=lambda s: (s.due, s.last_score, s.question_id))


def due_now(histories: Mapping[str, Iterable[tuple[datetime, int]]], now: datetime) -> list[str]:
    """Question ids due for review at `now`, most overdue first."""
    return [s.question_id for s in review_states(histories) if s.due <= now]
