"""Pure progress measures: mastery with decay, streaks with a grace day, weak points, trends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MASTERY_WINDOW = 20  # scores per track that count
HALF_LIFE_DAYS = 14.0
WEAK_POINT_WINDOW = 200  # recent answered attempts searched for weak key points
TREND_DAYS = 30


def mastery(scores: Sequence[tuple[datetime, int]], now: datetime) -> float:
    """Exponentially weighted mean of the last 20 scores; a score loses half its weight every
    14 days, so an old failure fades behind recent practice (0 when nothing was answered)."""
    recent = sorted(scores)[-MASTERY_WINDOW:]
    if not recent:
        return 0.0
    weights = [0.5 ** (max(0.0, (now - when).total_seconds()) / 86400 / HALF_LIFE_DAYS)
               for when, _ in recent]  # fmt: skip
    return sum(w * s for w, (_, s) in zip(weights, recent, strict=True)) / sum(weights)


def mastery_level(value: float) -> int:
    """0 to 4: new, learning, familiar, solid, mastered."""
    return 0 if value <= 0 else min(4, 1 + int(value // 25))


@dataclass(frozen=True)
class Streak:
    days: int  # practice days in the streak
    grace_used_this_week: bool  # a missed day of the current ISO week was forgiven
    practised_today: bool


def local_days(slots: Iterable[datetime], zone: ZoneInfo) -> set[date]:
    return {slot.astimezone(zone).date() for slot in slots}


def streak(days: set[date], today: date) -> Streak:
    """Practice days in a row up to today, in the user's zone. Today may still come, so it never
    breaks the streak; any other missed day does, unless it is the first missed day of its ISO
    week (one grace day per week) and not right after another missed day."""
    practised_today = today in days
    day = today if practised_today else today - timedelta(days=1)
    this_week = today.isocalendar()[:2]
    count, graced_weeks, grace_this_week = 0, set(), False
    pending: tuple[int, int] | None = None  # week of a missed day, forgiven if practice precedes
    while True:
        if day in days:
            count += 1
            if pending is not None:
                graced_weeks.add(pending)
                grace_this_week = grace_this_week or pending == this_week
                pending = None
        else:
            week = day.isocalendar()[:2]
            if pending is not None or week in graced_weeks:
                break
            pending = week
        day -= timedelta(days=1)
    return Streak(count, grace_this_week and count > 0, practised_today)


@dataclass(frozen=True)
class WeakPoint:
    question_id: str
    point_id: str
    misses: int
    seen: int


def weakest_points(
    records: Iterable[tuple[str, Sequence[str], Sequence[str], datetime]], limit: int = 5
) -> list[WeakPoint]:
    """Key points missed most often (by share, then count, then most recently), one row each.

    `records` are (question id, hit point ids, missed point ids, time) of answered attempts."""
    seen: dict[tuple[str, str], list[int]] = {}
    last_miss: dict[tuple[str, str], datetime] = {}
    for question_id, hits, misses, when in records:
        for point in hits:
            seen.setdefault((question_id, point), [0, 0])[1] += 1
        for point in misses:
            entry = seen.setdefault((question_id, point), [0, 0])
            entry[0] += 1
            entry[1] += 1
            key = (question_id, point)
            if key not in last_miss or last_miss[key] < when:
                last_miss[key] = when
    ranked = sorted(
        ((key, m, n) for key, (m, n) in seen.items() if m > 0),
        key=lambda item: (-item[1] / item[2], -item[1], -last_miss[item[0]].timestamp(), item[0]),
    )
    return [WeakPoint(q, p, m, n) for (q, p), m, n in ranked[:limit]]


def daily_trend(
    slots: Iterable[tuple[datetime, int, int]], zone: ZoneInfo, today: date, days: int = TREND_DAYS
) -> list[tuple[date, float | None]]:
    """Average score per local day for the last `days` days (None where nothing was answered)."""
    totals: dict[date, list[int]] = {}
    for slot, answers, score_sum in slots:
        entry = totals.setdefault(slot.astimezone(zone).date(), [0, 0])
        entry[0] += answers
        entry[1] += score_sum
    trend: list[tuple[date, float | None]] = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        answers, score_sum = totals.get(day, (0, 0))
        trend.append((day, score_sum / answers if answers else None))
    return trend
