"""Command-line tools over a running catalog: grading, content listing, checks and statistics."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.bank import ContentError, load_bank
from bot.catalog import Catalog
from bot.core.dispatcher import Core
from bot.grading import grade, verdict_to_dict

MAX_CLI_ANSWER = 100_000


def content_check(directory: Path) -> int:
    try:
        bank = load_bank(directory)
    except ContentError as exc:
        print(f"{len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    points = sum(len(q.key_points) for q in bank.questions)
    print(f"ok: {len(bank.tracks)} tracks, {len(bank.questions)} questions, {points} key points")
    return 0


async def run(args: argparse.Namespace, command: str, core: Core) -> int:
    catalog = core.catalog
    if command == "grade":
        return grade_command(args, catalog)
    if command == "content" and args.action == "list":
        return content_list(catalog, as_json=args.json)
    if command == "content" and args.action == "stats":
        return content_stats(catalog, args.seeds)
    print("interview-bot: nothing to do; see --help", file=sys.stderr)
    return 2


def grade_command(args: argparse.Namespace, catalog: Catalog) -> int:
    if args.batch is not None:
        return grade_batch(args.batch, catalog)
    if not args.question_id:
        print("interview-bot grade: give a QUESTION_ID or --batch FILE", file=sys.stderr)
        return 2
    question = catalog.question(args.question_id)
    if question is None:
        print(f"interview-bot grade: no question {args.question_id!r}", file=sys.stderr)
        return 2
    answer = sys.stdin.read(MAX_CLI_ANSWER + 1)
    if len(answer) > MAX_CLI_ANSWER:
        print(f"interview-bot grade: answer over {MAX_CLI_ANSWER} characters", file=sys.stderr)
        return 2
    verdict = grade(answer, question)
    if args.json:
        print(json.dumps(verdict_to_dict(verdict), ensure_ascii=False))
        return 0
    print(f"{question.id}: {question.title}")
    print(f"score {verdict.score}/100")
    for hit in verdict.hits:
        print(f"  ✓ {hit.label}  [{hit.matched}]")
    for miss in verdict.misses:
        reason = f"  ({miss.cancelled_by})" if miss.cancelled_by else ""
        print(f"  ✗ {miss.label}{reason}")
    for note in verdict.notes:
        print(f"  note: {note}")
    return 0


def grade_batch(path: Path, catalog: Catalog) -> int:
    """One JSON verdict per input line, in order; a bad line gets an error object, not a crash."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"interview-bot grade: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    failures = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question = catalog.question(str(item["question_id"]))
            if question is None:
                raise KeyError(f"no question {item['question_id']!r}")
            result = verdict_to_dict(grade(str(item["answer"]), question))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            failures += 1
            result = {"line": number, "error": str(exc)}
        print(json.dumps(result, ensure_ascii=False))
    return 1 if failures else 0


async def database_copy(source_url: str, target_url: str) -> int:
    from bot.storage.copy import CopyError, copy_database

    try:
        counts = await copy_database(source_url, target_url)
    except CopyError as exc:
        print(f"interview-bot db copy: {exc}", file=sys.stderr)
        return 1
    for count in counts:
        print(f"{count.table:<24}{count.rows:>10} rows")
    print(f"copied {sum(c.rows for c in counts)} rows in {len(counts)} tables")
    return 0


def content_list(catalog: Catalog, *, as_json: bool) -> int:
    rows = [
        {"id": q.id, "track": q.track, "title": q.title, "key_points": len(q.key_points)}
        for q in catalog.bank.questions
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        print(f"{row['id']:<36} {row['track']:<18} {row['key_points']:>2}  {row['title']}")
    return 0


def content_stats(catalog: Catalog, seeds: Path | None) -> int:
    from bot.content_stats import format_stats, track_stats
    from bot.seeds import seed_passages

    passages = seed_passages(seeds) if seeds else None
    print(format_stats(track_stats(catalog.bank, passages)))
    if passages is None:
        print("(own text = each question's model answer; --seeds DIR grades the seed passages)")
    return 0
