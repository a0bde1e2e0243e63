"""Grading speed over the shipped bank: p50/p99 per answer and answers per second, by length."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.bank import ContentError, KeyPoint, Question, load_bank  # noqa: E402
from bot.grading import grade  # noqa: E402

FILLER = (
    "我在项目里用过这个方法,效果还可以。",
    "面试的时候我会先讲整体思路,再讲细节。",
    "这个问题还需要结合具体业务场景来看。",
    "In practice the details depend on the data and the hardware.",
    "另外,训练和推理阶段的做法可能不太一样,需要分别考虑。",
    "总的来说,这是一个在工程上很常见的问题。",
)
LENGTHS = (50, 300, 2000)
SEED = 20240624


def build_answer(rng: random.Random, source: str, length: int) -> str:
    """Deterministic answer of about `length` characters: pieces of `source` mixed with filler."""
    pieces = [p for p in source.replace("。", "。\n").splitlines() if p.strip()] or [source]
    out = ""
    while len(out) < length:
        out += rng.choice(pieces) if rng.random() < 0.6 else rng.choice(FILLER)
    return out[:length]


def time_one(answer: str, question: Question, reps: int) -> list[int]:
    grade(answer, question)  # warm the per-question cache, as in a running bot
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        grade(answer, question)
        samples.append(time.perf_counter_ns() - t0)
    return samples


def percentile(sorted_ns: list[int], p: float) -> int:
    return sorted_ns[min(len(sorted_ns) - 1, int(p / 100 * len(sorted_ns)))]


def fmt(ns: float) -> str:
    return f"{ns / 1000:.0f} µs" if ns < 1_000_000 else f"{ns / 1_000_000:.2f} ms"


def eight_point_question(questions: tuple[Question, ...]) -> Question:
    """A shipped question with 8 key points, or one assembled from shipped key points."""
    for q in questions:
        if len(q.key_points) == 8:
            return q
    points: list[KeyPoint] = []
    for q in questions:
        for kp in q.key_points:
            if len(points) < 8 and kp.id not in {p.id for p in points}:
                points.append(kp)
    base = max(questions, key=lambda q: len(q.key_points))
    return Question(id="bench-8kp", track=base.track, title=base.title, answer=base.answer,
                    key_points=tuple(points))  # fmt: skip


def run(content: Path, reps: int) -> None:
    bank = load_bank(content)
    rng = random.Random(SEED)
    rows: list[tuple[str, int, list[int]]] = []
    for length in LENGTHS:
        samples: list[int] = []
        for q in bank.questions:
            answer = build_answer(rng, q.answer, length)
            samples.extend(time_one(answer, q, reps))
        rows.append((f"~{length} chars, whole bank", len(bank.questions), samples))
    q8 = eight_point_question(bank.questions)
    answers = [build_answer(rng, q8.answer, 300) for _ in range(20)]
    samples = [s for a in answers for s in time_one(a, q8, reps)]
    rows.append((f"300 chars vs 8 key points ({q8.id})", 1, samples))

    print(f"bank: {len(bank.questions)} questions in {len(bank.tracks)} tracks; {reps} reps each")
    header = f"{'case':52} {'questions':>9} {'p50':>9} {'p99':>9} {'answers/s':>10}"
    print(header)
    print("-" * len(header))
    for name, n, ns in rows:
        ns.sort()
        per_sec = 1e9 / statistics.fmean(ns)
        print(
            f"{name:52} {n:>9} {fmt(percentile(ns, 50)):>9} {fmt(percentile(ns, 99)):>9} "
            f"{per_sec:>10,.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    try:
        run(args.content, args.reps)
    except ContentError as exc:
        sys.exit(f"content does not load:\n{exc}")


if __name__ == "__main__":
    main()
