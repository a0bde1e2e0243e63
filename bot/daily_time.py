"""Pure local-time rules of daily questions: parsing, weekdays, and when each local day is due."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = 0b1111111
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_DAY_ALIASES = {
    "daily": EVERY_DAY,
    "all": EVERY_DAY,
    "everyday": EVERY_DAY,
    "weekdays": 0b0011111,
    "workdays": 0b0011111,
    "weekends": 0b1100000,
    "weekend": 0b1100000,
}


def parse_time(text: str) -> time | None:
    """ "9:00" or "21:30" -> time; None when it is not a valid 24-hour time."""
    match = _TIME.match(text.strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def looks_like_time(text: str) -> bool:
    return bool(re.match(r"^\d{1,2}[:：]\d{1,2}$", text.strip()))


@functools.lru_cache(maxsize=1024)
def parse_zone(name: str) -> ZoneInfo | None:
    """An IANA zone such as Europe/Berlin; None for anything else (no file paths, no blanks).
    Cached: ZoneInfo keeps only a few zones strongly and would re-read the others' files."""
    if not name or ".." in name or name.startswith("/") or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def looks_like_zone(text: str) -> bool:
    return "/" in text or text.upper() in ("UTC", "GMT")


def parse_weekdays(text: str) -> int | None:
    """ "mon-fri", "mon,wed,fri", "sat-sun", "weekdays", "daily" -> bit mask (Monday = bit 0)."""
    value = text.strip().lower().removeprefix("weekdays=").removeprefix("days=")
    if value in _DAY_ALIASES:
        return _DAY_ALIASES[value]
    mask = 0
    for part in value.split(","):
        first, _, last = part.partition("-")
        if first[:3] not in DAYS or (last and last[:3] not in DAYS):
            return None
        start = DAYS.index(first[:3])
        end = DAYS.index(last[:3]) if last else start
        day = start
        while True:  # a range may wrap round the week: fri-mon
            mask |= 1 << day
            if day == end:
                break
            day = (day + 1) % 7
    return mask or None


def looks_like_weekdays(text: str) -> bool:
    value = text.strip().lower()
    return value.startswith(("weekdays=", "days=")) or parse_weekdays(value) is not None


def weekday_names(
    mask: int, names: tuple[str, ...] = DAYS, through: str = "-", between: str = ","
) -> str:
    """The mask in its shortest readable form: "mon-fri", "sat,sun" (or "周一至周五")."""
    days = [i for i in range(7) if mask >> i & 1]
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        f"{names[r[0]]}{through}{names[r[-1]]}"
        if len(r) > 2
        else between.join(names[d] for d in r)
        for r in runs
    ]
    return between.join(parts)


@dataclass(frozen=True)
class Occurrence:
    local_date: date
    due_at: datetime  # aware UTC


def due_at(local_date: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment of `at` on `local_date` in `zone`.

    In a spring-forward gap the wall time does not exist: fold=0 reads it with the offset from
    before the change, which lands just after the gap (02:30 -> 03:30), still on the same day.
    In a fall-back fold the wall time happens twice: fold=0 takes the first. Either way each
    local date yields exactly one moment, so no day is lost or doubled."""
    local = datetime.combine(local_date, at, tzinfo=zone)
    return local.astimezone(UTC)


def occurrence_on_or_after(
    local_date: date, at: time, zone: ZoneInfo, weekdays: int
) -> Occurrence:
    """The first subscribed local date from `local_date` on (dates step by calendar day)."""
    day = local_date
    for _ in range(8):
        if weekdays >> day.weekday() & 1:
            return Occurrence(day, due_at(day, at, zone))
        day += timedelta(days=1)
    raise ValueError("a subscription needs at least one weekday")


def first_due(now: datetime, at: time, zone: ZoneInfo, weekdays: int) -> Occurrence:
    """The next delivery strictly after `now` (today if its time has not come yet)."""
    today = now.astimezone(zone).date()
    candidate = occurrence_on_or_after(today, at, zone, weekdays)
    if candidate.due_at <= now:
        candidate = occurrence_on_or_after(candidate.local_date + timedelta(days=1), at, zone,
                                           weekdays)  # fmt: skip
    return candidate


def following(previous: date, at: time, zone: ZoneInfo, weekdays: int) -> Occurrence:
    """The subscribed local date after `previous`."""
    return occurrence_on_or_after(previous + timedelta(days=1), at, zone, weekdays)


def next_local(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The next moment strictly after `now` when the wall clock in `zone` shows `at` (UTC)."""
    return first_due(now, at, zone, EVERY_DAY).due_at
