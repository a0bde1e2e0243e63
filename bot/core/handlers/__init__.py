"""Feature handlers, composed into one router in a fixed, explicit order."""

from __future__ import annotations

from bot.core.dispatcher import Job
from bot.core.handlers import (
    group,
    interview,
    leaderboard,
    mydata,
    review_session,
    start,
    stats,
)
from bot.core.router import Router


def build_router() -> Router:
    """Text handlers run in this order; the fallback must stay last."""
    router = Router()
    features = (start.router, group.router, interview.router, stats.router, leaderboard.router,
                review_session.router, mydata.router)  # fmt: skip
    for feature in (*features, start.fallback):
        router.include(feature)
    return router


def jobs() -> list[Job]:
    """Background work run by the ticker every minute, in this order."""
    return [group.close_due_rounds]
