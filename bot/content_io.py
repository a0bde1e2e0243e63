"""Content in and out of chat: TOML text, .toml and .zip uploads with size limits, zip export."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import tomli_w

from bot.bank import (
    Bank,
    ContentError,
    Problem,
    Question,
    Track,
    parse_track_document,
    question_to_dict,
)

MAX_UPLOAD_BYTES = 512 * 1024  # a chat upload; the shipped bank is about 200 KB in all
MAX_UNPACKED_BYTES = 2 * 1024 * 1024  # everything inside one zip, as declared and as read
MAX_ZIP_MEMBERS = 50
MAX_IMPORT_QUESTIONS = 200
_FENCE = re.compile(r"^```[a-zA-Z]*\s*\n?|\n?```\s*$")


@dataclass(frozen=True)
class Parsed:
    """What an import would add: new tracks and validated questions."""

    new_tracks: tuple[Track, ...]
    questions: tuple[Question, ...]


def _refuse(file: str, field: str, reason: str) -> ContentError:
    return ContentError([Problem(file, "", field, reason)])


def strip_fences(text: str) -> str:
    """A TOML block pasted in a chat may sit inside ``` fences."""
    return _FENCE.sub("", text.strip())


def read_upload(filename: str, data: bytes) -> list[tuple[str, str]]:
    """(name, text) of each TOML file in an upload; ContentError for anything refused."""
    name = filename.rsplit("/", 1)[-1][:100] or "upload"
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(name, "(file)", f"is {len(data)} bytes, the limit is {MAX_UPLOAD_BYTES}")
    lower = name.lower()
    if lower.endswith(".toml"):
        return [(name, _decode(name, data))]
    if lower.endswith(".zip"):
        return _read_zip(name, data)
    raise _refuse(name, "(file)", "must be a .toml file or a .zip of .toml files")


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(name, "(file)", "is not UTF-8 text") from None


def _read_zip(name: str, data: bytes) -> list[tuple[str, str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError):
        raise _refuse(name, "(zip)", "is not a readable zip file") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise _refuse(name, "(zip)", f"holds {len(members)} files, the limit is {MAX_ZIP_MEMBERS}")
    declared = sum(i.file_size for i in members)
    if declared > MAX_UNPACKED_BYTES:
        raise _refuse(
            name, "(zip)", f"unpacks to {declared} bytes, the limit is {MAX_UNPACKED_BYTES}"
        )
    files: list[tuple[str, str]] = []
    budget = MAX_UNPACKED_BYTES
    for info in members:
        member = f"{name}/{info.filename}"
        if not info.filename.lower().endswith(".toml"):
            raise _refuse(member, "(file)", "only .toml files may be in the zip")
        try:
            # Read at most the budget plus one byte: a member whose header lies about its
            # size cannot make us inflate more than the limit.
            with archive.open(info) as handle:
                content = handle.read(budget + 1)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            raise _refuse(member, "(zip)", "is corrupt or lies about its size") from None
        if len(content) > budget:
            raise _refuse(name, "(zip)", f"unpacks to more than {MAX_UNPACKED_BYTES} bytes")
        budget -= len(content)
        files.append((member, _decode(member, content)))
    if not files:
        raise _refuse(name, "(zip)", "holds no .toml files")
    return files


def parse_files(
    files: Iterable[tuple[str, str]], tracks: Mapping[str, Track], existing_ids: set[str]
) -> Parsed:
    """Validate every file as a content file; all problems at once, or what to add."""
    problems: list[Problem] = []
    new_tracks: dict[str, Track] = {}
    questions: list[Question] = []
    for name, text in files:
        try:
            doc: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem(name, "", "(syntax)", str(exc)))
            continue
        raw_track = doc.get("track")
        known = tracks.get(raw_track.get("key", "")) if isinstance(raw_track, dict) else None
        if isinstance(raw_track, dict) and known is not None:
            # An existing track may be named by its key alone.
            doc["track"] = {"name": known.name, **raw_track}
        try:
            track, parsed = parse_track_document(doc, name)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if known is None and track.key not in new_tracks:
            new_tracks[track.key] = track
        questions.extend(parsed)
    seen: set[str] = set()
    for q in questions:
        if q.id in existing_ids:
            problems.append(Problem("", q.id, "id", "already exists; change it with /q edit"))
        elif q.id in seen:
            problems.append(Problem("", q.id, "id", "appears twice in this import"))
        seen.add(q.id)
    if not questions and not problems:
        problems.append(Problem("", "", "questions", "no [[questions]] found"))
    if len(questions) > MAX_IMPORT_QUESTIONS:
        problems.append(
            Problem(
                "",
                "",
                "questions",
                f"{len(questions)} at once, the limit is {MAX_IMPORT_QUESTIONS}",
            )
        )
    if problems:
        raise ContentError(problems)
    return Parsed(tuple(new_tracks.values()), tuple(questions))


def track_document(track: Track, questions: Iterable[Question]) -> str:
    """One track in the content-file format, as `content/<track>.toml` holds it."""
    head = {"key": track.key, "name": track.name, "name_en": track.name_en}
    head["description"] = track.description
    doc = {
        "track": {k: v for k, v in head.items() if v},
        "questions": [question_to_dict(q) for q in questions],
    }
    return tomli_w.dumps(doc, multiline_strings=True)  # long answers stay readable in review


def export_files(bank: Bank, track: str = "") -> dict[str, str]:
    """File name -> TOML text for every track (or one), disabled questions included."""
    return {
        f"{t.key}.toml": track_document(t, bank.in_track(t.key))
        for t in bank.tracks
        if not track or t.key == track
    }


def export_zip(files: Mapping[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(files.items()):
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()
