"""Feature handlers, composed into one router in a fixed, explicit order."""

from __future__ import annotations

from bot.core.dispatcher import GaugeProvider, Job
from bot.core.handlers import (
    admin,
    admin_add,
    admin_export,
    admin_points,
    admin_questions,
    admin_queue,
    daily,
    daily_send,
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
    features = (start.router, daily.router, group.router, interview.router, stats.router,
                leaderboard.router, review_session.router, mydata.router)  # fmt: skip
    # An admin's open /q add draft takes their private text before a running interview does.
    admin_features = (
        admin.router,
        admin_questions.router,
        admin_points.router,
        admin_export.router,
        admin_queue.router,
    )
    for feature in (admin_add.router, *features, *admin_features, start.fallback):
        router.include(feature)
    return router


def jobs() -> list[Job]:
    """Background work run by the ticker every minute, in this order."""
    return [
        group.close_due_rounds,
        daily_send.plan_due,
        daily_send.send_due,
        admin_points.expire_previews,
    ]


def gauges() -> list[GaugeProvider]:
    """Values read from the database when /metrics is scraped."""
    return [daily_send.delivery_gauges]


def before_event() -> list[Job]:
    """Run at the start of every event, in this order."""
    return [admin.refresh_catalog, admin.deliver_notices]
