"""Practice slots, days and totals, kept in step with every stored answered attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    ForeignKey,
    Integer,
    event,
    func,
    inspect,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.storage.models import Attempt, Base

# On SQLite, rows stored in primary-key order: a user's slots or days are read in one range
# instead of one table lookup per row (PostgreSQL ignores the option).
ROWS_IN_KEY_ORDER = {"sqlite_with_rowid": False}
SLOT_MINUTES = 15  # every real time-zone offset is a multiple of 15 minutes


class PracticeSlot(Base):
    """Answered attempts per user and 15-minute UTC slot: streaks and day trends in any time
    zone without scanning attempts, and still right after the user changes time zone."""

    __tablename__ = "practice_slots"
    __table_args__ = ROWS_IN_KEY_ORDER
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    slot: Mapped[datetime] = mapped_column(primary_key=True)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)


class PracticeTotal(Base):
    """Lifetime answers, score sum and active UTC days per user: the all-time global board
    reads one row per user."""

    __tablename__ = "practice_totals"
    __table_args__ = ROWS_IN_KEY_ORDER
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    answers: Mapped[int] = mapped_column(Integer, default=0)
    score_sum: Mapped[int] = mapped_column(Integer, default=0)
    days: Mapped[int] = mapped_column(Integer, default=0)
    first_day: Mapped[date] = mapped_column(Date)


class PracticeDay(Base):
    """Answered attempts per user and UTC day: the global leaderboard's input, one row per
    active day instead of one per slot."""

    __tablename__ = "practice_days"
    __table_args__ = ROWS_IN_KEY_ORDER
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
    if changes:
        add_practice(session.connection(), changes)


def add_practice(connection: Connection, changes: dict[tuple[int, datetime], list[int]]) -> None:
    """Add (answers, score sum) per (user id, slot) to the slots, days and totals."""
    days: dict[tuple[int, date], list[int]] = {}
    for (user_id, slot), (answers, score_sum) in changes.items():
        entry = days.setdefault((user_id, slot.date()), [0, 0])
        entry[0] += answers
        entry[1] += score_sum
    statements = _statements(connection.dialect.name)
    for (user_id, day), (answers, score_sum) in days.items():
        after = connection.execute(
            statements.add_day,
            {"user_id": user_id, "day": day, "answers": answers, "score_sum": score_sum},
        ).scalar_one()
        # The day's count is now exactly what was added: it was not an active day before.
        connection.execute(
            statements.add_total,
            {"user_id": user_id, "answers": answers, "score_sum": score_sum,
             "days": int(answers > 0 and after == answers), "first_day": day},
        )  # fmt: skip
    for (user_id, slot), (answers, score_sum) in changes.items():
        connection.execute(
            statements.add_slot,
            {"user_id": user_id, "slot": slot, "answers": answers, "score_sum": score_sum},
        )


@dataclass(frozen=True)
class _Statements:
    add_total: Any
    add_slot: Any
    add_day: Any


@cache
def _statements(dialect: str) -> _Statements:
    """The upserts, built once per dialect: building them per answer cost more than running."""
    postgres = dialect == "postgresql"
    insert = pg_insert if postgres else sqlite_insert
    earliest = func.least if postgres else func.min  # SQLite's two-argument min() is scalar

    def add_counts(model: type[PracticeSlot] | type[PracticeDay], key: str) -> Any:
        statement = insert(model)
        return statement.on_conflict_do_update(
            index_elements=["user_id", key],
            set_={
                "answers": model.answers + statement.excluded.answers,
                "score_sum": model.score_sum + statement.excluded.score_sum,
            },
        )

    total = insert(PracticeTotal)
    return _Statements(
        add_total=total.on_conflict_do_update(
            index_elements=["user_id"],
            set_={
                "answers": PracticeTotal.answers + total.excluded.answers,
                "score_sum": PracticeTotal.score_sum + total.excluded.score_sum,
                "days": PracticeTotal.days + total.excluded.days,
                "first_day": earliest(PracticeTotal.first_day, total.excluded.first_day),
            },
        ),
        add_slot=add_counts(PracticeSlot, "slot"),
        add_day=add_counts(PracticeDay, "day").returning(PracticeDay.answers),
    )
