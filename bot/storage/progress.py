"""Queries behind /stats, /history and /review over attempts and practice slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    func,
    select,
)

from bot.storage.models import Attempt
from bot.storage.practice import PracticeSlot
from bot.storage.session import DbSession


@dataclass(frozen=True)
class ScoredAttempt:
    question_id: str
    track: str
    score: int
    created_at: datetime


@dataclass(frozen=True)
class PointRecord:
    question_id: str
    hits: tuple[str, ...]
    misses: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True)
class HistoryRow:
    question_id: str
    track: str
    outcome: str
    score: int
    created_at: datetime


class ProgressQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    async def slots(self, user_id: int, since: datetime) -> list[tuple[datetime, int, int]]:
        """(slot start, answers, score sum) since a moment, oldest first."""
        rows = await self.session.execute(
            select(PracticeSlot.slot, PracticeSlot.answers, PracticeSlot.score_sum)
            .where(PracticeSlot.user_id == user_id, PracticeSlot.slot >= since)
            .order_by(PracticeSlot.slot)
        )
        return [(slot, answers, total) for slot, answers, total in rows.all()]

    async def recent_scores(self, user_id: int, per_track: int) -> list[ScoredAttempt]:
        """The last `per_track` answered attempts of each track (the mastery input)."""
        ranked = (
            select(
                Attempt.question_id,
                Attempt.track,
                Attempt.score,
                Attempt.created_at,
                func.row_number()
                .over(partition_by=Attempt.track, order_by=Attempt.created_at.desc())
                .label("n"),
            )
            .where(Attempt.user_id == user_id, Attempt.outcome == "answered")
            .subquery()
        )
        rows = await self.session.execute(
            select(ranked.c.question_id, ranked.c.track, ranked.c.score, ranked.c.created_at)
            .where(ranked.c.n <= per_track)
            .order_by(ranked.c.created_at)
        )
        return [ScoredAttempt(q, t, s, c) for q, t, s, c in rows.all()]

    async def point_records(self, user_id: int, limit: int) -> list[PointRecord]:
        """Hits and misses of the user's last `limit` answered attempts, newest first."""
        rows = await self.session.execute(
            select(Attempt.question_id, Attempt.hits, Attempt.misses, Attempt.created_at)
            .where(Attempt.user_id == user_id, Attempt.outcome == "answered")
            .order_by(Attempt.created_at.desc(), Attempt.id.desc())
            .limit(limit)
        )
        return [
            PointRecord(q, tuple(hits or ()), tuple(misses or ()), c)
            for q, hits, misses, c in rows.all()
        ]

    async def history(self, user_id: int, limit: int) -> list[HistoryRow]:
        rows = await self.session.execute(_history_query(user_id).limit(limit))
        return [HistoryRow(q, t, o, s, c) for q, t, o, s, c in rows.all()]


def _history_query(user_id: int) -> Select[Any]:
    return (
        select(Attempt.question_id, Attempt.track, Attempt.outcome, Attempt.score,
               Attempt.created_at)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
    )  # fmt: skip
