"""Pure edits of a question's raw state, validated by the content schema, and regrade previews."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.bank import Checker, ContentError, Problem, Question, parse_question, question_to_dict
from bot.grading import grade

State = dict[str, Any]  # the content-file shape of one question, plus "id", "track", "enabled"

TEXT_FIELDS = ("title", "title_en", "answer", "answer_en", "more")
QUESTION_FIELDS = (*TEXT_FIELDS, "difficulty", "kind", "tags", "full_marks_at")
POINT_TEXT_FIELDS = ("label", "label_en", "follow_up", "follow_up_en")
POINT_FIELDS = (*POINT_TEXT_FIELDS, "aliases", "confused_with", "weight")
_LIST_SPLIT = re.compile(r"[,，、;；\n]")


class EditError(Exception):
    """The requested change cannot be made; carries the problems (field and reason)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class ScoreMove:
    """How one stored sample answer's score changes with a proposed edit."""

    label: str  # "model" or the sample's id
    text: str
    before: int
    after: int


def _fail(qid: str, field: str, reason: str) -> EditError:
    return EditError([Problem("", qid, field, reason)])


def state_of(question_id: str, track: str, enabled: bool, data: dict[str, Any]) -> State:
    return {**copy.deepcopy(data), "id": question_id, "track": track, "enabled": enabled}


def state_from_question(question: Question) -> State:
    return state_of(question.id, question.track, question.enabled, question_to_dict(question))


def validate(state: State, known_tracks: Iterable[str]) -> Question:
    """The state as a Question, or ContentError listing every problem (nothing is changed)."""
    checker = Checker("")
    track = state.get("track", "")
    if track not in set(known_tracks):
        checker.fail(str(state.get("id", "")), "track", f"no track {str(track)[:40]!r}")
    question = parse_question(state, str(track), checker)
    if question is None or checker.problems:
        raise ContentError(checker.problems)
    return question


def row_values(question: Question) -> dict[str, Any]:
    """What the questions table stores for a validated question."""
    data = question_to_dict(question)
    data.pop("enabled", None)  # the row's own column is the truth for enabled
    return {"track": question.track, "data": data, "enabled": question.enabled}


def split_list(value: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(value) if part.strip()]


def _number(qid: str, field: str, value: str, *, whole: bool) -> int | float:
    try:
        return int(value) if whole else float(value)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise _fail(qid, field, f"must be {kind}, got {value[:30]!r}") from None


def edit_field(state: State, field: str, value: str) -> State:
    qid = state["id"]
    if field not in QUESTION_FIELDS:
        raise _fail(qid, field, f"cannot be edited here; fields: {', '.join(QUESTION_FIELDS)}")
    new = copy.deepcopy(state)
    if field == "difficulty":
        new[field] = _number(qid, field, value, whole=True)
    elif field == "full_marks_at":
        if value.lower() in ("none", "-", "无"):
            new.pop(field, None)
        else:
            new[field] = _number(qid, field, value, whole=True)
    elif field == "tags":
        new[field] = split_list(value)
    elif field in TEXT_FIELDS and not value.strip() and field.endswith("_en"):
        new.pop(field, None)
    else:
        new[field] = value
    return new


def set_enabled(state: State, enabled: bool) -> State:
    return {**copy.deepcopy(state), "enabled": enabled}


def _points(state: State) -> list[dict[str, Any]]:
    return state.setdefault("key_points", [])


def _point(state: State, point_id: str) -> dict[str, Any]:
    for point in _points(state):
        if point.get("id") == point_id:
            return point
    known = ", ".join(str(p.get("id")) for p in _points(state))
    raise _fail(state["id"], "key_points", f"no key point {point_id[:48]!r} (known: {known})")


def next_point_id(state: State) -> str:
    used = {p.get("id") for p in _points(state)}
    n = len(used) + 1
    while f"kp{n}" in used:
        n += 1
    return f"kp{n}"


def add_point(state: State, label: str, aliases: Sequence[str]) -> tuple[State, str]:
    new = copy.deepcopy(state)
    point_id = next_point_id(new)
    _points(new).append({"id": point_id, "label": label, "aliases": list(aliases)})
    return new, point_id


def edit_point(state: State, point_id: str, field: str, value: str) -> State:
    if field not in POINT_FIELDS:
        raise _fail(
            state["id"], field, f"cannot be edited; key point fields: {', '.join(POINT_FIELDS)}"
        )
    new = copy.deepcopy(state)
    point = _point(new, point_id)
    if field == "weight":
        point[field] = _number(state["id"], field, value, whole=False)
    elif field in ("aliases", "confused_with"):
        point[field] = split_list(value)
    elif not value.strip() and field != "label":
        point.pop(field, None)
    else:
        point[field] = value
    return new


def remove_point(state: State, point_id: str) -> State:
    new = copy.deepcopy(state)
    _point(new, point_id)
    new["key_points"] = [p for p in _points(new) if p.get("id") != point_id]
    marks = new.get("full_marks_at")
    if isinstance(marks, int) and marks > len(new["key_points"]):
        new.pop("full_marks_at")  # a bound that can no longer be reached is dropped, not broken
    return new


def add_alias(state: State, point_id: str, alias: str) -> State:
    new = copy.deepcopy(state)
    point = _point(new, point_id)
    aliases = list(point.get("aliases", []))
    if alias.strip().lower() in {a.lower() for a in aliases}:
        raise _fail(state["id"], f"{point_id}.aliases", f"already has {alias.strip()[:80]!r}")
    point["aliases"] = [*aliases, alias]
    return new


def regrade(old: Question, new: Question, samples: Sequence[tuple[str, str]]) -> list[ScoreMove]:
    """Scores of the model answer and each (label, text) sample under the old and new question."""
    answers = [("model", old.answer), *samples]
    return [
        ScoreMove(label, text, grade(text, old).score, grade(text, new).score)
        for label, text in answers
    ]


def changed_fields(before: State | None, after: State | None) -> list[str]:
    """Top-level fields (and key point ids) that differ, for history summaries."""
    if before is None or after is None:
        return []
    fields = sorted(
        k for k in set(before) | set(after) if k != "key_points" and before.get(k) != after.get(k)
    )
    old_points = {p["id"]: p for p in before.get("key_points", [])}
    new_points = {p["id"]: p for p in after.get("key_points", [])}
    for pid in sorted(set(old_points) | set(new_points)):
        if old_points.get(pid) != new_points.get(pid):
            fields.append(f"key_points.{pid}")
    return fields


def _short(value: Any, limit: int = 40) -> str:
    text = "∅" if value in (None, "", []) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _value_change(name: str, old: Any, new: Any) -> str:
    if isinstance(old, list | type(None)) and isinstance(new, list | type(None)):
        added = [v for v in new or [] if v not in (old or [])]
        removed = [v for v in old or [] if v not in (new or [])]
        parts = [f"+{_short(v)}" for v in added] + [f"−{_short(v)}" for v in removed]
        return f"{name}: {' '.join(parts) or '(order)'}"
    return f"{name}: {_short(old)} → {_short(new)}"


def describe_change(before: State | None, after: State | None) -> list[str]:
    """One short line per changed field or key point field, for /q log."""
    if before is None or after is None:
        return []
    lines = []
    old_points = {p["id"]: p for p in before.get("key_points", [])}
    new_points = {p["id"]: p for p in after.get("key_points", [])}
    for name in changed_fields(before, after):
        if not name.startswith("key_points."):
            lines.append(_value_change(name, before.get(name), after.get(name)))
            continue
        pid = name.removeprefix("key_points.")
        old, new = old_points.get(pid), new_points.get(pid)
        if old is None or new is None:
            sign, point = ("+", new) if old is None else ("−", old)
            lines.append(f"{sign}{pid}: {_short(point.get('label'))}")
            continue
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                lines.append(_value_change(f"{pid}.{key}", old.get(key), new.get(key)))
    return lines
