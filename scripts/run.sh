#!/usr/bin/env bash
# Flightdeck on its embedded default: all five services, plus a local redis-server when none answers at REDIS_URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/flightdeck up "$@"
