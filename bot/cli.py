"""The interview-bot command line; a failure is one clear line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.app import App, StartupError, build_core, open_database
from bot.bank import ContentError
from bot.config import Config, ConfigError, LoggingSection, load_config
from bot.core.ports import SystemClock
from bot.logging_setup import setup_logging
from bot.storage.database import Database


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="interview-bot", description="Mock-interview bot")
    p.add_argument("--config", type=Path, default=Path("config.toml"), help="TOML config file")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="run on every configured platform (console if none)")
    sub.add_parser("console", help="run in this terminal only")
    g = sub.add_parser("grade", help="grade an answer read from stdin against a question")
    g.add_argument("question_id", nargs="?")
    g.add_argument("--json", action="store_true", help="print the verdict as JSON")
    g.add_argument("--batch", type=Path, help='JSONL file of {"question_id", "answer"} lines')
    content = sub.add_parser("content", help="question bank tools").add_subparsers(dest="action")
    check = content.add_parser("check", help="validate content files")
    check.add_argument("directory", nargs="?", type=Path)
    listing = content.add_parser("list", help="list questions")
    listing.add_argument("--json", action="store_true")
    stats = content.add_parser("stats", help="per-track figures and the grading self-check")
    stats.add_argument("--seeds", type=Path, help="seed articles folder for the self-check")
    export = content.add_parser("export", help="write the database's bank as TOML files")
    export.add_argument("directory", type=Path)
    export.add_argument("--track", default="", help="only this track")
    diff = content.add_parser("diff", help="where content files and the database differ")
    diff.add_argument("directory", nargs="?", type=Path)
    db = sub.add_parser("db", help="database tools").add_subparsers(dest="action")
    db.add_parser("upgrade", help="apply migrations")
    copy = db.add_parser("copy", help="copy every table into an empty database")
    copy.add_argument("source_url", help="e.g. sqlite+aiosqlite:///data/interview-bot.sqlite3")
    copy.add_argument("target_url", help="e.g. postgresql+asyncpg://bot:secret@db/bot")
    daily = sub.add_parser("daily", help="daily questions").add_subparsers(dest="action")
    daily.add_parser("status", help="deliveries per day by state, oldest pending delivery")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        config = load_config(args.config)
        command = args.command or "run"
        quiet = command != "run" or not (config.telegram.token or config.discord.token)
        level = (
            "WARNING" if quiet and config.logging.level.upper() == "INFO" else config.logging.level
        )
        setup_logging(LoggingSection(level=level, format=config.logging.format))
        return asyncio.run(_dispatch(args, config, command))
    except (ConfigError, StartupError, ContentError) as exc:
        print(f"interview-bot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


async def _dispatch(args: argparse.Namespace, config: Config, command: str) -> int:
    from bot import cli_tools

    if command in ("run", "console"):
        await App(config, console=command == "console").run()
        return 0
    if command == "content" and args.action == "check":
        return cli_tools.content_check(args.directory or Path(config.bot.content_dir))
    if command == "db" and args.action == "copy":
        return await cli_tools.database_copy(args.source_url, args.target_url)
    if command == "daily" and args.action == "status":
        from bot.daily_cli import status

        return await status(config)
    if command == "db" and args.action == "upgrade":
        database = await open_database(config)
        await database.dispose()
        print("database is up to date")
        return 0
    database = await open_database(config)
    if command == "content" and args.action in ("export", "diff"):
        return await _content_io(args, config, database)
    try:
        core = await build_core(config, database, SystemClock())
        return await cli_tools.run(args, command, core)
    finally:
        await database.dispose()


async def _content_io(args: argparse.Namespace, config: Config, database: Database) -> int:
    """Export and diff read the database as it is: no file sync first."""
    from bot import content_cli

    try:
        if args.action == "export":
            return await content_cli.export_command(database, args.directory, args.track)
        return await content_cli.diff_command(
            database, args.directory or Path(config.bot.content_dir)
        )
    finally:
        await database.dispose()
