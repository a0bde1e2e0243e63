"""/export and the CLI's content export / diff: database truth as TOML that loads back unchanged."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import pytest

from bot.bank import load_bank
from bot.cli import main
from bot.content_io import parse_files, read_upload
from bot.core.dispatcher import Core
from tests.conftest import SAMPLE_CONTENT, SHIPPED_CONTENT
from tests.recording import ChatDriver, text_of


async def _edit_a_little(owner: ChatDriver) -> None:
    await owner.say('/q edit t-py-gil title 管理员改过的 GIL 题目 "引号" 与 \\ 反斜杠')
    await owner.say("/alias add t-py-gil lock GIL锁")
    await owner.press("确认")
    await owner.say("/q disable t-py-format")


async def _database_bank(core: Core):  # type: ignore[no-untyped-def]
    async with core.database.transaction() as session:
        from bot.storage.repository import Repository

        return await Repository(session).load_bank()


async def test_export_sends_a_zip_that_loads_back_unchanged(
    owner: ChatDriver, core: Core, tmp_path: Path
) -> None:
    await _edit_a_little(owner)
    replies = await owner.say("/export")
    assert "题库导出:2 个文件,4 道题" in text_of(replies)
    (attachment,) = replies[0].attachments
    assert attachment.filename.startswith("bank-") and attachment.filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(attachment.data)) as archive:
        assert sorted(archive.namelist()) == ["open.toml", "python.toml"]
        archive.extractall(tmp_path)
    reloaded = load_bank(tmp_path)
    stored = await _database_bank(core)
    assert reloaded.by_id() == stored.by_id()
    assert reloaded.by_id()["t-py-format"].enabled is False
    assert "GIL锁" in reloaded.by_id()["t-py-gil"].key_points[0].aliases
    # The same zip is accepted by the importer's reader and schema (ids exist, so refused
    # only for that reason).
    files = read_upload(attachment.filename, attachment.data)
    with pytest.raises(Exception, match="already exists"):
        parse_files(files, {t.key: t for t in stored.tracks}, {q.id for q in stored.questions})


async def test_export_of_one_track_and_bad_arguments(owner: ChatDriver, alice: ChatDriver) -> None:
    replies = await owner.say("/export open")
    assert "1 个文件,1 道题" in text_of(replies)
    assert replies[0].attachments[0].filename.startswith("open-")
    assert "没有方向 rust" in text_of(await owner.say("/export rust"))
    assert "用法:/export" in text_of(await owner.say("/export a b"))
    refused = await alice.say("/export")
    assert "只有题库管理员" in text_of(refused) and not refused[0].attachments


def test_shipped_content_round_trips_through_the_exporter(tmp_path: Path) -> None:
    from bot.content_io import export_files

    bank = load_bank(SHIPPED_CONTENT)
    for name, text in export_files(bank).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    again = load_bank(tmp_path)
    assert again.by_id() == bank.by_id()
    assert again.tracks == bank.tracks


def _config_file(core: Core, tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[bot]\ndatabase_url = "{core.config.bot.database_url}"\n'
        f'content_dir = "{SAMPLE_CONTENT}"\n',
        encoding="utf-8",
    )
    return path


async def test_cli_export_and_diff(
    owner: ChatDriver, core: Core, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await _edit_a_little(owner)
    config = _config_file(core, tmp_path)
    out = tmp_path / "exported"

    def cli(*args: str) -> int:
        return main(["--config", str(config), *args])

    assert await asyncio.to_thread(cli, "content", "diff", str(SAMPLE_CONTENT)) == 1
    diff = capsys.readouterr().out
    assert "differs:          t-py-gil: title, key_points.lock [admin edit]" in diff
    assert "differs:          t-py-format: enabled [admin edit]" in diff
    assert "t-py-assert" not in diff
    assert "2 question(s) differ" in diff
    await owner.say(
        '/q add\n[track]\nkey = "open"\n[[questions]]\nid = "open-new"\ntitle = "新题"\n'
        'answer = "答案"\n[[questions.key_points]]\nid = "kp1"\nlabel = "要点"\naliases = ["要点"]'
    )
    assert await asyncio.to_thread(cli, "content", "diff", str(SAMPLE_CONTENT)) == 1
    assert "only in database: open-new [admin edit]" in capsys.readouterr().out
    assert await asyncio.to_thread(cli, "content", "export", str(out)) == 0
    assert "wrote 2 file(s), 5 question(s)" in capsys.readouterr().out
    assert await asyncio.to_thread(cli, "content", "diff", str(out)) == 0
    assert "0 question(s) differ" in capsys.readouterr().out
    assert load_bank(out).by_id() == (await _database_bank(core)).by_id()
    assert await asyncio.to_thread(cli, "content", "export", str(out), "--track", "nope") == 2
    assert "no track 'nope'" in capsys.readouterr().err
    assert await asyncio.to_thread(cli, "content", "diff", str(tmp_path / "missing")) == 2
