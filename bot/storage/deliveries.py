"""Delivery queries: idempotent planning, batch claims (SKIP LOCKED), marking, recovery, status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.daily_time import Occurrence, first_due, following, parse_time, parse_zone
from bot.storage.daily import Delivery, Subscription
from bot.storage.daily_targets import TargetQueries
from bot.storage.session import DbSession

MAX_MISSED_DAYS = 62  # after longer downtime, count this many skipped days and move on


@dataclass(frozen=True)
class PlanResult:
    planned: int  # new pending deliveries
    skipped: int  # missed beyond the catch-up window (recorded as skipped)
    subscriptions: int  # subscriptions looked at (a full batch means: call again)


@dataclass(frozen=True)
class Claimed:
    """A claimed delivery with what the sender needs to know about its subscription."""

    delivery_id: int
    subscription_id: int
    local_date: date
    due_at: datetime
    owner_user_id: int
    platform: str
    chat_id: str
    chat_kind: str
    track: str
    timezone: str


@dataclass(frozen=True)
class DayStatus:
    local_date: date
    counts: dict[str, int]


def next_occurrence(sub_at: str, zone_name: str, weekdays: int, now: datetime) -> Occurrence:
    """The first delivery of a subscription strictly after `now`."""
    at, zone = parse_time(sub_at), parse_zone(zone_name)
    if at is None or zone is None:
        raise ValueError(f"stored subscription time {sub_at!r} / zone {zone_name!r} is invalid")
    return first_due(now, at, zone, weekdays)


class DeliveryQueries(TargetQueries):
    def __init__(self, session: DbSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    async def plan(
        self,
        now: datetime,
        catch_up: timedelta,
        limit: int = 5000,
        ahead: timedelta = timedelta(0),
    ) -> PlanResult:
        """Insert every delivery due by `now + ahead` once (unique subscription + local date)
        and move each subscription's next_due_at to its next local day. Safe to run twice or at
        once on two workers: the unique key drops the second insert, the update writes the same
        value. Rows due later than now wait as pending; the sender takes only due ones."""
        until = now + ahead
        query = (
            select(
                Subscription.id, Subscription.at, Subscription.timezone,
                Subscription.weekdays, Subscription.next_due_at,
            )
            .where(Subscription.paused.is_(False), Subscription.next_due_at <= until)
            .order_by(Subscription.next_due_at)
            .limit(limit)
        )  # fmt: skip
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = (await self.session.execute(query)).all()
        inserts: list[dict[str, Any]] = []
        moves: list[dict[str, Any]] = []
        skipped = 0
        for sub_id, at_text, zone_name, weekdays, due in rows:
            at, zone = parse_time(at_text), parse_zone(zone_name)
            if at is None or zone is None or not weekdays:
                moves.append({"sid": sub_id, "next": None})  # unusable: never due again
                continue
            occurrence = Occurrence(due.astimezone(zone).date(), due)
            for missed in range(MAX_MISSED_DAYS + 1):
                if occurrence.due_at > until:
                    break
                if missed == MAX_MISSED_DAYS:  # very long downtime: resume from today
                    occurrence = first_due(now, at, zone, weekdays)
                    break
                late = now - occurrence.due_at > catch_up
                skipped += late
                inserts.append(
                    {"subscription_id": sub_id, "local_date": occurrence.local_date,
                     "due_at": occurrence.due_at, "state": "skipped" if late else "pending",
                     "finished_at": now if late else None}
                )  # fmt: skip
                occurrence = following(occurrence.local_date, at, zone, weekdays)
            moves.append({"sid": sub_id, "next": occurrence.due_at})
        if inserts:
            await self._insert_new(inserts)
        if moves:
            await self.session.execute(
                update(Subscription.__table__)
                .where(Subscription.__table__.c.id == bindparam("sid"))
                .values(next_due_at=bindparam("next")),
                moves,
            )
        return PlanResult(len(inserts) - skipped, skipped, len(rows))

    async def soonest_due(self) -> datetime | None:
        """When the next unplanned delivery of any active subscription is due."""
        return await self.session.scalar(
            select(func.min(Subscription.next_due_at)).where(Subscription.paused.is_(False))
        )

    async def drop_pending(self, subscription_id: int) -> None:
        """A subscription changed or paused: what was planned for it and not sent is void."""
        await self.session.execute(
            delete(Delivery).where(
                Delivery.subscription_id == subscription_id, Delivery.state == "pending"
            )
        )

    async def _insert_new(self, rows: list[dict[str, Any]]) -> None:
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        statement = insert(Delivery.__table__).on_conflict_do_nothing(
            index_elements=["subscription_id", "local_date"]
        )
        await self.session.execute(statement, rows)

    async def recover(self, now: datetime, claim_timeout: timedelta) -> tuple[int, int]:
        """Rows a sender claimed and then abandoned (it died): never-sent ones go back to
        pending, in-flight ones become unknown. Returns (requeued, unknown)."""
        stale = Delivery.claimed_at < now - claim_timeout
        never_sent = await self.session.scalars(
            select(Delivery.id).where(Delivery.state == "claimed", stale)
        )
        await self.void_targets(list(never_sent.all()), now)
        requeued = await self.session.execute(
            update(Delivery)
            .where(Delivery.state == "claimed", stale)
            .values(state="pending", claimed_by="", claimed_at=None)
        )
        unknown = await self.session.execute(
            update(Delivery)
            .where(Delivery.state == "sending", stale)
            .values(state="unknown", finished_at=now)
        )
        return requeued.rowcount or 0, unknown.rowcount or 0  # type: ignore[attr-defined]

    async def skip_late(self, now: datetime, catch_up: timedelta) -> int:
        """Pending rows whose catch-up window has passed (the bot was down) are skipped."""
        result = await self.session.execute(
            update(Delivery)
            .where(Delivery.state == "pending", Delivery.due_at < now - catch_up)
            .values(state="skipped", finished_at=now)
        )
        return result.rowcount or 0  # type: ignore[attr-defined]

    async def claim(
        self, now: datetime, claimer: str, limit: int, platforms: Sequence[str]
    ) -> list[Claimed]:
        """Take up to `limit` due pending rows for this sender. On PostgreSQL concurrent
        senders skip each other's locked rows; SQLite's BEGIN IMMEDIATE serialises them."""
        query = (
            select(Delivery.id)
            .join(Subscription, Subscription.id == Delivery.subscription_id)
            .where(Delivery.state == "pending", Delivery.due_at <= now)
            .where(Subscription.platform.in_(list(platforms)))
            .order_by(Delivery.due_at, Delivery.id)
            .limit(limit)
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(of=Delivery, skip_locked=True)
        ids = list((await self.session.scalars(query)).all())
        if not ids:
            return []
        await self.session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids))
            .values(state="claimed", claimed_by=claimer, claimed_at=now)
        )
        rows = await self.session.execute(
            select(
                Delivery.id, Delivery.subscription_id, Delivery.local_date, Delivery.due_at,
                Subscription.owner_user_id, Subscription.platform, Subscription.chat_id,
                Subscription.chat_kind, Subscription.track, Subscription.timezone,
            )
            .join(Subscription, Subscription.id == Delivery.subscription_id)
            .where(Delivery.id.in_(ids))
            .order_by(Delivery.due_at, Delivery.id)
        )  # fmt: skip
        return [Claimed(*row) for row in rows.all()]

    async def set_content(self, contents: Sequence[tuple[int, str, int | None]]) -> None:
        """Remember the question (and interview or round) prepared for each claimed row."""
        if not contents:
            return
        table = Delivery.__table__
        await self.session.execute(
            update(table)
            .where(table.c.id == bindparam("did"))
            .values(question_id=bindparam("qid"), target_id=bindparam("tid")),
            [{"did": d, "qid": q, "tid": t} for d, q, t in contents],
        )

    async def start_sending(self, ids: Sequence[int], claimer: str) -> set[int]:
        """Mark a chunk as on the wire; only rows this sender still holds are returned."""
        result = await self.session.execute(
            update(Delivery)
            .where(
                Delivery.id.in_(list(ids)),
                Delivery.state == "claimed",
                Delivery.claimed_by == claimer,
            )
            .values(state="sending")
            .returning(Delivery.id)
        )
        return set(result.scalars().all())

    async def finish(self, outcomes: Sequence[tuple[int, str, str]], now: datetime) -> None:
        """(delivery id, state, error) for each sent chunk row."""
        if not outcomes:
            return
        table = Delivery.__table__
        await self.session.execute(
            update(table)
            .where(and_(table.c.id == bindparam("did"), table.c.state == "sending"))
            .values(state=bindparam("new_state"), error=bindparam("err"), finished_at=now),
            [{"did": d, "new_state": s, "err": e[:200]} for d, s, e in outcomes],
        )

    async def release(self, ids: Sequence[int], claimer: str, now: datetime) -> None:
        """Give back claimed rows this sender will not send after all (its time is up)."""
        if not ids:
            return
        await self.void_targets(ids, now)
        await self.session.execute(
            update(Delivery)
            .where(Delivery.id.in_(list(ids)), Delivery.state == "claimed",
                   Delivery.claimed_by == claimer)
            .values(state="pending", claimed_by="", claimed_at=None)
        )  # fmt: skip

    async def pause_unavailable(self, subscription_ids: Sequence[int]) -> None:
        if subscription_ids:
            await self.session.execute(
                update(Subscription)
                .where(Subscription.id.in_(list(subscription_ids)))
                .values(paused=True, paused_reason="unavailable", notice_pending=True)
            )

    async def status(self, days: int = 14) -> list[DayStatus]:
        """Counts per local date and state, newest day first."""
        rows = await self.session.execute(
            select(Delivery.local_date, Delivery.state, func.count())
            .group_by(Delivery.local_date, Delivery.state)
            .order_by(Delivery.local_date.desc())
        )
        by_day: dict[date, dict[str, int]] = {}
        for day, state, count in rows.all():
            by_day.setdefault(day, {})[state] = int(count)
        return [DayStatus(day, counts) for day, counts in list(by_day.items())[:days]]

    async def counts_by_state(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(Delivery.state, func.count()).group_by(Delivery.state)
        )
        return {state: int(count) for state, count in rows.all()}

    async def oldest_pending(self, now: datetime) -> datetime | None:
        """The due time of the oldest delivery waiting to be sent (planned-ahead ones that are
        not due yet do not count)."""
        return await self.session.scalar(
            select(func.min(Delivery.due_at)).where(
                Delivery.state == "pending", Delivery.due_at <= now
            )
        )

    async def chats_in_state(self, state: str) -> list[str]:
        """Chat ids of the deliveries in one state (for reconciling with what a platform got)."""
        result = await self.session.scalars(
            select(Subscription.chat_id)
            .join(Delivery, Delivery.subscription_id == Subscription.id)
            .where(Delivery.state == state)
        )
        return list(result.all())
