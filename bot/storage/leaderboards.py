"""Leaderboard queries: a chat's rounds per member, and the opt-in global board by days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from bot.progress.ranking import Standing
from bot.storage.models import User
from bot.storage.practice import PracticeDay, PracticeTotal
from bot.storage.rounds import Round, RoundAnswer
from bot.storage.session import DbSession


class LeaderboardQueries:
    def __init__(self, session: DbSession) -> None:
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
        if since is None:
            return await self._global_all_time(now)
        # A week is today and the six days before it: whole UTC days after `since`'s own day.
        start = since.date() + timedelta(days=1)
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
            .where(User.global_leaderboard.is_(True), PracticeDay.day >= start)
            .group_by(User.id, User.display_name)
        )
        possible = (now.date() - start).days + 1
        return [
            Standing(uid, name, int(days), possible, int(total or 0), int(answers or 0),
                     _midnight(first))
            for uid, name, days, answers, total, first in rows.all()
        ]  # fmt: skip

    async def _global_all_time(self, now: datetime) -> list[Standing]:
        rows = await self.session.execute(
            select(
                User.id,
                User.display_name,
                PracticeTotal.days,
                PracticeTotal.answers,
                PracticeTotal.score_sum,
                PracticeTotal.first_day,
            )
            .join(PracticeTotal, PracticeTotal.user_id == User.id)
            .where(User.global_leaderboard.is_(True), PracticeTotal.answers > 0)
        )
        return [
            Standing(uid, name, days, max(1, (now.date() - first).days + 1), total, answers,
                     _midnight(first))
            for uid, name, days, answers, total, first in rows.all()
        ]  # fmt: skip


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
