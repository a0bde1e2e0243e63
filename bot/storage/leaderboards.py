"""Leaderboard queries: a chat's rounds per member, and the opt-in global board from slots."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Date, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.progress.ranking import Standing
from bot.storage.models import User
from bot.storage.progress import PracticeSlot
from bot.storage.rounds import Round, RoundAnswer


class LeaderboardQueries:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def chat(self, platform: str, chat_id: str, since: datetime | None) -> list[Standing]:
        """Every member who answered one of this chat's rounds (quiz or daily) since a moment."""
        in_chat = [Round.platform == platform, Round.chat_id == chat_id]
        if since is not None:
            in_chat.append(Round.started_at >= since)
        held = await self.session.scalar(select(func.count()).select_from(Round).where(*in_chat))
        if not held:
            return []
        rows = await self.session.execute(
            select(
                RoundAnswer.user_id,
                User.display_name,
                func.count(),
                func.sum(RoundAnswer.score),
                func.min(RoundAnswer.created_at),
            )
            .join(Round, Round.id == RoundAnswer.round_id)
            .join(User, User.id == RoundAnswer.user_id)
            .where(*in_chat)
            .group_by(RoundAnswer.user_id, User.display_name)
        )
        return [
            Standing(uid, name, int(n), int(held), int(total or 0), int(n), first)
            for uid, name, n, total, first in rows.all()
        ]

    async def global_board(self, since: datetime | None, now: datetime) -> list[Standing]:
        """Opted-in users: days practised out of the days in the period (for "all": since
        their first answer), with every answer's score."""
        day = self._utc_day(PracticeSlot.slot)
        where = [User.global_leaderboard.is_(True)]
        if since is not None:
            where.append(PracticeSlot.slot >= since)
        per_day = (
            select(
                PracticeSlot.user_id.label("user_id"),
                day.label("day"),
                func.sum(PracticeSlot.answers).label("answers"),
                func.sum(PracticeSlot.score_sum).label("score_sum"),
                func.min(PracticeSlot.slot).label("first_at"),
            )
            .join(User, User.id == PracticeSlot.user_id)
            .where(*where)
            .group_by(PracticeSlot.user_id, day)
            .subquery()
        )
        rows = await self.session.execute(
            select(
                per_day.c.user_id,
                User.display_name,
                func.count(),
                func.sum(per_day.c.answers),
                func.sum(per_day.c.score_sum),
                func.min(per_day.c.first_at),
            )
            .join(User, User.id == per_day.c.user_id)
            .group_by(per_day.c.user_id, User.display_name)
        )
        standings = []
        for uid, name, days, answers, total, first in rows.all():
            possible = (now - since).days if since is not None else (now - first).days + 1
            standings.append(
                Standing(uid, name, int(days), max(1, possible), int(total or 0),
                         int(answers or 0), first)
            )  # fmt: skip
        return standings

    def _utc_day(self, column: ColumnElement[datetime]) -> ColumnElement[object]:
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            return cast(func.timezone("UTC", column), Date)
        return func.date(column)  # SQLite stores naive UTC text
