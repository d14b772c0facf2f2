#!/usr/bin/env bash
# Flightdeck on its embedded default: the live demo (`flightdeck demo`), on its own Redis, fleet and alert catchers.
# `bash scripts/run.sh up` runs `flightdeck up` (the five services against your own plan and REDIS_URL) instead;
# other arguments go to the demo (`bash scripts/run.sh --once`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if [ "${1:-}" = "up" ]; then
  shift
  exec .venv/bin/flightdeck up "$@"
fi
exec .venv/bin/flightdeck demo "$@"
