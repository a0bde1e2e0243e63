"""Progress measures: streaks across time zones and midnight, the grace day, mastery decay,
weakest key points and the daily trend."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.progress.measures import daily_trend, local_days, mastery, streak, weakest_points
from bot.storage.practice import slot_of

SHANGHAI, NEW_YORK = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")


def days(*spec: str) -> set[date]:
    return {date.fromisoformat(d) for d in spec}


def test_streak_counts_days_in_a_row_and_today_may_still_come() -> None:
    practised = days("2026-03-04", "2026-03-05", "2026-03-06")
    assert streak(practised, date(2026, 3, 6)).days == 3
    later = streak(practised, date(2026, 3, 7))  # Saturday, nothing yet today
    assert later.days == 3 and not later.practised_today


def test_one_missed_day_per_iso_week_is_forgiven_a_second_breaks_the_streak() -> None:
    # Mon 2 .. Sun 8 March 2026 is one ISO week; Wednesday 4 is missed.
    one_gap = days("2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06")
    kept = streak(one_gap, date(2026, 3, 6))
    assert kept.days == 4 and kept.grace_used_this_week
    two_gaps = days("2026-03-02", "2026-03-04", "2026-03-06")  # Tue and Thu missed
    assert streak(two_gaps, date(2026, 3, 6)).days == 2
    # Two missed days in a row break it even across a week boundary (Sun 8, Mon 9).
    across = days("2026-03-06", "2026-03-07", "2026-03-10")
    assert streak(across, date(2026, 3, 10)).days == 1


def test_grace_days_renew_every_iso_week() -> None:
    # One gap in the week of 2 March (Wed 4) and one in the week of 9 March (Wed 11).
    practised = {date(2026, 3, 2) + timedelta(days=i) for i in range(14)} - days(
        "2026-03-04", "2026-03-11"
    )
    result = streak(practised, date(2026, 3, 15))
    assert result.days == 12 and result.grace_used_this_week


def test_no_practice_is_no_streak() -> None:
    assert streak(set(), date(2026, 3, 6)).days == 0
    assert streak(days("2026-03-01"), date(2026, 3, 6)).days == 0


def test_the_same_answers_make_different_days_in_different_time_zones() -> None:
    # 15:30 and 16:30 UTC: 23:30 and 00:30 the next day in Shanghai (two days),
    # 11:30 and 12:30 the same day in New York (one day).
    answers = [datetime(2026, 3, 5, 15, 30, tzinfo=UTC), datetime(2026, 3, 5, 16, 30, tzinfo=UTC)]
    slots = [slot_of(a) for a in answers]
    assert streak(local_days(slots, SHANGHAI), date(2026, 3, 6)).days == 2
    assert streak(local_days(slots, NEW_YORK), date(2026, 3, 5)).days == 1


def test_slots_keep_half_hour_zones_exact_at_midnight() -> None:
    # 18:29 UTC is 23:59 in Kolkata (+05:30); 18:31 UTC is 00:01 the next day.
    before = slot_of(datetime(2026, 3, 5, 18, 29, tzinfo=UTC))
    after = slot_of(datetime(2026, 3, 5, 18, 31, tzinfo=UTC))
    assert local_days([before], KOLKATA) == days("2026-03-05")
    assert local_days([after], KOLKATA) == days("2026-03-06")


def test_mastery_lets_old_failures_fade() -> None:
    now = datetime(2026, 3, 30, tzinfo=UTC)
    old_failures = [(now - timedelta(days=60 + i), 10) for i in range(5)]
    recent_good = [(now - timedelta(days=i), 90) for i in range(3)]
    plain_average = (5 * 10 + 3 * 90) / 8
    value = mastery(old_failures + recent_good, now)
    assert value > 80 > plain_average + 30
    # The same scores in the opposite order: recent failures weigh most.
    flipped = [(now - timedelta(days=i), 10) for i in range(3)]
    flipped += [(now - timedelta(days=60 + i), 90) for i in range(5)]
    assert mastery(flipped, now) < 20


def test_mastery_counts_only_the_last_twenty_scores() -> None:
    now = datetime(2026, 3, 30, tzinfo=UTC)
    older = [(now - timedelta(hours=100 + i), 0) for i in range(30)]
    latest = [(now - timedelta(hours=i), 100) for i in range(20)]
    assert mastery(older + latest, now) == 100
    assert mastery([], now) == 0


def test_weakest_points_rank_by_share_missed_then_count() -> None:
    t = datetime(2026, 3, 1, tzinfo=UTC)
    records = [
        ("q1", ("a",), ("b",), t),
        ("q1", (), ("a", "b"), t + timedelta(hours=1)),
        ("q2", ("x",), ("y",), t + timedelta(hours=2)),
        ("q3", ("z",), (), t),
    ]
    ranked = [(w.question_id, w.point_id, w.misses, w.seen) for w in weakest_points(records)]
    assert ranked == [("q1", "b", 2, 2), ("q2", "y", 1, 1), ("q1", "a", 1, 2)]


def test_daily_trend_averages_per_local_day() -> None:
    day = datetime(2026, 3, 5, 15, 45, tzinfo=UTC)  # 23:45 in Shanghai
    slots = [(slot_of(day), 2, 120), (slot_of(day + timedelta(minutes=30)), 1, 90)]
    trend = dict(daily_trend(slots, SHANGHAI, date(2026, 3, 6), days=3))
    assert trend == {date(2026, 3, 4): None, date(2026, 3, 5): 60.0, date(2026, 3, 6): 90.0}
