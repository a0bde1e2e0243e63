"""Pure, deterministic grading of a free-text answer against a question's key points."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from bot.bank import KeyPoint, Question
from bot.text_normalize import CJK_CHAR, is_ascii_alnum, meaningful_size, normalize

__all__ = ["PointResult", "Verdict", "grade", "normalize", "verdict_to_dict"]

# Fuzzy thresholds (partial_ratio, 0..100). CJK carries more meaning per character, so one
# wrong character in a short CJK term is a different term (批归一化 vs 层归一化 scores 75);
# English phrases tolerate a typo or a missing hyphen. Below the minimum length only exact
# matches count.
CJK_THRESHOLD = 85.0
ASCII_THRESHOLD = 88.0
CJK_FUZZY_MIN_LEN = 5
ASCII_FUZZY_MIN_LEN = 6
EXACT_ONLY_MAX_LEN = 2
# Short ASCII aliases must stand as a word: "l2" not in "l23", "gan" not in "organ".
BOUNDARY_MAX_LEN = 4
FUZZY_TEXT_LIMIT = 4000  # bounds the fuzzy work on very long answers; exact search still sees all
MAX_OCCURRENCES = 16

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
class _Term:
    """One normalised alias or confused_with term with its matching rules."""

    raw: str
    text: str
    pattern: re.Pattern[str] | None  # word-bounded regex for short ASCII terms
    fuzzy: bool
    threshold: float
    chars: frozenset[str]
    max_missing: int


@dataclass(frozen=True)
class _Point:
    kp: KeyPoint
    aliases: tuple[_Term, ...]
    confused: tuple[_Term, ...]


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


def _make_term(raw: str) -> _Term | None:
    text = normalize(raw)
    if not text:
        return None
    has_cjk = CJK_CHAR.search(text) is not None
    pattern = None
    if not has_cjk and len(text) <= BOUNDARY_MAX_LEN:
        left = r"(?<![a-z0-9])" if is_ascii_alnum(text[0]) else ""
        right = r"(?:s)?(?![a-z0-9])" if is_ascii_alnum(text[-1]) else ""
        pattern = re.compile(left + re.escape(text) + right)
    min_len = CJK_FUZZY_MIN_LEN if has_cjk else ASCII_FUZZY_MIN_LEN
    threshold = CJK_THRESHOLD if has_cjk else ASCII_THRESHOLD
    fuzzy = len(text) >= max(min_len, EXACT_ONLY_MAX_LEN + 1)
    # A window scoring >= threshold shares that share of the term's characters with the answer.
    max_missing = math.floor(len(text) * (100.0 - threshold) / 100.0) + 1
    return _Term(raw, text, pattern, fuzzy, threshold, frozenset(text), max_missing)


def _terms(raws: tuple[str, ...]) -> tuple[_Term, ...]:
    seen: dict[str, _Term] = {}
    for raw in raws:
        term = _make_term(raw)
        if term is not None and term.text not in seen:
            seen[term.text] = term
    return tuple(seen.values())


@lru_cache(maxsize=4096)
def _prepare(question: Question) -> _Prepared:
    points = tuple(
        _Point(kp, _terms(kp.aliases), _terms(kp.confused_with)) for kp in question.key_points
    )
    weights = sorted((kp.weight for kp in question.key_points), reverse=True)
    k = question.full_marks_at or len(weights)
    titles = tuple(t for t in (normalize(question.title), normalize(question.title_en)) if t)
    return _Prepared(points, titles, sum(weights[:k]) or 1.0)


# --- negation ---------------------------------------------------------------------------------
# Words that contain a negation character but do not negate, conditionals ("if it were not
# scaled…" argues for the point) and double negation; masked before looking for cues.
_NOT_NEGATING = [
    "不仅", "不同", "不断", "不少", "不错", "不止", "不但", "不光", "不过", "不管", "不论",
    "不可或缺", "不得不", "不是不", "并非不", "不会不", "无论", "非常", "除非", "非得", "未来",
    "如果不", "如果没有", "如果没", "若不", "若没有", "假如不", "假如没有", "要是不", "要是没有",
    "一旦没有", "否则", "not only", "not just", "no matter", "if not", "if no",
]  # fmt: skip
_MASK = re.compile("|".join(re.escape(normalize(w)) for w in sorted(_NOT_NEGATING, key=len)[::-1]))
_ZH_CUE = re.compile("不需要|不是|不会|不用|无需|无须|并非|没有|不|没|非|未")
_EN_CUES = frozenset(
    ("not", "no", "never", "without", "isnt", "doesnt", "dont", "cannot", "cant", "wont",
     "arent", "didnt", "neither", "nor")
)  # fmt: skip
_ZH_GAP, _EN_WORDS, _WINDOW = 3, 3, 24


def _negated(text: str, start: int) -> bool:
    """A negation cue shortly before `start`, inside the same clause, cancels the match there."""
    clause_start = text.rfind(",", 0, start) + 1
    lo = max(clause_start, start - _WINDOW)
    window = _MASK.sub(lambda m: "_" * len(m.group()), text[lo:start])
    for cue in _ZH_CUE.finditer(window):
        if len(window) - cue.end() <= _ZH_GAP:
            return True
    words = re.findall(r"[a-z]+", window)
    return any(w in _EN_CUES for w in words[-_EN_WORDS:])


# --- matching ---------------------------------------------------------------------------------
def _exact_spans(term: _Term, text: str) -> list[tuple[int, int]]:
    if term.pattern is not None:
        return [m.span() for m in term.pattern.finditer(text)][:MAX_OCCURRENCES]
    spans: list[tuple[int, int]] = []
    pos = text.find(term.text)
    while pos != -1 and len(spans) < MAX_OCCURRENCES:
        spans.append((pos, pos + len(term.text)))
        pos = text.find(term.text, pos + 1)
    return spans


def _fuzzy_span(term: _Term, text: str, chars: set[str]) -> tuple[int, int, float] | None:
    if not term.fuzzy or len(text) < len(term.text) or len(term.chars - chars) > term.max_missing:
        return None
    al = fuzz.partial_ratio_alignment(term.text, text, processor=None, score_cutoff=term.threshold)
    if al is None or al.dest_end - al.dest_start < len(term.text) * 0.75:
        return None
    return al.dest_start, al.dest_end, al.score


def _confused_at(point: _Point, text: str, start: int, end: int, similarity: float) -> bool:
    """True when a confused_with term matches at least as well where the alias matched."""
    for term in point.confused:
        for s, e in _exact_spans(term, text):
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
    if _negated(text, start):
        reason = "negation"
    elif point.confused and _confused_at(point, text, start, end, sim):
        reason = "confused_with"
    return _Candidate(start, end, sim, alias, reason)


def _match_point(point: _Point, text: str, fuzzy_text: str, chars: set[str]) -> PointResult:
    cancelled: _Candidate | None = None
    best: _Candidate | None = None
    for term in point.aliases:
        for s, e in _exact_spans(term, text):
            cand = _check(point, text, s, e, 100.0, term.raw)
            if not cand.cancelled_by:
                return _result(point.kp, text, cand)
            cancelled = cancelled or cand
    for term in point.aliases:
        found = _fuzzy_span(term, fuzzy_text, chars)
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
_ZH_FUNCTION_WORDS = re.compile(
    "是|的|了|会|把|被|通过|因为|所以|可以|然后|就|而|用于|使得|能够|需要"
)


def _is_copy(text: str, titles: tuple[str, ...]) -> bool:
    for title in titles:
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


def _is_keyword_list(answer: str) -> bool:
    """Many short fragments and no sentence structure: "QKV, softmax, 缩放, 多头"."""
    raw = unicodedata.normalize("NFKC", answer).lower()
    fragments = [f for f in _FRAGMENT_SPLIT.split(raw) if f]
    if len(fragments) < 3 or _ZH_FUNCTION_WORDS.search(raw):
        return False
    if any(w in _EN_FUNCTION_WORDS for w in fragments):
        return False
    sizes = [meaningful_size(normalize(f)) for f in fragments]
    return max(sizes) <= 10 and sum(sizes) <= 6 * len(sizes)


def _caps(
    answer: str, text: str, question: Question, prepared: _Prepared
) -> tuple[list[str], int | None]:
    notes: list[str] = []
    caps: list[int] = []
    if _is_copy(text, prepared.titles):
        notes.append("copied_question")
        caps.append(CAP_COPIED)
    if meaningful_size(text) < TOO_SHORT_SIZE:
        notes.append("too_short")
        caps.append(CAP_TOO_SHORT)
    if _is_keyword_list(answer):
        notes.append("keyword_list")
        caps.append(CAP_KEYWORDS)
    if question.kind == "open":
        notes.append("open_question")
    return notes, min(caps) if caps else None


def grade(answer: str, question: Question) -> Verdict:
    """Grade one answer; the same input always gives the same verdict."""
    prepared = _prepare(question)
    text = normalize(answer)
    if not any(ch.isalnum() for ch in text):
        misses = tuple(_result(p.kp, "", None) for p in prepared.points)
        notes = ("empty", "open_question") if question.kind == "open" else ("empty",)
        return Verdict(question.id, 0, (), misses, notes, 0)
    fuzzy_text = text[:FUZZY_TEXT_LIMIT]
    chars = set(fuzzy_text)
    results = [_match_point(p, text, fuzzy_text, chars) for p in prepared.points]
    got = sum(r.weight for r in results if r.hit)
    score = min(100, math.floor(100.0 * got / prepared.denominator + 0.5))
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
