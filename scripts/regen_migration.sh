#!/usr/bin/env bash
# Regenerate the initial migration from the models. Only for the pre-release period, while no
# deployed database exists; after the first release every change gets its own revision instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f bot/storage/migrations/versions/0001_*.py /tmp/regen.sqlite3
.venv/bin/python - <<'PY'
from alembic import command
from bot.storage.database import alembic_config
cfg = alembic_config(None)
cfg.set_main_option("sqlalchemy.url", "sqlite:////tmp/regen.sqlite3")
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
.venv/bin/ruff check --fix -q bot/storage/migrations || true
.venv/bin/ruff format -q bot/storage/migrations
