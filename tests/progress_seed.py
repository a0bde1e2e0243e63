"""Seeding helpers for the progress tests: users and answered attempts at chosen times."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from bot.core.dispatcher import Core
from bot.storage.models import Attempt, User
from bot.storage.repository import Repository


@dataclass(frozen=True)
class Seed:
    when: datetime
    question_id: str = "t-py-gil"
    score: int = 80
    hits: tuple[str, ...] = ()
    misses: tuple[str, ...] = ()
    outcome: str = "answered"
    track: str = "python"
    mode: str = "interview"
    chat_id: str = field(default="")


async def user_id(
    core: Core, platform_user_id: str, *, timezone: str = "", platform: str = "test"
) -> int:
    """The user behind a test account (created on first use), optionally in a time zone."""
    async with core.database.transaction() as session:
        repo = Repository(session)
        arrival = await repo.users.arrive(
            platform, platform_user_id, platform_user_id.title(), "zh", core.clock.now()
        )
        user = arrival.user
        if timezone:
            user.timezone = timezone
        return user.id


async def seed(
    core: Core, platform_user_id: str, *rows: Seed, timezone: str = "", platform: str = "test"
) -> int:
    uid = await user_id(core, platform_user_id, timezone=timezone, platform=platform)
    async with core.database.transaction() as session:
        for row in rows:
            session.add(
                Attempt(
                    user_id=uid, question_id=row.question_id, track=row.track,
                    interview_id=None, step=None, outcome=row.outcome, score=row.score,
                    max_score=100, hits=list(row.hits), misses=list(row.misses), mode=row.mode,
                    platform="test", chat_id=row.chat_id, answer_chars=20, created_at=row.when,
                )
            )  # fmt: skip
    return uid


async def user_count(core: Core) -> int:
    async with core.database.transaction() as session:
        return len((await session.scalars(select(User.id))).all())
