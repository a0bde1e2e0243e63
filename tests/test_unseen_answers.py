"""Answers nobody on the team wrote the content for: good ones pass, partial ones land in the
middle, wrong ones stay low."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.bank import Question, load_bank
from bot.grading import grade

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "tests" / "data" / "unseen_answers"
GOOD_MIN, WRONG_MAX, PARTIAL_MIN = 70, 39, 40
QUESTIONS: dict[str, Question] = {q.id: q for q in load_bank(ROOT / "content").questions}


@dataclass(frozen=True)
class Case:
    question_id: str
    answer: str
    min_score: int | None
    max_score: int | None
    hits: tuple[str, ...]
    not_hits: tuple[str, ...]


TABLES: list[dict[str, Any]] = [
    tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted(CASES_DIR.glob("*.toml"))
]


def _load_cases() -> list[Case]:
    cases: list[Case] = []
    for table in TABLES:
        for raw in table["case"]:
            cases.append(
                Case(
                    raw["q"],
                    raw["answer"],
                    raw.get("min"),
                    raw.get("max"),
                    tuple(raw.get("hits", ())),
                    tuple(raw.get("not_hits", ())),
                )
            )
    return cases


CASES = _load_cases()
# (question id, key point id, one sentence): phrasings the spot checks flagged, and cautions
# said with a negation, each of which must earn its point on its own
PHRASES = [(r["q"], r["point"], r["text"]) for t in TABLES for r in t.get("phrase", ())]
GOOD = [c for c in CASES if c.max_score is None]
WRONG = [c for c in CASES if c.min_score is None]
# Right but incomplete: a terse list of two or three points, or a keyword dump (capped at 60).
PARTIAL = [c for c in CASES if c.min_score is not None and c.max_score is not None]


def _param(case: Case, n: int) -> pytest.ParameterSet:
    return pytest.param(case, id=f"{case.question_id}-{n}")


def _params(cases: list[Case]) -> list[pytest.ParameterSet]:
    return [_param(c, n) for n, c in enumerate(cases)]


def test_every_question_has_a_good_zh_and_en_answer() -> None:
    def has_cjk(text: str) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in text)

    tracks = {p.stem for p in CASES_DIR.glob("*.toml")}
    assert tracks == {q.track for q in QUESTIONS.values()}, "one case file per track"
    wanted = set(QUESTIONS)
    zh = {c.question_id for c in GOOD if has_cjk(c.answer)}
    en = {c.question_id for c in GOOD if not has_cjk(c.answer)}
    assert not wanted - zh, f"no good Chinese answer for {sorted(wanted - zh)}"
    assert not wanted - en, f"no good English answer for {sorted(wanted - en)}"
    assert len(WRONG) * 4 >= len(wanted), "about a third of the questions need a wrong answer"


def test_cases_are_well_formed() -> None:
    for case in CASES:
        assert case.question_id in QUESTIONS, f"unknown question {case.question_id}"
        assert case.min_score is not None or case.max_score is not None, case
        point_ids = {kp.id for kp in QUESTIONS[case.question_id].key_points}
        unknown = set(case.hits + case.not_hits) - point_ids
        assert not unknown, f"{case.question_id}: unknown key points {sorted(unknown)}"
        if case.max_score is None:
            assert case.min_score is not None and case.min_score >= GOOD_MIN and case.hits, case
        elif case.min_score is None:
            assert case.max_score <= WRONG_MAX, case
        else:
            assert case.min_score >= PARTIAL_MIN and case.max_score < GOOD_MIN and case.hits, case


@pytest.mark.parametrize("case", _params(GOOD))
def test_good_answer_scores_well_and_hits_what_it_says(case: Case) -> None:
    verdict = grade(case.answer, QUESTIONS[case.question_id])
    hit = {r.key_point_id for r in verdict.hits}
    assert verdict.score >= (case.min_score or 0), (verdict.score, sorted(hit))
    assert set(case.hits) <= hit, f"missed {sorted(set(case.hits) - hit)}"


@pytest.mark.parametrize("case", _params(WRONG))
def test_wrong_answer_stays_low_and_misses_the_confused_point(case: Case) -> None:
    verdict = grade(case.answer, QUESTIONS[case.question_id])
    hit = {r.key_point_id for r in verdict.hits}
    assert verdict.score <= (case.max_score or 0), (verdict.score, sorted(hit))
    assert not set(case.not_hits) & hit, f"hit {sorted(set(case.not_hits) & hit)}"


@pytest.mark.parametrize("case", _params(PARTIAL))
def test_partial_answer_scores_in_the_middle(case: Case) -> None:
    verdict = grade(case.answer, QUESTIONS[case.question_id])
    hit = {r.key_point_id for r in verdict.hits}
    assert (case.min_score or 0) <= verdict.score <= (case.max_score or 100), (verdict.score, hit)
    assert set(case.hits) <= hit, f"missed {sorted(set(case.hits) - hit)}"


@pytest.mark.parametrize(("question_id", "point", "text"), PHRASES)
def test_a_flagged_phrasing_earns_its_point(question_id: str, point: str, text: str) -> None:
    """E.g. "don't use assert to validate input" states the point; the negation guard keeps it."""
    verdict = grade(text, QUESTIONS[question_id])
    assert point in {r.key_point_id for r in verdict.hits}, verdict.misses
