"""Logging: plain text or one JSON object per line; libraries that print tokens are quietened."""

from __future__ import annotations

import json
import logging
import sys

from bot.config import LoggingSection

# httpx logs every request URL at INFO, and Telegram URLs contain the bot token.
QUIET = {
    name: logging.WARNING
    for name in ("httpx", "httpcore", "apscheduler", "discord", "aiosqlite", "telegram")
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update(getattr(record, "fields", {}))
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def setup_logging(section: LoggingSection) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if section.format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(section.level.upper())
    for name, level in QUIET.items():
        logging.getLogger(name).setLevel(max(level, root.level))
