"""Leaderboard points and ranks: accuracy times participation, ties shown as ties."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Standing:
    """One member's totals in a period: `taken_part` out of `possible` rounds (or days)."""

    user_id: int
    name: str
    taken_part: int
    possible: int
    score_sum: int
    answers: int
    first_at: datetime  # when they first scored in the period: the stable order among ties


@dataclass(frozen=True)
class Ranked:
    rank: int
    standing: Standing
    points: int
    average: int


def points(standing: Standing) -> float:
    """Average score × participation (share of rounds or days taken part in), 0 to 100."""
    if not standing.answers or not standing.possible:
        return 0.0
    average = standing.score_sum / standing.answers
    return average * min(1.0, standing.taken_part / standing.possible)


def rank(standings: Iterable[Standing]) -> list[Ranked]:
    """Best first; equal (rounded) points share a rank and keep who scored first in front."""
    scored = [(round(points(s)), s) for s in standings]
    scored.sort(key=lambda item: (-item[0], item[1].first_at, item[1].user_id))
    ranked: list[Ranked] = []
    for position, (value, standing) in enumerate(scored, 1):
        shared = ranked and ranked[-1].points == value
        ranked.append(
            Ranked(
                rank=ranked[-1].rank if shared else position,
                standing=standing,
                points=value,
                average=round(standing.score_sum / standing.answers) if standing.answers else 0,
            )
        )
    return ranked
