"""Configuration: a TOML file plus environment variables, read into frozen dataclasses."""

from __future__ import annotations

import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The configuration is invalid; the message names the key."""


@dataclass(frozen=True)
class BotSection:
    database_url: str = "sqlite+aiosqlite:///data/interview-bot.sqlite3"
    content_dir: str = "content"
    default_lang: str = "zh"
    default_questions: int = 5
    max_questions: int = 20
    max_answer_chars: int = 4000
    hint_penalty: int = 20
    owners: list[str] = field(default_factory=list)  # "platform:user_id", e.g. "telegram:12345"


@dataclass(frozen=True)
class TelegramSection:
    token: str = ""
    api_url: str = "https://api.telegram.org/bot"
    file_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str = ""
    listen: str = "127.0.0.1"
    port: int = 8443
    secret_token: str = ""
    quiz_seconds: int = 600


@dataclass(frozen=True)
class DiscordSection:
    token: str = ""
    guild_ids: list[int] = field(default_factory=list)
    quiz_seconds: int = 600


@dataclass(frozen=True)
class DailySection:
    default_time: str = "09:00"
    default_timezone: str = "Asia/Shanghai"
    catch_up_hours: int = 6
    reveal_time: str = "21:00"
    batch_size: int = 200
    # Messages per second across all daily sends (Telegram allows about 30); 0 = no pacing.
    max_rate: int = 25
    # A row claimed longer than this by a sender that stopped is recovered (seconds).
    claim_timeout: int = 300


@dataclass(frozen=True)
class LoggingSection:
    level: str = "INFO"
    format: str = "text"  # "text" or "json"
    # Key for the hash that stands for a user in logs; random per process when empty.
    user_hash_salt: str = ""


@dataclass(frozen=True)
class HttpSection:
    """Health and metrics endpoints for load balancers and Prometheus; off when port is 0."""

    listen: str = "127.0.0.1"
    port: int = 0


@dataclass(frozen=True)
class Config:
    bot: BotSection = field(default_factory=BotSection)
    telegram: TelegramSection = field(default_factory=TelegramSection)
    discord: DiscordSection = field(default_factory=DiscordSection)
    daily: DailySection = field(default_factory=DailySection)
    logging: LoggingSection = field(default_factory=LoggingSection)
    http: HttpSection = field(default_factory=HttpSection)


# Secrets and deployment-specific values that the environment overrides.
ENVIRONMENT = {
    "DATABASE_URL": ("bot", "database_url"),
    "CONTENT_DIR": ("bot", "content_dir"),
    "TELEGRAM_BOT_TOKEN": ("telegram", "token"),
    "TELEGRAM_API_URL": ("telegram", "api_url"),
    "TELEGRAM_FILE_URL": ("telegram", "file_url"),
    "TELEGRAM_WEBHOOK_URL": ("telegram", "webhook_url"),
    "TELEGRAM_SECRET_TOKEN": ("telegram", "secret_token"),
    "TELEGRAM_LISTEN": ("telegram", "listen"),
    "TELEGRAM_PORT": ("telegram", "port"),
    "DISCORD_BOT_TOKEN": ("discord", "token"),
    "BOT_OWNERS": ("bot", "owners"),
    "LOG_LEVEL": ("logging", "level"),
    "LOG_FORMAT": ("logging", "format"),
    "LOG_HASH_SALT": ("logging", "user_hash_salt"),
    "HTTP_PORT": ("http", "port"),
    "HTTP_LISTEN": ("http", "listen"),
}


def _coerce(value: Any, kind: Any, key: str) -> Any:
    origin = typing.get_origin(kind)
    if origin is list:
        (item_kind,) = typing.get_args(kind)
        if isinstance(value, str):  # from the environment: comma-separated
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list):
            raise ConfigError(f"{key}: expected a list, got {type(value).__name__}")
        return [_coerce(v, item_kind, f"{key}[{i}]") for i, v in enumerate(value)]
    if kind is int:
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}: expected a whole number, got {value!r}")
        return value
    if kind is str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # ids written without quotes
        if not isinstance(value, str):
            raise ConfigError(f"{key}: expected a string, got {type(value).__name__}")
        return value
    raise ConfigError(f"{key}: unsupported type {kind!r}")


def _section(cls: type, raw: Mapping[str, Any], name: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    for key in raw:
        if key not in known:
            raise ConfigError(f"[{name}] {key}: unknown key (known: {', '.join(sorted(known))})")
    values = {k: _coerce(v, hints[k], f"[{name}] {k}") for k, v in raw.items()}
    return cls(**values)


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read the file (if given and present), then let the environment override secrets."""
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    if path is not None and path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    sections = {f.name: f for f in fields(Config)}
    for name, value in raw.items():
        if name not in sections:
            raise ConfigError(f"[{name}]: unknown section (known: {', '.join(sorted(sections))})")
        if not isinstance(value, dict):
            raise ConfigError(f"[{name}]: must be a table")
    merged: dict[str, dict[str, Any]] = {name: dict(raw.get(name, {})) for name in sections}
    for env_name, (section, key) in ENVIRONMENT.items():
        if environ.get(env_name):
            merged[section][key] = environ[env_name]
    hints = typing.get_type_hints(Config)
    built = {name: _section(hints[name], merged[name], name) for name in sections}
    config = Config(**built)
    _check(config)
    return config


def _check(config: Config) -> None:
    if config.bot.default_lang not in ("zh", "en"):
        raise ConfigError("[bot] default_lang: must be 'zh' or 'en'")
    if not 1 <= config.bot.default_questions <= config.bot.max_questions:
        raise ConfigError("[bot] default_questions: must be between 1 and max_questions")
    if config.logging.format not in ("text", "json"):
        raise ConfigError("[logging] format: must be 'text' or 'json'")
