"""Imports every model module so that Base.metadata knows every table (for Alembic and tests)."""

from bot.storage import admin, daily, leases, models, practice, rounds, telegram_updates  # noqa: F401
