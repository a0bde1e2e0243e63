"""Quality gate for content/: seed passages grade high on their own question, aliases really hit."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from bot.bank import (
    MAX_ANSWER_CHARS,
    Bank,
    ContentError,
    KeyPoint,
    Question,
    Track,
    load_bank,
    load_track_file,
)
from bot.content_stats import format_stats, gradable, own_text, track_stats
from bot.grading import grade, normalize
from bot.seeds import TRACK_NAMES, repair_seed_004, seed_passages

CONTENT = Path(__file__).resolve().parents[1] / "content"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_COUNTS = {0: 16, 1: 14, 2: 16, 3: 15, 4: 14}
ALL_SEED_IDS = frozenset(
    f"S{s:03d}-Q{k:02d}" for s, n in SEED_COUNTS.items() for k in range(1, n + 1)
)
OWN_MIN, CROSS_MEAN_MAX = 70, 25
AI_VIDEO = "AI视频基础"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


def _load() -> tuple[Bank, str]:
    """Every content file that loads, so that one broken file does not hide the others' tests."""
    tracks: list[Track] = []
    questions: list[Question] = []
    problems: list[str] = []
    for path in sorted(CONTENT.glob("*.toml")):
        try:
            track, qs = load_track_file(path)
        except ContentError as exc:
            problems.append(str(exc))
            continue
        tracks.append(track)
        questions.extend(qs)
    try:
        load_bank(CONTENT)  # also the checks across files
    except ContentError as exc:
        problems.append(str(exc))
    return Bank(tuple(tracks), tuple(questions)), "\n".join(dict.fromkeys(problems))


BANK, LOAD_ERROR = _load()
QUESTIONS: tuple[Question, ...] = BANK.questions
PASSAGES: dict[str, str] = seed_passages(SEEDS) if SEEDS.is_dir() else {}


def _param(q: Question) -> pytest.ParameterSet:
    # "track:id" so that `-k deep-learning` selects one track and a failure names the question.
    return pytest.param(q, id=f"{q.track}:{q.id}")


SEED_FACTUAL = [_param(q) for q in QUESTIONS if gradable(q) and q.written_from == "seed"]
GRADABLE = [_param(q) for q in QUESTIONS if gradable(q)]
ALL = [_param(q) for q in QUESTIONS]


def _others(q: Question) -> list[Question]:
    return [o for o in QUESTIONS if o.track == q.track and o.id != q.id and gradable(o)]


def _seed_text(q: Question) -> str:
    missing = [s for s in q.seed_ids if s not in PASSAGES]
    assert q.seed_ids, f"{q.id}: written_from = 'seed' but seed_ids is empty"
    assert not missing, f"{q.id}: seed_ids not in the seed catalog: {missing}"
    return own_text(q, PASSAGES)


# --- the bank as a whole ---------------------------------------------------------------------
def test_bank_loads():
    assert not LOAD_ERROR, f"content/ does not load:\n{LOAD_ERROR}"
    assert BANK.questions, "content/ holds no questions"


def test_question_ids_are_unique():
    ids = [q.id for q in QUESTIONS]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_all_eight_seed_tracks_exist():
    assert sorted(t.name for t in BANK.tracks) == sorted(TRACK_NAMES)


def test_ai_video_track_has_at_least_eight_questions():
    track = next((t for t in BANK.tracks if t.name == AI_VIDEO), None)
    assert track is not None, f"no track named {AI_VIDEO}"
    assert len(BANK.in_track(track.key)) >= 8


def test_every_seed_question_is_covered():
    covered = {s for q in QUESTIONS for s in q.seed_ids}
    assert sorted(ALL_SEED_IDS - covered) == []
    assert sorted(covered - ALL_SEED_IDS) == [], "seed_ids that are not in CONTENT.md §2.1"


# --- per question ----------------------------------------------------------------------------
@pytest.mark.parametrize("question", ALL)
def test_question_is_well_formed(question: Question):
    assert len(question.answer) <= MAX_ANSWER_CHARS
    assert len(question.answer_en) <= MAX_ANSWER_CHARS
    for kp in question.key_points:
        assert kp.aliases, f"{kp.id}: no aliases"
        empty = [a for a in kp.aliases if not normalize(a)]
        assert not empty, f"{kp.id}: aliases that are only punctuation: {empty}"


@pytest.mark.parametrize("question", ALL)
def test_every_alias_hits_its_point_in_a_sentence(question: Question):
    failures = []
    for kp in question.key_points:
        for alias in kp.aliases:
            verdict = grade(f"我认为关键在于{alias}。", question)
            if kp.id not in {h.key_point_id for h in verdict.hits}:
                miss = next(m for m in verdict.misses if m.key_point_id == kp.id)
                failures.append(f"{kp.id}: alias {alias!r} ({miss.cancelled_by or 'no match'})")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("question", ALL)
def test_confused_term_alone_does_not_hit_its_point(question: Question):
    failures = []
    for kp in question.key_points:
        for term in kp.confused_with:
            verdict = grade(f"我认为关键在于{term}。", question)
            if kp.id in {h.key_point_id for h in verdict.hits}:
                failures.append(f"{kp.id}: confused_with {term!r} hits the point")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("question", GRADABLE)
def test_model_answer_scores_high_on_its_own_question(question: Question):
    verdict = grade(question.answer, question)
    missed = [m.key_point_id for m in verdict.misses]
    assert verdict.score >= OWN_MIN, f"model answer scores {verdict.score}, misses {missed}"


@needs_seeds
@pytest.mark.parametrize("question", SEED_FACTUAL)
def test_seed_passage_scores_high_on_its_own_question(question: Question):
    verdict = grade(_seed_text(question), question)
    missed = [m.label for m in verdict.misses]
    assert verdict.score >= OWN_MIN, f"own seed passage scores {verdict.score}, misses {missed}"


@needs_seeds
@pytest.mark.parametrize("question", SEED_FACTUAL)
def test_seed_passage_is_specific_to_its_question(question: Question):
    text = _seed_text(question)
    own = grade(text, question).score
    cross = {o.id: grade(text, o).score for o in _others(question)}
    if not cross:
        pytest.skip("the only gradable question of its track")
    above = {qid: s for qid, s in cross.items() if s > own}
    assert statistics.fmean(cross.values()) < CROSS_MEAN_MAX, f"cross scores {cross}"
    assert not above, f"own score {own}, other questions score higher: {above}"


# --- seeds -----------------------------------------------------------------------------------
@needs_seeds
def test_every_seed_question_gets_a_passage():
    assert set(PASSAGES) == ALL_SEED_IDS
    thin = {k: v for k, v in PASSAGES.items() if len(v) < 40}
    assert not thin


@needs_seeds
@pytest.mark.parametrize(
    ("seed_id", "expected"),
    [
        ("S000-Q06", "Self-Attention"),
        ("S001-Q09", "前端压缩"),  # body answers a different question than its TOC entry
        ("S002-Q03", "AnimateDiff"),  # heading of the next question glued to this answer
        ("S002-Q11", "跨平台支持"),
        ("S002-Q14", "PostgreSQL"),  # next track's name glued to the last line
        ("S004-Q07", "继承"),  # repaired from 继续
        ("S004-Q14", "损耗率"),
    ],
)
def test_passage_holds_its_own_answer(seed_id: str, expected: str):
    assert expected in PASSAGES[seed_id]


@needs_seeds
def test_passages_carry_no_boilerplate_or_neighbours():
    text = "\n".join(PASSAGES.values())
    for junk in (
        "推荐阅读",
        "知识星球",
        "Rocky从工业界",
        "AI视觉编推一体机",
        "复制代码",
        "【二】",
    ):
        assert junk not in text, junk
    assert not PASSAGES["S002-Q03"].endswith("异同?")
    assert not PASSAGES["S002-Q14"].endswith("开放性问题")


def test_repair_seed_004_fixes_spun_words_in_order():
    spun = "先容一下Python中的继续(Inheritance)头脑:可以大概处置惩罚HTTP哀求,具有平移稳定性,训练稳固,连续提升,一连可导,适实用于壁纸"
    assert repair_seed_004(spun) == (
        "介绍一下Python中的继承(Inheritance)思想:能够处理HTTP请求,具有平移不变性,训练稳定,持续提升,连续可导,适合用于壁纸"
    )


def test_repair_seed_004_keeps_context_dependent_words():
    genuine = "充分利用多核 CPU,具体步骤如下,已经全部同步,各个部门之间的差别"
    assert repair_seed_004(genuine) == genuine


# --- content_stats ---------------------------------------------------------------------------
def _stats_bank() -> Bank:
    def q(qid: str, answer: str, points: tuple[KeyPoint, ...], **kw: object) -> Question:
        return Question(qid, "dl", f"题目{qid}", answer, points, seed_ids=(f"S000-Q0{qid[-1]}",),
                        **kw)  # type: ignore[arg-type]  # fmt: skip

    relu = q("q1", "ReLU在正区间梯度恒为1,可以缓解梯度消失,计算也简单。",
             (KeyPoint("grad", "梯度为1", ("梯度恒为1",), follow_up="负区间呢?"),
              KeyPoint("vanish", "缓解梯度消失", ("梯度消失",))))  # fmt: skip
    dropout = q("q2", "Dropout在训练时随机丢弃神经元,相当于集成很多子网络,推理时不丢弃。",
                (KeyPoint("random", "随机丢弃", ("随机丢弃", "randomly drop")),))  # fmt: skip
    opinion = q("q3", "开放问题", (KeyPoint("any", "any", ("观点",)),), kind="open")
    return Bank((Track("dl", "深度学习基础"),), (relu, dropout, opinion))


def test_track_stats_counts_and_grades_model_answers():
    (row,) = track_stats(_stats_bank())
    assert (row.track, row.questions, row.key_points, row.aliases, row.follow_ups) == (
        "dl", 3, 4, 5, 1,
    )  # fmt: skip
    assert row.graded == 2  # the open question is not graded
    assert row.own_median == 100
    assert row.cross_mean == 0


def test_track_stats_prefers_seed_passages():
    passages = {
        "S000-Q01": "ReLU在正区间的梯度恒为1,能缓解梯度消失。",
        "S000-Q02": "这段文字没有讲到要点。",
    }
    (row,) = track_stats(_stats_bank(), passages)
    assert row.own_median == 50  # 100 for q1's passage, 0 for q2's
    assert "dl" in format_stats([row])


def test_stats_table_shows_worst_own_score_and_dashes_for_open_only_tracks():
    passages = {"S000-Q01": "ReLU在正区间的梯度恒为1,能缓解梯度消失。", "S000-Q02": "没有要点。"}
    (row,) = track_stats(_stats_bank(), passages)
    assert row.own_min == 0
    open_only = Bank((Track("op", "开放性问题"),), (_stats_bank().questions[2],))
    table = format_stats(track_stats(open_only))
    assert "nan" not in table
    assert table.splitlines()[1].split()[-3:] == ["-", "-", "-"]
