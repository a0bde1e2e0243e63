"""Pure, deterministic grading of a free-text answer against a question's key points."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from bot.bank import KeyPoint, Question
from bot.text_normalize import (
    FUZZY_TEXT_LIMIT,
    Term,
    exact_spans,
    fuzzy_span,
    gapped_span,
    meaningful_size,
    negated_before,
    normalize,
    terms,
)

__all__ = ["PointResult", "Verdict", "grade", "normalize", "verdict_to_dict"]

CAP_TOO_SHORT, CAP_COPIED, CAP_KEYWORDS = 30, 10, 60
TOO_SHORT_SIZE = 12
COPY_SIMILARITY = 85.0


@dataclass(frozen=True)
class PointResult:
    key_point_id: str
    label: str
    label_en: str
    hit: bool
    matched: str
    alias: str
    similarity: float
    cancelled_by: str
    weight: float


@dataclass(frozen=True)
class Verdict:
    question_id: str
    score: int
    hits: tuple[PointResult, ...]
    misses: tuple[PointResult, ...]
    notes: tuple[str, ...]
    cap: int | None


@dataclass(frozen=True)
class _Point:
    kp: KeyPoint
    aliases: tuple[Term, ...]
    confused: tuple[Term, ...]
    near: tuple[Term, ...]  # the aliases that may also match fuzzily or with gaps


@dataclass(frozen=True)
class _Prepared:
    points: tuple[_Point, ...]
    titles: tuple[str, ...]
    denominator: float


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    similarity: float
    alias: str
    cancelled_by: str


# Keyed by object identity: hashing a frozen Question walks every key point and alias, which
# costs more than grading a short answer. The entry keeps the question alive, so ids stay unique.
_PREPARED: dict[int, tuple[Question, _Prepared]] = {}
_PREPARED_MAX = 4096


def _prepare(question: Question) -> _Prepared:
    entry = _PREPARED.get(id(question))
    if entry is not None and entry[0] is question:
        return entry[1]
    if len(_PREPARED) >= _PREPARED_MAX:
        _PREPARED.clear()
    prepared = _build(question)
    _PREPARED[id(question)] = (question, prepared)
    return prepared


def _only_point(prepared: _Prepared, point_id: str) -> _Prepared:
    chosen = tuple(p for p in prepared.points if p.kp.id == point_id)
    if not chosen:
        raise KeyError(f"no key point {point_id!r}")
    return _Prepared(chosen, prepared.titles, chosen[0].kp.weight or 1.0)


def _point(kp: KeyPoint) -> _Point:
    aliases = terms(kp.aliases)
    near = tuple(t for t in aliases if t.fuzzy or t.gapped is not None)
    return _Point(kp, aliases, terms(kp.confused_with), near)


def _build(question: Question) -> _Prepared:
    points = tuple(_point(kp) for kp in question.key_points)
    weights = sorted((kp.weight for kp in question.key_points), reverse=True)
    k = question.full_marks_at or len(weights)
    titles = tuple(t for t in (normalize(question.title), normalize(question.title_en)) if t)
    return _Prepared(points, titles, sum(weights[:k]) or 1.0)


# --- matching ---------------------------------------------------------------------------------
def _confused_at(point: _Point, text: str, start: int, end: int, similarity: float) -> bool:
    """True when a confused_with term matches at least as well where the alias matched."""
    for term in point.confused:
        for s, e in exact_spans(term, text):
            overlaps = s < end and e > start
            if overlaps and (s < start or e > end or similarity < 100.0):
                return True
        if similarity < 100.0 and term.fuzzy:
            lo = max(0, start - len(term.text))
            region = text[lo : end + len(term.text)]
            al = fuzz.partial_ratio_alignment(
                term.text, region, processor=None, score_cutoff=similarity
            )
            if al is not None and lo + al.dest_start < end and lo + al.dest_end > start:
                return True
    return False


def _check(point: _Point, text: str, start: int, end: int, sim: float, alias: str) -> _Candidate:
    reason = ""
    if negated_before(text, start, end):
        reason = "negation"
    elif point.confused and _confused_at(point, text, start, end, sim):
        reason = "confused_with"
    return _Candidate(start, end, sim, alias, reason)


def _match_point(point: _Point, text: str, fuzzy_text: str, chars: set[str]) -> PointResult:
    cancelled: _Candidate | None = None
    best: _Candidate | None = None
    for term in point.aliases:
        if term.pattern is None and term.text not in text:
            continue  # the cheap common case, before any call
        for s, e in exact_spans(term, text):
            cand = _check(point, text, s, e, 100.0, term.raw)
            if not cand.cancelled_by:
                return _result(point.kp, text, cand)
            cancelled = cancelled or cand
    for term in point.near:
        found = fuzzy_span(term, fuzzy_text, chars) if term.fuzzy else None
        gap = gapped_span(term, fuzzy_text) if term.gapped is not None else None
        if gap is not None and (found is None or gap[2] > found[2]):
            found = gap
        if found is None or (best is not None and found[2] <= best.similarity):
            continue
        cand = _check(point, fuzzy_text, *found, term.raw)
        if cand.cancelled_by:
            cancelled = cancelled or cand
        else:
            best = cand
    return _result(point.kp, text, best or cancelled)


def _result(kp: KeyPoint, text: str, cand: _Candidate | None) -> PointResult:
    hit = cand is not None and not cand.cancelled_by
    return PointResult(
        key_point_id=kp.id,
        label=kp.label,
        label_en=kp.label_en,
        hit=hit,
        matched=text[cand.start : cand.end] if cand and hit else "",
        alias=cand.alias if cand and hit else "",
        similarity=round(cand.similarity, 1) if cand else 0.0,
        cancelled_by=cand.cancelled_by if cand else "",
        weight=kp.weight,
    )


# --- caps -------------------------------------------------------------------------------------
_FRAGMENT_SPLIT = re.compile(r"[\s,，、;；。.!?！？:：/|+&()（）\[\]【】*•·-]+")
_EN_FUNCTION_WORDS = frozenset(
    ("is", "are", "was", "be", "the", "a", "an", "to", "of", "by", "it", "and", "or", "because",
     "which", "that", "this", "we", "uses", "use", "so", "for", "in", "on", "with", "can", "will",
     "when", "than", "into", "then")
)  # fmt: skip
# Particles, verbs and prepositions that make a sentence; enumeration words (和, 与, 或, 等)
# are left out because a bare list uses them too. Erring towards "sentence" keeps real answers
# uncapped.
_ZH_FUNCTION_WORDS = re.compile(
    "[的是了会把被在对让使用来做有要能将给从到时如即并且也都就还再才又而但因所通需里]"
)


def _is_keyword_list(answer: str) -> bool:
    """Many short fragments and no sentence structure: "QKV, softmax, 缩放, 多头"."""
    raw = unicodedata.normalize("NFKC", answer).lower()
    if _ZH_FUNCTION_WORDS.search(raw):
        return False
    fragments = [f for f in _FRAGMENT_SPLIT.split(raw) if f]
    if len(fragments) < 3 or not _EN_FUNCTION_WORDS.isdisjoint(fragments):
        return False
    total = 0
    for fragment in fragments:
        size = meaningful_size(fragment)
        if size > 10:
            return False
        total += size
    return total <= 6 * len(fragments)


def _is_copy(text: str, titles: tuple[str, ...]) -> bool:
    for title in titles:
        if len(text) > 2 * len(title) + 40:
            continue  # far too much beyond the title to be a copy; skip the alignment
        if len(text) <= len(title):
            if fuzz.ratio(text, title, processor=None) > COPY_SIMILARITY:
                return True
            continue
        al = fuzz.partial_ratio_alignment(
            title, text, processor=None, score_cutoff=COPY_SIMILARITY
        )
        if al is not None:
            rest = text[: al.dest_start] + text[al.dest_end :]
            if meaningful_size(rest) < TOO_SHORT_SIZE:
                return True
    return False


def _caps(
    answer: str, text: str, question: Question, prepared: _Prepared
) -> tuple[list[str], int | None]:
    notes: list[str] = []
    caps: list[int] = []
    if _is_copy(text, prepared.titles):
        notes.append("copied_question")
        caps.append(CAP_COPIED)
    if meaningful_size(text[:200]) < TOO_SHORT_SIZE:
        notes.append("too_short")
        caps.append(CAP_TOO_SHORT)
    if _is_keyword_list(answer):
        notes.append("keyword_list")
        caps.append(CAP_KEYWORDS)
    if question.kind == "open":
        notes.append("open_question")
    return notes, min(caps) if caps else None


def grade(answer: str, question: Question, *, point: str | None = None) -> Verdict:
    """Grade one answer; the same input always gives the same verdict.

    With `point`, only that key point counts and it alone gives full marks (a follow-up answer);
    the question's compiled aliases are reused rather than compiling a one-point copy each time.
    """
    prepared = _prepare(question)
    if point is not None:
        prepared = _only_point(prepared, point)
    text = normalize(answer)
    if not any(ch.isalnum() for ch in text):
        misses = tuple(_result(p.kp, "", None) for p in prepared.points)
        notes = ("empty", "open_question") if question.kind == "open" else ("empty",)
        return Verdict(question.id, 0, (), misses, notes, 0)
    fuzzy_text = text[:FUZZY_TEXT_LIMIT]
    chars = set(fuzzy_text)
    results = [_match_point(p, text, fuzzy_text, chars) for p in prepared.points]
    share = 100.0 * sum(r.weight for r in results if r.hit) / prepared.denominator
    # Half up; the epsilon keeps a share like 100 * 0.7 / 1.4 = 49.99999… at 50.
    score = min(100, math.floor(share + 0.5 + 1e-9))
    notes, cap = _caps(answer, text, question, prepared)
    if cap is not None:
        score = min(score, cap)
    return Verdict(
        question_id=question.id,
        score=score,
        hits=tuple(r for r in results if r.hit),
        misses=tuple(r for r in results if not r.hit),
        notes=tuple(notes),
        cap=cap,
    )


def _point_dict(r: PointResult) -> dict[str, Any]:
    return {
        "id": r.key_point_id,
        "label": r.label,
        "matched": r.matched,
        "alias": r.alias,
        "similarity": r.similarity,
        "cancelled_by": r.cancelled_by,
    }


def verdict_to_dict(v: Verdict) -> dict[str, Any]:
    return {
        "question_id": v.question_id,
        "score": v.score,
        "hits": [_point_dict(r) for r in v.hits],
        "misses": [_point_dict(r) for r in v.misses],
        "notes": list(v.notes),
    }
