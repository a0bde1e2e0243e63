"""The Telegram polling lease: one holder at a time, and the survivor takes over when it dies."""

from __future__ import annotations

from datetime import timedelta

from bot.lease import LeaseKeeper
from bot.storage.database import Database
from tests.recording import FrozenClock


def keeper(database: Database, clock: FrozenClock, name: str, events: list[str]) -> LeaseKeeper:
    async def acquired() -> None:
        events.append(f"{name} polls")

    async def lost() -> None:
        events.append(f"{name} stops")

    return LeaseKeeper(
        database, clock, "telegram-polling", on_acquired=acquired, on_lost=lost,
        ttl=timedelta(seconds=30), holder=name,
    )  # fmt: skip


async def test_only_one_worker_holds_the_lease_and_the_survivor_takes_over(
    database: Database, clock: FrozenClock
) -> None:
    events: list[str] = []
    first, second = keeper(database, clock, "a", events), keeper(database, clock, "b", events)
    assert await first.step() is True
    assert await second.step() is False
    clock.advance(seconds=20)
    assert await first.step() is True  # renewed in time
    clock.advance(seconds=20)
    assert await second.step() is False  # renewal still valid
    # "a" dies: it stops renewing. Once its lease lapses, "b" takes over.
    clock.advance(seconds=31)
    assert await second.step() is True
    assert await first.step() is False
    assert events == ["a polls", "b polls", "a stops"]


async def test_a_clean_stop_hands_over_at_once(database: Database, clock: FrozenClock) -> None:
    events: list[str] = []
    first, second = keeper(database, clock, "a", events), keeper(database, clock, "b", events)
    await first.step()
    await first.stop()
    assert await second.step() is True
