"""Command line: run the bot, the console, grading, content tools and database upgrades."""

from bot.cli import main

raise SystemExit(main())
