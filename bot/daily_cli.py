"""`interview-bot daily status`: deliveries per local day by state, and the oldest pending one."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import open_database
from bot.config import Config
from bot.storage.repository import Repository

COLUMNS = (
    "planned",
    "sent",
    "failed",
    "unavailable",
    "skipped",
    "unknown",
    "pending",
    "in flight",
)


async def status(config: Config, now: datetime | None = None, days: int = 14) -> int:
    now = now or datetime.now(UTC)
    database = await open_database(config)
    try:
        async with database.transaction() as session:
            deliveries = Repository(session).deliveries
            per_day = await deliveries.status(days)
            oldest = await deliveries.oldest_pending(now)
    finally:
        await database.dispose()
    print(f"{'local date':<12}" + "".join(f"{c:>12}" for c in COLUMNS))
    for day in per_day:
        counts = day.counts
        values = [
            sum(counts.values()),
            *(counts.get(state, 0) for state in COLUMNS[1:7]),
            counts.get("claimed", 0) + counts.get("sending", 0),
        ]
        print(f"{day.local_date.isoformat():<12}" + "".join(f"{v:>12}" for v in values))
    if not per_day:
        print("no deliveries yet")
    if oldest is None:
        print("oldest pending delivery: none")
    else:
        late = (now - oldest).total_seconds() / 60
        print(f"oldest pending delivery: due {oldest:%Y-%m-%d %H:%M} UTC ({late:.0f} min ago)")
    return 0
