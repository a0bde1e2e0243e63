"""Question bank values and the TOML content format: loading, validation and export."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")
KINDS = ("factual", "semi-open", "open")
WRITTEN_FROM = ("seed", "general-knowledge")
MAX_ANSWER_CHARS = 800
MAX_MORE_CHARS = 6000
MAX_TITLE_CHARS = 200
MAX_ALIAS_CHARS = 80
MAX_ALIASES = 40
MIN_KEY_POINTS, MAX_KEY_POINTS = 1, 12


@dataclass(frozen=True)
class KeyPoint:
    """One idea a good answer mentions; matched through its aliases."""

    id: str
    label: str
    aliases: tuple[str, ...]
    label_en: str = ""
    weight: float = 1.0
    confused_with: tuple[str, ...] = ()
    follow_up: str = ""
    follow_up_en: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    track: str
    title: str
    answer: str
    key_points: tuple[KeyPoint, ...]
    title_en: str = ""
    answer_en: str = ""
    more: str = ""
    difficulty: int = 2
    kind: str = "factual"
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    seed_ids: tuple[str, ...] = ()
    written_from: str = "seed"
    full_marks_at: int | None = None
    enabled: bool = True

    def content_hash(self) -> str:
        data = json.dumps(question_to_dict(self), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()[:16]

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title


@dataclass(frozen=True)
class Track:
    key: str
    name: str
    name_en: str = ""
    description: str = ""

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is and what is wrong."""

    file: str
    question_id: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        qid = f"question {self.question_id!r}, " if self.question_id else ""
        return f"{where}{qid}field {self.field!r}: {self.reason}"


class ContentError(Exception):
    """Content failed validation; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Bank:
    tracks: tuple[Track, ...]
    questions: tuple[Question, ...] = field(default=())

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def in_track(self, track: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.track == track)


class Checker:
    """Collects problems while reading one raw mapping into values."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, qid: str, field_name: str, reason: str) -> None:
        self.problems.append(Problem(self.file, qid, field_name, reason))

    def text(
        self, raw: Mapping[str, Any], key: str, qid: str, *, required: bool, limit: int, where: str
    ) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str):
            self.fail(qid, f"{where}{key}", "must be a string")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(qid, f"{where}{key}", "is required and must not be empty")
        if len(value) > limit:
            self.fail(qid, f"{where}{key}", f"is {len(value)} characters, the limit is {limit}")
        return value

    def strings(self, raw: Mapping[str, Any], key: str, qid: str, where: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(qid, f"{where}{key}", "must be a list of strings")
            return ()
        cleaned = tuple(v.strip() for v in value)
        if any(not v for v in cleaned):
            self.fail(qid, f"{where}{key}", "contains an empty string")
        too_long = [v for v in cleaned if len(v) > MAX_ALIAS_CHARS]
        if too_long:
            self.fail(qid, f"{where}{key}", f"an entry is over {MAX_ALIAS_CHARS} characters")
        if len(cleaned) > MAX_ALIASES:
            self.fail(
                qid, f"{where}{key}", f"has {len(cleaned)} entries, the limit is {MAX_ALIASES}"
            )
        return tuple(v for v in cleaned if v)


_QUESTION_KEYS = {
    "id", "title", "title_en", "answer", "answer_en", "more", "difficulty", "kind", "tags",
    "sources", "seed_ids", "written_from", "full_marks_at", "enabled", "key_points", "track",
}  # fmt: skip
_POINT_KEYS = {
    "id", "label", "label_en", "aliases", "weight", "confused_with", "follow_up", "follow_up_en",
}  # fmt: skip


def parse_key_point(raw: Any, qid: str, index: int, c: Checker) -> KeyPoint | None:
    where = f"key_points[{index}]."
    if not isinstance(raw, dict):
        c.fail(qid, where.rstrip("."), "must be a table")
        return None
    for unknown in sorted(set(raw) - _POINT_KEYS):
        c.fail(qid, f"{where}{unknown}", "is not a known field")
    kp_id = c.text(raw, "id", qid, required=True, limit=48, where=where)
    if kp_id and not ID_PATTERN.match(kp_id):
        c.fail(qid, f"{where}id", "must be lower-case letters, digits and '-', 2 to 48 long")
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 5:
        c.fail(qid, f"{where}weight", "must be a number above 0 and at most 5")
        weight = 1.0
    aliases = c.strings(raw, "aliases", qid, where)
    if not aliases:
        c.fail(qid, f"{where}aliases", "needs at least one alias")
    return KeyPoint(
        id=kp_id,
        label=c.text(raw, "label", qid, required=True, limit=MAX_TITLE_CHARS, where=where),
        label_en=c.text(raw, "label_en", qid, required=False, limit=MAX_TITLE_CHARS, where=where),
        aliases=aliases,
        weight=float(weight),
        confused_with=c.strings(raw, "confused_with", qid, where),
        follow_up=c.text(raw, "follow_up", qid, required=False, limit=300, where=where),
        follow_up_en=c.text(raw, "follow_up_en", qid, required=False, limit=300, where=where),
    )


def parse_question(raw: Any, track: str, c: Checker, index: int = 0) -> Question | None:
    """Read one raw question table; problems go to the checker, None if unusable."""
    if not isinstance(raw, dict):
        c.fail("", f"questions[{index}]", "must be a table")
        return None
    qid = raw.get("id") if isinstance(raw.get("id"), str) else ""
    qid = qid.strip()
    if not ID_PATTERN.match(qid):
        c.fail(qid, "id", "must be lower-case letters, digits and '-', 2 to 48 long")
    for unknown in sorted(set(raw) - _QUESTION_KEYS):
        c.fail(qid, unknown, "is not a known field")
    difficulty = raw.get("difficulty", 2)
    if difficulty not in (1, 2, 3) or isinstance(difficulty, bool):
        c.fail(qid, "difficulty", "must be 1, 2 or 3")
        difficulty = 2
    kind = raw.get("kind", "factual")
    if kind not in KINDS:
        c.fail(qid, "kind", f"must be one of {', '.join(KINDS)}")
        kind = "factual"
    written_from = raw.get("written_from", "seed")
    if written_from not in WRITTEN_FROM:
        c.fail(qid, "written_from", f"must be one of {', '.join(WRITTEN_FROM)}")
    raw_points = raw.get("key_points", [])
    if not isinstance(raw_points, list):
        c.fail(qid, "key_points", "must be a list of tables")
        raw_points = []
    points = [parse_key_point(p, qid, i, c) for i, p in enumerate(raw_points)]
    key_points = tuple(p for p in points if p is not None)
    if not MIN_KEY_POINTS <= len(raw_points) <= MAX_KEY_POINTS:
        c.fail(qid, "key_points", f"needs {MIN_KEY_POINTS} to {MAX_KEY_POINTS} key points")
    point_ids = [p.id for p in key_points]
    if len(set(point_ids)) != len(point_ids):
        c.fail(qid, "key_points", "key point ids must be unique within the question")
    full_marks_at = raw.get("full_marks_at")
    if full_marks_at is not None and (
        not isinstance(full_marks_at, int) or not 1 <= full_marks_at <= len(key_points)
    ):
        c.fail(qid, "full_marks_at", "must be a whole number between 1 and the key point count")
        full_marks_at = None
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        c.fail(qid, "enabled", "must be true or false")
        enabled = True
    return Question(
        id=qid,
        track=track,
        title=c.text(raw, "title", qid, required=True, limit=MAX_TITLE_CHARS, where=""),
        title_en=c.text(raw, "title_en", qid, required=False, limit=MAX_TITLE_CHARS, where=""),
        answer=c.text(raw, "answer", qid, required=True, limit=MAX_ANSWER_CHARS, where=""),
        answer_en=c.text(raw, "answer_en", qid, required=False, limit=MAX_ANSWER_CHARS, where=""),
        more=c.text(raw, "more", qid, required=False, limit=MAX_MORE_CHARS, where=""),
        key_points=key_points,
        difficulty=difficulty,
        kind=kind,
        tags=c.strings(raw, "tags", qid, ""),
        sources=c.strings(raw, "sources", qid, ""),
        seed_ids=c.strings(raw, "seed_ids", qid, ""),
        written_from=written_from if written_from in WRITTEN_FROM else "seed",
        full_marks_at=full_marks_at,
        enabled=enabled,
    )


def question_to_dict(q: Question) -> dict[str, Any]:
    """The question as the plain mapping the TOML files hold (empty optional fields left out)."""
    data = asdict(q)
    data.pop("track")
    data["key_points"] = [
        {k: v for k, v in kp.items() if v not in ("", (), []) and not (k == "weight" and v == 1.0)}
        for kp in data["key_points"]
    ]
    defaults = {"difficulty": None, "kind": None, "enabled": True, "written_from": "seed"}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value in ("", (), [], None) or (key in defaults and defaults[key] == value):
            continue
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def parse_track_document(doc: Mapping[str, Any], file: str) -> tuple[Track, list[Question]]:
    """Validate one parsed TOML document; raises ContentError listing every problem."""
    c = Checker(file)
    raw_track = doc.get("track")
    if not isinstance(raw_track, dict):
        raise ContentError([Problem(file, "", "track", "a [track] table is required")])
    key = c.text(raw_track, "key", "", required=True, limit=32, where="track.")
    if key and not ID_PATTERN.match(key):
        c.fail("", "track.key", "must be lower-case letters, digits and '-'")
    track = Track(
        key=key,
        name=c.text(raw_track, "name", "", required=True, limit=40, where="track."),
        name_en=c.text(raw_track, "name_en", "", required=False, limit=60, where="track."),
        description=c.text(
            raw_track, "description", "", required=False, limit=400, where="track."
        ),
    )
    raw_questions = doc.get("questions", [])
    if not isinstance(raw_questions, list):
        c.fail("", "questions", "must be an array of tables ([[questions]])")
        raw_questions = []
    questions = [parse_question(raw, key, c, i) for i, raw in enumerate(raw_questions)]
    ids = [q.id for q in questions if q]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        c.fail(dup, "id", "is used more than once in this file")
    if c.problems:
        raise ContentError(c.problems)
    return track, [q for q in questions if q is not None]


def load_track_file(path: Path) -> tuple[Track, list[Question]]:
    try:
        doc = tomllib.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise ContentError([Problem(path.name, "", "(file)", "is not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError([Problem(path.name, "", "(syntax)", str(exc))]) from None
    return parse_track_document(doc, path.name)


def load_bank(directory: Path) -> Bank:
    """Load and validate every *.toml file in a directory; all problems are reported at once."""
    problems: list[Problem] = []
    tracks: list[Track] = []
    questions: list[Question] = []
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise ContentError([Problem(str(directory), "", "(directory)", "holds no .toml files")])
    for path in files:
        try:
            track, qs = load_track_file(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        tracks.append(track)
        questions.extend(qs)
    seen: dict[str, str] = {}
    for q in questions:
        if q.id in seen and seen[q.id] != q.track:
            problems.append(Problem(q.track, q.id, "id", f"is also used in track {seen[q.id]!r}"))
        seen[q.id] = q.track
    keys = [t.key for t in tracks]
    for dup in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(Problem("", "", "track.key", f"{dup!r} is used by more than one file"))
    if problems:
        raise ContentError(problems)
    return Bank(tracks=tuple(tracks), questions=tuple(questions))
