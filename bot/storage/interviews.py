"""Running interviews as plain tracked rows: read and written with prebuilt Core statements."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Table, bindparam, insert, select

from bot.storage.models import Interview
from bot.storage.session import DbSession
from bot.storage.tracked import TrackedRow, track, tracked

TABLE: Table = Interview.__table__  # type: ignore[assignment]


@dataclass(eq=False)
class RunningInterview(TrackedRow):
    """An interview (or a daily or review question) and where it stands; saved at commit."""

    TABLE: ClassVar[Table] = TABLE
    MUTABLE: ClassVar[tuple[str, ...]] = (
        "step", "phase", "hints", "follow_up_point", "status", "updated_at",
    )  # fmt: skip

    user_id: int
    platform: str
    chat_id: str
    chat_kind: str
    mode: str
    track: str
    question_ids: list[str]
    step: int
    phase: str  # "answer": waiting for an answer; "follow_up": a 追问 is open; "done": graded
    hints: list[str]  # key point ids revealed at this step
    follow_up_point: str
    status: str
    created_at: datetime
    updated_at: datetime
    id: int = 0
    _saved: tuple[Any, ...] = field(default=(), repr=False)


_COLUMNS = tuple(f.name for f in fields(RunningInterview) if not f.name.startswith("_"))
_SELECT = select(*(TABLE.c[name] for name in _COLUMNS))
_OPEN_FOR_USER = (
    _SELECT.where(TABLE.c.user_id == bindparam("user_id"), TABLE.c.status == "open")
    .order_by(TABLE.c.id.desc())
    .limit(1)
    .with_for_update()
)
_BY_ID = _SELECT.where(TABLE.c.id == bindparam("interview_id")).with_for_update()


class InterviewQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    async def open_for(self, user_id: int) -> RunningInterview | None:
        """The user's newest open interview, row-locked on PostgreSQL so that two workers
        handling the same user's answers take turns (SQLite's BEGIN IMMEDIATE serialises)."""
        row = (await self.session.execute(_OPEN_FOR_USER, {"user_id": user_id})).first()
        if row is None:
            return None
        interview = self._track(row._mapping)  # closed earlier in this transaction: not open
        return interview if interview.status == "open" else None

    async def by_id(self, interview_id: int) -> RunningInterview | None:
        known = tracked(self.session.info, RunningInterview, interview_id)
        if known is not None:
            return known
        row = (await self.session.execute(_BY_ID, {"interview_id": interview_id})).first()
        return self._track(row._mapping) if row is not None else None

    async def start(self, interview: RunningInterview) -> RunningInterview:
        """Store a new interview; it gets its id, and later changes are saved at commit."""
        values = {name: getattr(interview, name) for name in _COLUMNS if name != "id"}
        result = await self.session.execute(insert(TABLE).values(**values))
        interview.id = int(result.inserted_primary_key[0])  # type: ignore[attr-defined]
        return track(self.session.info, interview)

    def _track(self, values: Any) -> RunningInterview:
        return track(self.session.info, RunningInterview(**{n: values[n] for n in _COLUMNS}))
