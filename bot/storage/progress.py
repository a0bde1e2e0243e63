"""Progress storage: practice slots and days kept in step with attempts; queries for /stats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    Select,
    event,
    func,
    inspect,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.storage.models import Attempt, Base

SLOT_MINUTES = 15  # every real time-zone offset is a multiple of 15 minutes


class PracticeSlot(Base):
    """Answered attempts per user and 15-minute UTC slot: streaks and day trends in any time
    zone without scanning attempts, and still right after the user changes time zone."""

    __tablename__ = "practice_slots"
    __table_args__ = (Index("ix_practice_slots_slot", "slot"),)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    slot: Mapped[datetime] = mapped_column(primary_key=True)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)


class PracticeDay(Base):
    """Answered attempts per user and UTC day: the global leaderboard's input, one row per
    active day instead of one per slot."""

    __tablename__ = "practice_days"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)


def slot_of(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    return moment.replace(
        minute=moment.minute - moment.minute % SLOT_MINUTES, second=0, microsecond=0
    )


@event.listens_for(Session, "before_flush")
def _feed_practice_slots(session: Session, _context: Any, _instances: Any) -> None:
    """Whoever stores an answered attempt (interview, round, daily question) feeds the slots;
    a later score change (a follow-up bonus) moves the slot's sum with it."""
    changes: dict[tuple[int, datetime], list[int]] = {}
    for obj in session.new:
        if isinstance(obj, Attempt) and obj.outcome == "answered":
            entry = changes.setdefault((obj.user_id, slot_of(obj.created_at)), [0, 0])
            entry[0] += 1
            entry[1] += obj.score or 0
    for obj in session.dirty:
        if isinstance(obj, Attempt) and obj.outcome == "answered":
            history = inspect(obj).attrs.score.history
            if history.added and history.deleted:
                entry = changes.setdefault((obj.user_id, slot_of(obj.created_at)), [0, 0])
                entry[1] += int(history.added[0] or 0) - int(history.deleted[0] or 0)
    if not changes:
        return
    days: dict[tuple[int, date], list[int]] = {}
    for (user_id, slot), (answers, score_sum) in changes.items():
        entry = days.setdefault((user_id, slot.date()), [0, 0])
        entry[0] += answers
        entry[1] += score_sum
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    for model, rows in ((PracticeSlot, changes), (PracticeDay, days)):
        key = "slot" if model is PracticeSlot else "day"
        for (user_id, when), (answers, score_sum) in rows.items():
            statement = insert(model).values(
                {"user_id": user_id, key: when, "answers": answers, "score_sum": score_sum}
            )
            statement = statement.on_conflict_do_update(
                index_elements=["user_id", key],
                set_={
                    "answers": model.answers + answers,
                    "score_sum": model.score_sum + score_sum,
                },
            )
            connection.execute(statement)


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
    def __init__(self, session: AsyncSession) -> None:
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

    async def first_answer_at(self, user_id: int) -> datetime | None:
        return await self.session.scalar(
            select(func.min(PracticeSlot.slot)).where(PracticeSlot.user_id == user_id)
        )


def _history_query(user_id: int) -> Select[Any]:
    return (
        select(Attempt.question_id, Attempt.track, Attempt.outcome, Attempt.score,
               Attempt.created_at)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.created_at.desc(), Attempt.id.desc())
    )  # fmt: skip
