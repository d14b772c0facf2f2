#!/usr/bin/env bash
# The whole test suite: installs what it needs, then lint and format, the line-limit rule, the type checker, and
# pytest on real Redis.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> files under 200 lines"
bash scripts/check-lines.sh
echo "==> mypy (strict for shared/ and every services/*/domain/)"
.venv/bin/mypy
echo "==> pytest"
exec .venv/bin/python -m pytest "$@"
