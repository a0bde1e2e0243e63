"""/mydata exports everything about the user as JSON; /forget, once confirmed, erases it from
every table in the schema while other people's data and the group's rounds stay."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.core.dispatcher import Core
from bot.storage.models import Base, User
from bot.storage.rounds import Round
from tests.progress_seed import Seed, seed, user_id
from tests.recording import ChatDriver, text_of
from tests.test_progress_leaderboard import held_round

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


async def rich_history(core: Core, chat_for: Callable[..., ChatDriver]) -> tuple[int, int]:
    """Alice and Bob, each with attempts, an interview, round answers and settings."""
    alice, bob = chat_for("alice"), chat_for("bob")
    for chat in (alice, bob):
        await chat.say("/interview python 1")
        await chat.say("GIL 是全局解释器锁,同一时刻只有一个线程执行字节码。")  # any question
        await chat.say("/privacy")
        await chat.press("加入全球榜")
    await seed(core, "alice", Seed(NOW - timedelta(days=2), "t-py-assert", 40, misses=("debug",)))
    await held_round(core, "g1", NOW - timedelta(days=1), {"alice": 70, "bob": 90})
    ids = await user_id(core, "alice"), await user_id(core, "bob")
    async with core.database.transaction() as session:
        round_ = await session.scalar(select(Round))
        assert round_ is not None
        round_.started_by = ids[0]
    return ids


async def rows_naming(core: Core, uid: int) -> dict[str, int]:
    """For every table: rows whose user columns (foreign keys to users, or user_id) hold uid."""
    found: dict[str, int] = {}
    async with core.database.transaction() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns
                       if any(fk.column.table.name == "users" for fk in c.foreign_keys)
                       or c.name == "user_id"]  # fmt: skip
            if table.name == "users":
                columns.append(table.c.id)
            for column in columns:
                count = await session.scalar(
                    select(func.count()).select_from(table).where(column == uid)
                )
                if count:
                    found[f"{table.name}.{column.name}"] = int(count)
    return found


async def test_mydata_sends_everything_as_json(
    core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    alice_id, bob_id = await rich_history(core, chat_for)
    alice = chat_for("alice")
    replies = await alice.say("/mydata")
    (document,) = replies[-1].attachments
    assert document.kind == "file" and document.filename.endswith(".json")
    data = json.loads(document.data)
    tables = data["tables"]
    assert tables["users"][0]["id"] == alice_id and tables["users"][0]["global_leaderboard"]
    assert len(tables["attempts"]) == 2  # the interview's answer and the seeded one
    assert "t-py-assert" in {a["question_id"] for a in tables["attempts"]}
    assert tables["round_answers"][0]["score"] == 70
    assert tables["rounds"][0]["started_by"] == alice_id
    assert all(row.get("user_id") in (None, alice_id) for rows in tables.values() for row in rows)
    assert "Bob" not in document.data.decode()
    assert f"{sum(len(r) for r in tables.values())} 行" in replies[-1].text
    assert {"identities", "interviews", "practice_slots"} <= set(tables)
    assert bob_id != alice_id


async def test_forget_asks_first_and_cancel_keeps_everything(
    core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    alice_id, _ = await rich_history(core, chat_for)
    alice = chat_for("alice")
    assert "无法恢复" in text_of(await alice.say("/forget"))
    before = await rows_naming(core, alice_id)
    assert "已取消" in text_of(await alice.press("取消"))
    assert await rows_naming(core, alice_id) == before


async def test_forget_leaves_no_row_of_the_user_in_any_table(
    core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    alice_id, bob_id = await rich_history(core, chat_for)
    assert len(await rows_naming(core, alice_id)) >= 6
    bob_before = await rows_naming(core, bob_id)
    alice = chat_for("alice")
    await alice.say("/forget")
    done = text_of(await alice.press("确认删除"))
    assert "已删除你的全部数据" in done and "排行榜" in done
    assert await rows_naming(core, alice_id) == {}
    assert await rows_naming(core, bob_id) == bob_before
    async with core.database.transaction() as session:
        round_ = await session.scalar(select(Round))
        assert round_ is not None and round_.started_by is None  # the group keeps its round
        assert await session.get(User, alice_id) is None
    # Pressing the old button again changes nothing; a new message starts afresh.
    assert "过期" in text_of(await alice.press("确认删除"))
    assert "还没有作答过" in text_of(await alice.say("/stats"))
    board = text_of(await chat_for("bob", "g1", "group").say("/leaderboard"))
    assert "Alice" not in board and "Bob" in board


async def test_mydata_and_forget_only_in_private(chat_for: Callable[..., ChatDriver]) -> None:
    group = chat_for("alice", "g1", "group")
    assert "只能在私聊中使用" in text_of(await group.say("/mydata"))
    assert "只能在私聊中使用" in text_of(await group.say("/forget"))


async def test_forget_in_english(core: Core, alice: ChatDriver) -> None:
    await alice.say("/lang en")
    await seed(core, "alice", Seed(NOW - timedelta(hours=1)))
    await alice.say("/forget")
    assert "All your data is deleted" in text_of(await alice.press("Delete everything"))


async def test_forget_scrubs_a_content_admins_name_from_the_audit_trail(
    core: Core, chat_for: Callable[..., ChatDriver]
) -> None:
    owner, alice = chat_for("owner"), chat_for("alice")
    await owner.say("/admin grant alice")
    await alice.say("/start")
    assert "v2" in text_of(await alice.say("/q edit t-py-assert title assert 语句有什么用?"))
    await alice.say("/q try t-py-gil 全局解释器锁导致只能用多进程 --keep")
    (document,) = (await alice.say("/mydata"))[-1].attachments
    tables = json.loads(document.data)["tables"]
    assert tables["content_admins"][0]["platform_user_id"] == "alice"
    assert tables["question_changes"][0]["actor"] == "test:alice"
    assert tables["sample_answers"][0]["added_by"] == "test:alice"

    await alice.say("/forget")
    await alice.press("确认删除")
    async with core.database.transaction() as session:
        for table in ("content_admins", "question_changes", "sample_answers"):
            rows = (await session.execute(select(Base.metadata.tables[table]))).all()
            assert "alice" not in repr(rows).lower(), table
        changes = (await session.execute(select(Base.metadata.tables["question_changes"]))).all()
    assert changes and changes[0]._mapping["actor"] == "forgotten"  # the history stays
    log = text_of(await owner.say("/q log t-py-assert"))
    assert "assert 语句有什么用" in log and "Alice" not in log
    assert "只有" in text_of(await chat_for("alice").say("/q edit t-py-gil title x"))
