"""Queries of content administration: roles, versioned saves, history, drafts, samples, queue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update

from bot.bank import Track
from bot.storage.admin_models import (
    AddDraft,
    ContentAdmin,
    ContentState,
    PendingChange,
    QuestionChange,
    QuestionView,
    SampleAnswer,
    Submission,
)
from bot.storage.models import QuestionRow, TrackRow
from bot.storage.session import DbSession

__all__ = [
    "AddDraft",
    "AdminQueries",
    "ContentAdmin",
    "ContentState",
    "PendingChange",
    "QuestionChange",
    "QuestionView",
    "SampleAnswer",
    "Submission",
]


# Run on every event (the catalog check and pending notices), so built once: composing a
# statement costs more Python time than SQLite spends running it.
_CONTENT_VERSION = select(ContentState.version).where(ContentState.id == 1)
_UNNOTIFIED = (
    select(Submission)
    .where(Submission.user_id == bindparam("user_id"), Submission.notified.is_(False))
    .order_by(Submission.id)
)
# PostgreSQL advisory lock key (any fixed 64-bit number) held while one worker syncs the files.
CONTENT_SYNC_LOCK_KEY = 0x1B07_5EED_0000_0002


def track_row(track: Track, position: int) -> TrackRow:
    """A track as stored, from the bank's value (file sync and admin import both add them)."""
    return TrackRow(
        key=track.key,
        name=track.name,
        name_en=track.name_en,
        description=track.description,
        position=position,
    )


class AdminQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    # --- roles -------------------------------------------------------------------------------
    async def is_admin(self, platform: str, platform_user_id: str) -> bool:
        found = await self.session.scalar(
            select(ContentAdmin.id).where(
                ContentAdmin.platform == platform,
                ContentAdmin.platform_user_id == platform_user_id,
            )
        )
        return found is not None

    async def grant(self, platform: str, user_id: str, by: str, now: datetime) -> bool:
        """False when they already were an admin."""
        if await self.is_admin(platform, user_id):
            return False
        self.session.add(
            ContentAdmin(
                platform=platform, platform_user_id=user_id, granted_by=by, granted_at=now
            )
        )
        await self.session.flush()
        return True

    async def revoke(self, platform: str, user_id: str) -> bool:
        row = await self.session.scalar(
            select(ContentAdmin).where(
                ContentAdmin.platform == platform, ContentAdmin.platform_user_id == user_id
            )
        )
        if row is None:
            return False
        await self.session.delete(row)
        return True

    async def admins(self) -> Sequence[ContentAdmin]:
        rows = await self.session.scalars(select(ContentAdmin).order_by(ContentAdmin.id))
        return rows.all()

    # --- questions ---------------------------------------------------------------------------
    async def question(self, question_id: str, *, lock: bool = False) -> QuestionRow | None:
        return await self.session.get(QuestionRow, question_id, with_for_update=lock)

    async def add_track(self, track: Track) -> None:
        position = await self.session.scalar(select(func.count()).select_from(TrackRow))
        self.session.add(track_row(track, int(position or 0)))
        await self.session.flush()

    async def question_versions(self) -> dict[str, int]:
        rows = await self.session.execute(select(QuestionRow.id, QuestionRow.version))
        return {qid: version for qid, version in rows.all()}

    async def questions_by_ids(self, ids: Sequence[str]) -> Sequence[QuestionRow]:
        if not ids:
            return []
        rows = await self.session.scalars(select(QuestionRow).where(QuestionRow.id.in_(ids)))
        return rows.all()

    async def tracks(self) -> tuple[Track, ...]:
        rows = await self.session.scalars(select(TrackRow).order_by(TrackRow.position))
        return tuple(
            Track(key=r.key, name=r.name, name_en=r.name_en, description=r.description)
            for r in rows
        )

    async def admin_edited_ids(self) -> set[str]:
        """Questions an admin changed, which file synchronisation leaves alone."""
        rows = await self.session.scalars(
            select(QuestionRow.id).where(QuestionRow.edited_by_admin.is_(True))
        )
        return set(rows.all())

    async def question_ids(self) -> set[str]:
        return set((await self.session.scalars(select(QuestionRow.id))).all())

    async def search(self, words: Sequence[str], limit: int) -> Sequence[QuestionRow]:
        """Questions whose id or stored content contains every word (case-insensitive)."""
        query = select(QuestionRow).order_by(QuestionRow.id)
        rows = (await self.session.scalars(query)).all()
        wanted = [w.lower() for w in words]
        found = []
        for row in rows:
            haystack = f"{row.id} {row.track} {row.data}".lower()
            if all(w in haystack for w in wanted):
                found.append(row)
        return found[:limit]

    async def save_question(
        self, row: QuestionRow, base_version: int, values: dict[str, Any], now: datetime
    ) -> bool:
        """Compare-and-set on the version: False when someone else changed it meanwhile."""
        result = await self.session.execute(
            update(QuestionRow)
            .where(QuestionRow.id == row.id, QuestionRow.version == base_version)
            .values(**values, version=base_version + 1, edited_by_admin=True, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        await self.session.refresh(row)
        return True

    async def seen_version(self, user_id: int, question_id: str) -> int | None:
        view = await self.session.get(QuestionView, (user_id, question_id))
        return view.version if view is not None else None

    async def saw(self, user_id: int, question_id: str, version: int) -> None:
        view = await self.session.get(QuestionView, (user_id, question_id))
        if view is None:
            self.session.add(
                QuestionView(user_id=user_id, question_id=question_id, version=version)
            )
        else:
            view.version = version
        await self.session.flush()

    async def record(self, change: QuestionChange) -> None:
        self.session.add(change)
        await self.bump_content()

    async def history(self, question_id: str, limit: int = 10) -> Sequence[QuestionChange]:
        rows = await self.session.scalars(
            select(QuestionChange)
            .where(QuestionChange.question_id == question_id)
            .order_by(QuestionChange.id.desc())
            .limit(limit)
        )
        return rows.all()

    async def change_count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(QuestionChange)))

    # --- catalog version ---------------------------------------------------------------------
    async def content_version(self) -> int:
        version = await self.session.scalar(_CONTENT_VERSION)
        return int(version or 0)

    async def lock_content_sync(self) -> None:
        """Wait until no other worker is loading the content files; held until this commits."""
        # Workers starting together would insert the same tracks and questions. SQLite needs no
        # lock: every transaction there takes the write lock when it begins (BEGIN IMMEDIATE).
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(select(func.pg_advisory_xact_lock(CONTENT_SYNC_LOCK_KEY)))

    async def bump_content(self) -> None:
        result = await self.session.execute(
            update(ContentState)
            .where(ContentState.id == 1)
            .values(version=ContentState.version + 1)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            self.session.add(ContentState(id=1, version=1))
        await self.session.flush()

    # --- drafts and pending changes -----------------------------------------------------------
    async def draft(self, user_id: int) -> AddDraft | None:
        return await self.session.get(AddDraft, user_id)

    async def drop_draft(self, user_id: int) -> bool:
        draft = await self.draft(user_id)
        if draft is None:
            return False
        await self.session.delete(draft)
        await self.session.flush()
        return True

    async def expire_pending(self, before: datetime) -> int:
        result = await self.session.execute(
            delete(PendingChange).where(PendingChange.created_at < before)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def pending(self, pending_id: int) -> PendingChange | None:
        return await self.session.get(PendingChange, pending_id)

    # --- samples -------------------------------------------------------------------------------
    async def samples(self, question_id: str) -> Sequence[SampleAnswer]:
        rows = await self.session.scalars(
            select(SampleAnswer)
            .where(SampleAnswer.question_id == question_id)
            .order_by(SampleAnswer.id)
        )
        return rows.all()

    # --- the queue -----------------------------------------------------------------------------
    async def open_submissions(self, limit: int) -> Sequence[Submission]:
        rows = await self.session.scalars(
            select(Submission)
            .where(Submission.status == "open")
            .order_by(Submission.id)
            .limit(limit)
        )
        return rows.all()

    async def submission(self, submission_id: int) -> Submission | None:
        return await self.session.get(Submission, submission_id, with_for_update=True)

    async def open_count_of(self, user_id: int) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(Submission)
            .where(Submission.user_id == user_id, Submission.status == "open")
        )
        return int(count or 0)

    async def mark_notified(self, submission_id: int) -> None:
        await self.session.execute(
            update(Submission).where(Submission.id == submission_id).values(notified=True)
        )

    async def unnotified(self, user_id: int) -> Sequence[Submission]:
        rows = await self.session.scalars(_UNNOTIFIED, {"user_id": user_id})
        return rows.all()

    async def add(self, row: object) -> None:
        self.session.add(row)
        await self.session.flush()
