"""Daily delivery targets: the people's histories, and the interviews and rounds prepared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, insert, select, update

from bot.storage.daily import Delivery, Subscription
from bot.storage.interviews import RunningInterview
from bot.storage.models import Attempt, Interview
from bot.storage.rounds import Round
from bot.storage.session import DbSession


class TargetQueries:
    session: DbSession

    async def history_of_users(
        self, user_ids: Sequence[int]
    ) -> dict[int, list[tuple[str, datetime, int, str]]]:
        """(question id, time, score, outcome) of every attempt of these users, oldest first."""
        if not user_ids:
            return {}
        rows = await self.session.execute(
            select(Attempt.user_id, Attempt.question_id, Attempt.created_at, Attempt.score,
                   Attempt.outcome)
            .where(Attempt.user_id.in_(list(user_ids)))
            .order_by(Attempt.created_at)
        )  # fmt: skip
        history: dict[int, list[tuple[str, datetime, int, str]]] = {}
        for user_id, question_id, created_at, score, outcome in rows.all():
            history.setdefault(user_id, []).append((question_id, created_at, score, outcome))
        return history

    async def delivered_questions(
        self, subscription_ids: Sequence[int]
    ) -> dict[int, dict[str, datetime]]:
        """When each question was last delivered on these subscriptions."""
        if not subscription_ids:
            return {}
        rows = await self.session.execute(
            select(Delivery.subscription_id, Delivery.question_id, func.max(Delivery.due_at))
            .where(Delivery.subscription_id.in_(list(subscription_ids)),
                   Delivery.question_id != "")
            .group_by(Delivery.subscription_id, Delivery.question_id)
        )  # fmt: skip
        seen: dict[int, dict[str, datetime]] = {}
        for sub_id, question_id, when in rows.all():
            seen.setdefault(sub_id, {})[question_id] = when
        return seen

    async def expire_daily_interviews(self, user_ids: Sequence[int], now: datetime) -> None:
        """Yesterday's unanswered daily question closes when today's arrives."""
        if user_ids:
            await self.session.execute(
                update(Interview)
                .where(Interview.user_id.in_(list(user_ids)), Interview.mode == "daily",
                       Interview.status == "open")
                .values(status="expired", updated_at=now)
            )  # fmt: skip

    async def in_interview(self, user_ids: Sequence[int]) -> set[int]:
        """Which of these users are in the middle of an ordinary interview."""
        if not user_ids:
            return set()
        found = await self.session.scalars(
            select(Interview.user_id).where(
                Interview.user_id.in_(list(user_ids)), Interview.mode != "daily",
                Interview.status == "open",
            )
        )  # fmt: skip
        return set(found.all())

    async def insert_interviews(
        self, interviews: Sequence[RunningInterview], now: datetime
    ) -> None:
        """Insert new daily interviews with one executemany and give them their
        ids. (An ORM flush or INSERT ... RETURNING in parameter order would run one statement
        per row on SQLite.) The caller expired these users' older open daily interviews in this
        transaction, so the open ones created at `now` are exactly these, in insertion order."""
        if not interviews:
            return
        table = Interview.__table__
        columns = [c.key for c in table.columns if c.key != "id"]  # RunningInterview's fields
        await self.session.execute(
            insert(table), [{key: getattr(i, key) for key in columns} for i in interviews]
        )
        user_ids = sorted({i.user_id for i in interviews})
        found = await self.session.execute(
            select(Interview.id, Interview.user_id)
            .where(Interview.user_id.in_(user_ids), Interview.mode == "daily",
                   Interview.status == "open", Interview.created_at == now)
            .order_by(Interview.id)
        )  # fmt: skip
        ids: dict[int, list[int]] = {}
        for new_id, user_id in found.all():
            ids.setdefault(user_id, []).append(new_id)
        for interview in interviews:
            interview.id = ids[interview.user_id].pop(0)

    async def void_targets(self, ids: Sequence[int], now: datetime) -> None:
        """The interviews and rounds prepared for deliveries that were not sent are closed, so
        that nobody's next message is taken as an answer to a question they never saw."""
        if not ids:
            return
        rows = await self.session.execute(
            select(Delivery.target_id, Subscription.chat_kind)
            .join(Subscription, Subscription.id == Delivery.subscription_id)
            .where(Delivery.id.in_(list(ids)), Delivery.target_id.is_not(None))
        )
        interviews, rounds = [], []
        for target_id, chat_kind in rows.all():
            (interviews if chat_kind == "private" else rounds).append(target_id)
        if interviews:
            await self.session.execute(
                update(Interview).where(Interview.id.in_(interviews), Interview.status == "open")
                .values(status="expired", updated_at=now)
            )  # fmt: skip
        if rounds:
            await self.session.execute(
                update(Round).where(Round.id.in_(rounds), Round.status == "open")
                .values(status="cancelled")
            )  # fmt: skip
