#!/usr/bin/env bash
# Set up (if needed) and run the bot: on the console when no platform token is configured.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/interview-bot "$@"
