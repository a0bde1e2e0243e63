"""`interview-bot content export DIR` and `content diff DIR`: the database against the files."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from bot.bank import Bank, ContentError, load_bank
from bot.content_edit import changed_fields, state_from_question
from bot.content_io import export_files
from bot.storage.database import Database
from bot.storage.repository import Repository


@dataclass(frozen=True)
class Difference:
    question_id: str
    where: str  # "files" | "database" | "both"
    fields: tuple[str, ...]
    admin_edit: bool

    def __str__(self) -> str:
        note = " [admin edit]" if self.admin_edit else ""
        if self.where == "files":
            return f"only in files:    {self.question_id}{note}"
        if self.where == "database":
            return f"only in database: {self.question_id}{note}"
        return f"differs:          {self.question_id}: {', '.join(self.fields)}{note}"


async def database_bank(database: Database) -> tuple[Bank, set[str]]:
    """The bank as the database holds it, and the ids of questions an admin edited."""
    async with database.transaction() as session:
        repo = Repository(session)
        return await repo.load_bank(), await repo.admin.admin_edited_ids()


def differences(files: Bank, stored: Bank, edited: set[str]) -> list[Difference]:
    in_files, in_db = files.by_id(), stored.by_id()
    found: list[Difference] = []
    for qid in sorted(set(in_files) | set(in_db)):
        a, b = in_files.get(qid), in_db.get(qid)
        if b is None:
            found.append(Difference(qid, "files", (), False))
        elif a is None:
            found.append(Difference(qid, "database", (), qid in edited))
        elif a != b:
            fields = changed_fields(state_from_question(a), state_from_question(b))
            found.append(Difference(qid, "both", tuple(fields), qid in edited))
    return found


def write_files(directory: Path, files: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")


async def export_command(database: Database, directory: Path, track: str) -> int:
    bank, _ = await database_bank(database)
    files = export_files(bank, track)
    if not files:
        print(f"interview-bot content export: no track {track!r}", file=sys.stderr)
        return 2
    write_files(directory, files)
    count = sum(len(bank.in_track(name.removesuffix(".toml"))) for name in files)
    print(f"wrote {len(files)} file(s), {count} question(s) to {directory}")
    return 0


async def diff_command(database: Database, directory: Path) -> int:
    """Exit 0 when files and database agree, 1 when they differ (like diff), 2 on bad files."""
    try:
        files = load_bank(directory)
    except ContentError as exc:
        print(f"interview-bot content diff: {exc}", file=sys.stderr)
        return 2
    stored, edited = await database_bank(database)
    found = differences(files, stored, edited)
    file_tracks = {t.key: t for t in files.tracks}
    for track in stored.tracks:
        if track.key not in file_tracks:
            print(f"track only in database: {track.key}")
        elif file_tracks[track.key] != track:
            print(f"track differs: {track.key}")
    for item in found:
        print(item)
    print(f"{len(found)} question(s) differ")
    return 1 if found else 0
