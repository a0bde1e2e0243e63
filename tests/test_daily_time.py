"""Local-time rules: each subscribed local date is due exactly once, across time zones and DST."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.dispatcher import Core
from bot.daily_time import due_at, first_due, parse_weekdays, weekday_names
from tests.daily_support import deliveries, tick, unpaced
from tests.recording import ChatDriver, FrozenClock, RecordingAdapter

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")


def test_wall_time_in_a_spring_gap_moves_just_past_the_gap() -> None:
    # Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that day.
    moment = due_at(date(2026, 3, 29), time(2, 30), BERLIN)
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert moment.astimezone(BERLIN).strftime("%d %H:%M") == "29 03:30"


def test_wall_time_in_an_autumn_fold_is_its_first_occurrence() -> None:
    # New York 2026-11-01: 01:30 happens twice (EDT, then EST); the first one counts.
    moment = due_at(date(2026, 11, 1), time(1, 30), NEW_YORK)
    assert moment == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_same_wall_time_is_different_moments_in_different_zones() -> None:
    now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    shanghai = first_due(now, time(9, 0), ZoneInfo("Asia/Shanghai"), 0b1111111)
    kolkata = first_due(now, time(9, 0), ZoneInfo("Asia/Kolkata"), 0b1111111)
    assert shanghai.due_at == datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # 09:00 just passed
    assert kolkata.due_at == datetime(2026, 3, 2, 3, 30, tzinfo=UTC)  # still ahead today
    assert kolkata.local_date == date(2026, 3, 2)


def test_weekday_specs_round_trip() -> None:
    assert parse_weekdays("weekdays=mon-fri") == 0b0011111
    assert parse_weekdays("sat,sun") == 0b1100000
    assert parse_weekdays("fri-mon") == 0b1110001  # wraps round the week
    assert parse_weekdays("someday") is None
    assert weekday_names(0b0011111) == "mon-fri"
    assert (
        weekday_names(0b1100000, ("一", "二", "三", "四", "五", "六", "日"), "至", "、")
        == "六、日"
    )
    assert weekday_names(0b1010101) == "mon,wed,fri,sun"
    assert weekday_names(0b1111111) == "mon-sun"


@pytest.mark.parametrize(
    ("zone", "at", "start"),
    [
        ("Europe/Berlin", "02:30", datetime(2026, 3, 27, 12, tzinfo=UTC)),  # gap
        ("Europe/Berlin", "02:30", datetime(2026, 10, 23, 12, tzinfo=UTC)),  # fold
        ("America/New_York", "02:30", datetime(2026, 3, 6, 12, tzinfo=UTC)),  # gap
        ("America/New_York", "01:30", datetime(2026, 10, 30, 12, tzinfo=UTC)),  # fold
        ("Europe/Berlin", "09:00", datetime(2026, 3, 27, 12, tzinfo=UTC)),  # ordinary hour
    ],
)
async def test_every_local_day_across_a_dst_change_gets_exactly_one_question(
    chat_for: Callable[..., ChatDriver],
    core: Core,
    adapter: RecordingAdapter,
    clock: FrozenClock,
    zone: str,
    at: str,
    start: datetime,
) -> None:
    unpaced(core)
    clock.current = start
    await chat_for("night").say(f"/subscribe {at} {zone}")
    clock.advance(minutes=45)
    for _ in range(5 * 24):  # five days of hourly ticks at :45 (a tick is every minute live)
        clock.advance(hours=1)
        await tick(core)
    rows = await deliveries(core)
    local_dates = Counter(row.local_date for row in rows)
    first = (start.astimezone(ZoneInfo(zone)) + timedelta(days=1)).date()
    assert local_dates == Counter({first + timedelta(days=n): 1 for n in range(5)})
    assert all(row.state == "sent" for row in rows)
    assert len(adapter.sent) == 1 + 5  # the confirmation, then one question per day
    for row in rows:  # delivered on its own local date, at the wall time or just past a gap
        local = row.due_at.astimezone(ZoneInfo(zone))
        assert local.date() == row.local_date
        assert local.strftime("%H:%M") in (at, f"{int(at[:2]) + 1:02}{at[2:]}")
