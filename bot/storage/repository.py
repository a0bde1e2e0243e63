"""Intention-revealing queries over one session; the only module family that writes queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, func, select

from bot.bank import Bank, Checker, Question, Track, parse_question, question_to_dict
from bot.storage.admin import AdminQueries, track_row
from bot.storage.attempts import AttemptQueries
from bot.storage.daily import SubscriptionQueries
from bot.storage.deliveries import DeliveryQueries
from bot.storage.interviews import InterviewQueries, RunningInterview
from bot.storage.leaderboards import LeaderboardQueries
from bot.storage.models import Attempt, Identity, Interview, QuestionRow, TrackRow, User
from bot.storage.progress import ProgressQueries
from bot.storage.rounds import Round, RoundQueries
from bot.storage.session import DbSession
from bot.storage.users import UserQueries


@dataclass(frozen=True)
class SyncReport:
    added: int
    updated: int
    unchanged: int
    kept_admin_edits: int


@dataclass(frozen=True)
class TrackSummary:
    track: str
    answered: int
    average: float
    best: int


class Repository:
    def __init__(self, session: DbSession) -> None:
        self.session = session
        self.rounds = RoundQueries(session)
        self.daily = SubscriptionQueries(session)
        self.deliveries = DeliveryQueries(session)
        self.progress = ProgressQueries(session)
        self.leaderboards = LeaderboardQueries(session)
        self.admin = AdminQueries(session)
        self.interviews = InterviewQueries(session)
        self.attempts = AttemptQueries(session)
        self.users = UserQueries(session)

    # --- users -------------------------------------------------------------------------------
    async def can_message_privately(self, user_id: int, platform: str) -> bool:
        identity = await self.identity_of(user_id, platform)
        return identity is not None and identity.private_chat and not identity.dm_unavailable

    async def identity_of(self, user_id: int, platform: str) -> Identity | None:
        return await self.session.scalar(
            select(Identity).where(Identity.user_id == user_id, Identity.platform == platform)
        )

    async def mark_dm_unavailable(self, platform: str, platform_user_id: str) -> None:
        identity = await self.session.scalar(
            select(Identity).where(
                Identity.platform == platform, Identity.platform_user_id == platform_user_id
            )
        )
        if identity is not None:
            identity.dm_unavailable = True

    # --- content -----------------------------------------------------------------------------
    async def sync_bank(self, bank: Bank, now: datetime) -> SyncReport:
        """Bring the files' questions into the database by id and hash; admin edits win."""
        for position, track in enumerate(bank.tracks):
            existing = await self.session.get(TrackRow, track.key)
            if existing is None:
                self.session.add(track_row(track, position))
            else:
                existing.name, existing.name_en = track.name, track.name_en
                existing.description, existing.position = track.description, position
        await self.session.flush()
        rows = {r.id: r for r in await self.session.scalars(select(QuestionRow))}
        added = updated = unchanged = kept = 0
        for question in bank.questions:
            digest = question.content_hash()
            row = rows.get(question.id)
            if row is None:
                self.session.add(
                    QuestionRow(
                        id=question.id,
                        track=question.track,
                        data=question_to_dict(question),
                        file_hash=digest,
                        enabled=question.enabled,
                        updated_at=now,
                    )
                )
                added += 1
            elif row.edited_by_admin:
                kept += 1
            elif row.file_hash != digest:
                row.track, row.data, row.file_hash = (
                    question.track,
                    question_to_dict(question),
                    digest,
                )
                row.enabled, row.version, row.updated_at = question.enabled, row.version + 1, now
                updated += 1
            else:
                unchanged += 1
        await self.session.flush()
        return SyncReport(added, updated, unchanged, kept)

    async def load_bank(self) -> Bank:
        """The bank as the database holds it (disabled questions included, flagged)."""
        tracks = [
            Track(key=r.key, name=r.name, name_en=r.name_en, description=r.description)
            for r in await self.session.scalars(select(TrackRow).order_by(TrackRow.position))
        ]
        questions: list[Question] = []
        for row in await self.session.scalars(select(QuestionRow).order_by(QuestionRow.id)):
            questions.append(question_from_row(row))
        return Bank(tracks=tuple(tracks), questions=tuple(questions))

    # --- interviews --------------------------------------------------------------------------
    async def open_interview(self, user_id: int) -> RunningInterview | None:
        return await self.interviews.open_for(user_id)

    async def interview(self, interview_id: int) -> RunningInterview | None:
        return await self.interviews.by_id(interview_id)

    async def add(self, row: object) -> None:
        self.session.add(row)
        await self.session.flush()

    async def last_seen(self, user_id: int, question_ids: Iterable[str]) -> dict[str, datetime]:
        """When the user last met each question (answered, skipped or revealed)."""
        ids = list(question_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Attempt.question_id, func.max(Attempt.created_at))
            .where(Attempt.user_id == user_id, Attempt.question_id.in_(ids))
            .group_by(Attempt.question_id)
        )
        return {qid: when for qid, when in rows.all()}

    async def attempts_of_interview(self, interview_id: int) -> Sequence[Attempt]:
        result = await self.session.scalars(
            select(Attempt).where(Attempt.interview_id == interview_id).order_by(Attempt.step)
        )
        return result.all()

    async def attempt_at(self, interview_id: int, step: int) -> Attempt | None:
        return await self.session.scalar(
            select(Attempt).where(Attempt.interview_id == interview_id, Attempt.step == step)
        )

    # --- progress ----------------------------------------------------------------------------
    async def track_summaries(self, user_id: int) -> list[TrackSummary]:
        rows = await self.session.execute(
            select(
                Attempt.track,
                func.count(),
                func.avg(Attempt.score),
                func.max(Attempt.score),
            )
            .where(Attempt.user_id == user_id, Attempt.outcome == "answered")
            .group_by(Attempt.track)
            .order_by(Attempt.track)
        )
        return [TrackSummary(t, n, float(avg or 0), int(best or 0)) for t, n, avg, best in rows]

    async def answer_times(self, user_id: int) -> list[datetime]:
        result = await self.session.scalars(
            select(Attempt.created_at)
            .where(Attempt.user_id == user_id, Attempt.outcome == "answered")
            .order_by(Attempt.created_at)
        )
        return list(result.all())

    async def answer_history(self, user_id: int) -> dict[str, list[tuple[datetime, int]]]:
        """(time, score) of every answered attempt, per question: the spaced-review input."""
        rows = await self.session.execute(
            select(Attempt.question_id, Attempt.created_at, Attempt.score)
            .where(Attempt.user_id == user_id, Attempt.outcome == "answered")
            .order_by(Attempt.created_at)
        )
        history: dict[str, list[tuple[datetime, int]]] = {}
        for question_id, created_at, score in rows.all():
            history.setdefault(question_id, []).append((created_at, score))
        return history

    async def open_counts(self) -> dict[str, int]:
        """How many interviews and group rounds are open right now."""
        interviews = await self.session.scalar(
            select(func.count()).select_from(Interview).where(Interview.status == "open")
        )
        rounds = await self.session.scalar(
            select(func.count()).select_from(Round).where(Round.status == "open")
        )
        return {"interviews": int(interviews or 0), "rounds": int(rounds or 0)}

    async def delete_user(self, user_id: int) -> None:
        await self.session.execute(delete(User).where(User.id == user_id))


def question_from_row(row: QuestionRow) -> Question:
    """Rebuild a Question from its stored content-file shape (validated when it was written)."""
    checker = Checker("database")
    question = parse_question({**row.data, "id": row.id}, row.track, checker)
    if question is None or checker.problems:
        raise ValueError(f"stored question {row.id} is invalid: {checker.problems}")
    return question if question.enabled == row.enabled else replace(question, enabled=row.enabled)
