"""The sender's row and their running interview are plain objects written back at commit:
what a handler changes is kept, on SQLite's inline session as on PostgreSQL's."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from bot.core.dispatcher import Core
from bot.core.events import Text, UserRef
from bot.storage.models import Interview, User
from bot.storage.repository import Repository
from tests.progress_seed import user_id
from tests.recording import ChatDriver, text_of


async def test_a_new_display_name_is_kept(core: Core, chat_for: Callable[..., ChatDriver]) -> None:
    alice = chat_for("alice")
    await alice.say("/help")
    renamed = UserRef(alice.user.platform, alice.user.id, "Alicia")
    await core.handle(Text(renamed, alice.chat, "/help"))
    async with core.database.transaction() as session:
        names = (await session.scalars(select(User.display_name))).all()
    assert names == ["Alicia"]


async def test_interview_progress_survives_each_event(alice: ChatDriver, core: Core) -> None:
    await alice.say("/interview python 3")
    await alice.say("GIL 是全局解释器锁")
    await alice.say("/next")
    await alice.say("/hint")
    async with core.database.transaction() as session:
        row = await session.scalar(select(Interview))
    assert row is not None
    assert (row.step, row.phase, row.status) == (1, "answer", "open")
    assert len(row.hints) == 1
    assert "第 2/3 题" in text_of(await alice.say("/interview"))  # the same interview goes on


async def test_an_interview_closed_in_a_transaction_is_no_longer_open(
    alice: ChatDriver, core: Core
) -> None:
    await alice.say("/interview python 2")
    uid = await user_id(core, "alice")
    async with core.database.transaction() as session:
        repo = Repository(session)
        running = await repo.open_interview(uid)
        assert running is not None
        running.status = "abandoned"
        assert await repo.open_interview(uid) is None  # the row still says open until commit
    async with core.database.transaction() as session:
        assert await Repository(session).open_interview(uid) is None


async def test_core_reads_see_orm_changes_made_earlier_in_the_transaction(core: Core) -> None:
    async with core.database.transaction() as session:
        repo = Repository(session)
        arrival = await repo.users.arrive("test", "zoe", "Zoe", "zh", core.clock.now())
        await session.get(User, arrival.user.id)  # the ORM is now in use in this transaction
        session.add(User(display_name="Yan", lang="en", created_at=core.clock.now()))
        count = await session.scalar(select(func.count()).select_from(User.__table__))
    assert count == 2
