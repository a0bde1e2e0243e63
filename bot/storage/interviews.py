"""Running interviews as plain objects: read and written with prebuilt Core statements."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from bot.storage.models import Interview
from bot.storage.session import DbSession

# Why not the ORM class: every answer loads one interview and changes two or three of its
# columns. The ORM's load and unit-of-work flush cost about 300 µs of Python per event for that;
# these statements, built once, cost about a fifth of it. Changes are still written at commit
# without anyone having to remember to save (see _write_changed_interviews).
TABLE: Table = Interview.__table__  # type: ignore[assignment]
_MUTABLE = ("step", "phase", "hints", "follow_up_point", "status", "updated_at")
_TRACKED = "running_interviews"


@dataclass(eq=False)
class RunningInterview:
    """An interview (or a daily or review question) and where it stands; saved at commit."""

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

    def changed(self) -> bool:
        """True when a column changed since it was read or last written."""
        return tuple(getattr(self, name) for name in _MUTABLE) != self._saved

    def mark_saved(self) -> None:
        # Lists are copied so that an in-place change still shows as a change.
        self._saved = tuple(
            list(v) if isinstance(v, list) else v for v in (getattr(self, n) for n in _MUTABLE)
        )


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
        self._tracked: dict[int, RunningInterview] = session.info.setdefault(_TRACKED, {})

    async def open_for(self, user_id: int) -> RunningInterview | None:
        """The user's newest open interview, row-locked on PostgreSQL so that two workers
        handling the same user's answers take turns (SQLite's BEGIN IMMEDIATE serialises)."""
        row = (await self.session.execute(_OPEN_FOR_USER, {"user_id": user_id})).first()
        return self._track(row._mapping) if row is not None else None

    async def by_id(self, interview_id: int) -> RunningInterview | None:
        known = self._tracked.get(interview_id)
        if known is not None:
            return known
        row = (await self.session.execute(_BY_ID, {"interview_id": interview_id})).first()
        return self._track(row._mapping) if row is not None else None

    async def start(self, interview: RunningInterview) -> RunningInterview:
        """Store a new interview; it gets its id, and later changes are saved at commit."""
        values = {name: getattr(interview, name) for name in _COLUMNS if name != "id"}
        result = await self.session.execute(insert(TABLE).values(**values))
        interview.id = int(result.inserted_primary_key[0])  # type: ignore[attr-defined]
        interview.mark_saved()
        self._tracked[interview.id] = interview
        return interview

    def _track(self, values: Any) -> RunningInterview:
        known = self._tracked.get(values["id"])
        if known is not None:  # read twice in one transaction: the same object, with its changes
            return known
        interview = RunningInterview(**{name: values[name] for name in _COLUMNS})
        interview.mark_saved()
        self._tracked[interview.id] = interview
        return interview


_UPDATE = (
    update(TABLE)
    .where(TABLE.c.id == bindparam("interview_id"))
    .values(**{name: bindparam(name) for name in _MUTABLE})
)


@event.listens_for(Session, "before_commit")
def _write_changed_interviews(session: Session) -> None:
    """Whatever a handler changed on a running interview is written with the transaction."""
    tracked: dict[int, RunningInterview] = session.info.pop(_TRACKED, {})
    if not tracked:
        return
    changed = [i for i in tracked.values() if i.changed()]
    if not changed:
        return
    connection = session.connection()
    for interview in changed:
        values = {name: getattr(interview, name) for name in _MUTABLE}
        connection.execute(_UPDATE, {"interview_id": interview.id, **values})
        interview.mark_saved()
