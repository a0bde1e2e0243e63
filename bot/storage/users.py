"""The sender of each event: their row as a plain tracked object, and what waits for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Table, bindparam, exists, insert, select, update

from bot.storage.admin import AdminQueries
from bot.storage.admin_models import AddDraft, ContentState, Submission
from bot.storage.daily import Subscription
from bot.storage.models import Identity, User
from bot.storage.session import DbSession
from bot.storage.tracked import TrackedRow, track

USERS: Table = User.__table__  # type: ignore[assignment]
IDENTITIES: Table = Identity.__table__  # type: ignore[assignment]


@dataclass(eq=False)
class UserRow(TrackedRow):
    """A user's own settings; what a handler changes is saved at commit."""

    TABLE: ClassVar[Table] = USERS
    MUTABLE: ClassVar[tuple[str, ...]] = ("display_name", "lang", "timezone", "global_leaderboard")

    id: int
    display_name: str
    lang: str
    timezone: str
    global_leaderboard: bool
    created_at: datetime
    _saved: tuple[Any, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Arrival:
    """The sender of an event and what waits for them; most events find nothing waiting."""

    user: UserRow
    content_version: int  # of the question bank; another worker's admin edit bumps it
    decisions: bool  # a suggestion or report of theirs was decided and they have not been told
    stopped_deliveries: bool  # a subscription of theirs stopped and they have not been told
    draft: bool  # they have a /q add draft open


_USER_COLUMNS = ("id", "display_name", "lang", "timezone", "global_leaderboard", "created_at")
# Table columns, not mapped attributes: a statement that names a mapped class is an ORM
# statement, and ORM statements take the slower path through the session (see InlineSession).
_SUBMISSIONS: Table = Submission.__table__  # type: ignore[assignment]
_SUBSCRIPTIONS: Table = Subscription.__table__  # type: ignore[assignment]
_DRAFTS: Table = AddDraft.__table__  # type: ignore[assignment]
_STATE: Table = ContentState.__table__  # type: ignore[assignment]
_CONTENT_VERSION = select(_STATE.c.version).where(_STATE.c.id == 1).scalar_subquery()
# Every event runs this, built once: composing a statement costs more Python time than SQLite
# spends running it. The same statement answers what every event used to ask separately.
_ARRIVAL = (
    select(
        *(USERS.c[name] for name in _USER_COLUMNS),
        IDENTITIES.c.id.label("identity_id"),
        IDENTITIES.c.private_chat,
        IDENTITIES.c.dm_unavailable,
        _CONTENT_VERSION.label("content_version"),
        exists()
        .where(_SUBMISSIONS.c.user_id == USERS.c.id, _SUBMISSIONS.c.notified.is_(False))
        .label("decisions"),
        exists()
        .where(_SUBSCRIPTIONS.c.owner_user_id == USERS.c.id, _SUBSCRIPTIONS.c.notice_pending)
        .label("stopped_deliveries"),
        exists().where(_DRAFTS.c.user_id == USERS.c.id).label("draft"),
    )
    .select_from(USERS.join(IDENTITIES, IDENTITIES.c.user_id == USERS.c.id))
    .where(
        IDENTITIES.c.platform == bindparam("platform"),
        IDENTITIES.c.platform_user_id == bindparam("account"),
    )
)
_WRITES_PRIVATELY = (
    update(IDENTITIES)
    .where(IDENTITIES.c.id == bindparam("identity_id"))
    .values(private_chat=True, dm_unavailable=False)
)
_USERS_BY_ID = select(*(USERS.c[name] for name in _USER_COLUMNS)).where(
    USERS.c.id.in_(bindparam("ids", expanding=True))
)


class UserQueries:
    def __init__(self, session: DbSession) -> None:
        self.session = session

    async def arrive(
        self,
        platform: str,
        platform_user_id: str,
        display_name: str,
        lang: str,
        now: datetime,
        *,
        in_private: bool = False,
    ) -> Arrival:
        """The sender of an event (created on first contact) and what waits for them."""
        result = await self.session.execute(
            _ARRIVAL, {"platform": platform, "account": platform_user_id}
        )
        found = result.first()
        if found is None:
            user = UserRow(0, display_name[:128], lang, "", False, now)
            return await self._first_contact(user, platform, platform_user_id, in_private)
        row = found._mapping
        user = track(self.session.info, UserRow(**{name: row[name] for name in _USER_COLUMNS}))
        if display_name and user.display_name != display_name[:128]:
            user.display_name = display_name[:128]
        if in_private and (row["dm_unavailable"] or not row["private_chat"]):
            # They wrote to us privately, so we can write back there.
            await self.session.execute(_WRITES_PRIVATELY, {"identity_id": row["identity_id"]})
        return Arrival(
            user,
            int(row["content_version"] or 0),
            bool(row["decisions"]),
            bool(row["stopped_deliveries"]),
            bool(row["draft"]),
        )

    async def by_ids(self, user_ids: list[int]) -> dict[int, UserRow]:
        rows = await self.session.execute(_USERS_BY_ID, {"ids": user_ids})
        found = [UserRow(**{n: r._mapping[n] for n in _USER_COLUMNS}) for r in rows]
        return {user.id: track(self.session.info, user) for user in found}

    async def _first_contact(
        self, user: UserRow, platform: str, platform_user_id: str, in_private: bool
    ) -> Arrival:
        values = {name: getattr(user, name) for name in _USER_COLUMNS if name != "id"}
        inserted = await self.session.execute(insert(USERS).values(**values))
        user.id = int(inserted.inserted_primary_key[0])  # type: ignore[attr-defined]
        await self.session.execute(
            insert(IDENTITIES).values(
                user_id=user.id,
                platform=platform,
                platform_user_id=platform_user_id,
                private_chat=in_private,
                dm_unavailable=False,
            )
        )
        version = await AdminQueries(self.session).content_version()
        return Arrival(track(self.session.info, user), version, False, False, False)
