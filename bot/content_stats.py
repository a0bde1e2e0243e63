"""Per-track content statistics: coverage counts and how well each question grades its own text."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from bot.bank import Bank, Question
from bot.grading import grade


@dataclass(frozen=True)
class TrackStats:
    track: str  # the track key
    name: str
    questions: int
    key_points: int
    aliases: int
    follow_ups: int
    graded: int  # questions whose own text was graded (open questions are not)
    # NaN when the track has no gradable question (e.g. only open questions)
    own_median: float  # median score of each question's own text against itself
    own_min: float  # the worst of those scores (the quality check requires at least 70)
    cross_mean: float  # mean score of that text against the other questions of the track


def own_text(question: Question, passages: Mapping[str, str] | None) -> str:
    """The reference text a question should recognise: its seed passages, else its model answer."""
    if passages is not None and question.written_from == "seed":
        parts = [passages[s] for s in question.seed_ids if s in passages]
        if parts:
            return "\n".join(parts)
    return question.answer


def gradable(question: Question) -> bool:
    return question.kind != "open"


def _track_stats(
    key: str, name: str, qs: tuple[Question, ...], passages: Mapping[str, str] | None
) -> TrackStats:
    own: list[float] = []
    cross: list[float] = []
    graded = [q for q in qs if gradable(q)]
    for q in graded:
        text = own_text(q, passages)
        own.append(grade(text, q).score)
        cross.extend(grade(text, other).score for other in graded if other.id != q.id)
    return TrackStats(
        track=key,
        name=name,
        questions=len(qs),
        key_points=sum(len(q.key_points) for q in qs),
        aliases=sum(len(kp.aliases) for q in qs for kp in q.key_points),
        follow_ups=sum(1 for q in qs for kp in q.key_points if kp.follow_up),
        graded=len(graded),
        own_median=float(statistics.median(own)) if own else math.nan,
        own_min=float(min(own)) if own else math.nan,
        cross_mean=round(statistics.fmean(cross), 1) if cross else math.nan,
    )


def track_stats(bank: Bank, passages: Mapping[str, str] | None = None) -> list[TrackStats]:
    """One row per track, in bank order; pure (the caller reads the seed passages)."""
    return [_track_stats(t.key, t.name, bank.in_track(t.key), passages) for t in bank.tracks]


def format_stats(rows: list[TrackStats]) -> str:
    """A plain-text table for the CLI."""
    header = ("track", "questions", "key points", "aliases", "follow-ups", "own median", "own min",
              "cross mean")  # fmt: skip
    lines = [header]
    for r in rows:
        lines.append(
            (r.track, str(r.questions), str(r.key_points), str(r.aliases), str(r.follow_ups),
             _figure(r.own_median), _figure(r.own_min), _figure(r.cross_mean))
        )  # fmt: skip
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in lines
    )


def _figure(value: float) -> str:
    """Open-question tracks have no self-check figures: a dash, not "nan"."""
    return "-" if math.isnan(value) else f"{value:g}"
