"""Leaderboard queries: a chat's rounds per member, and the opt-in global board by days."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.progress.ranking import Standing
from bot.storage.models import User
from bot.storage.progress import PracticeDay
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
        """Opted-in users: UTC days practised out of the days in the period (for "all": since
        their first answer), with every answer's score."""
        where = [User.global_leaderboard.is_(True)]
        # A week is today and the six days before it: whole UTC days after `since`'s own day.
        start = since.date() + timedelta(days=1) if since is not None else None
        if start is not None:
            where.append(PracticeDay.day >= start)
        rows = await self.session.execute(
            select(
                User.id,
                User.display_name,
                func.count(),
                func.sum(PracticeDay.answers),
                func.sum(PracticeDay.score_sum),
                func.min(PracticeDay.day),
            )
            .join(PracticeDay, PracticeDay.user_id == User.id)
            .where(*where)
            .group_by(User.id, User.display_name)
        )
        standings = []
        for uid, name, days, answers, total, first in rows.all():
            possible = (now.date() - (start or first)).days + 1
            first_at = datetime.combine(first, time(), tzinfo=UTC)
            standings.append(
                Standing(uid, name, int(days), max(1, possible), int(total or 0),
                         int(answers or 0), first_at)
            )  # fmt: skip
        return standings
