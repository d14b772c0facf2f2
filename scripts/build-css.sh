#!/usr/bin/env bash
# Builds the dashboard's stylesheet with the pinned Tailwind CLI (tools/tailwind, installed by scripts/setup.sh):
# services/dashboard/styles/app.css -> services/dashboard/static/app.css, or to the file given as $1.
# The built file is checked in (a pip-installed dashboard needs no node); tests/unit/dashboard/test_stylesheet.py
# rebuilds it and says when the checked-in one is stale: run this script, then commit static/app.css.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cli=tools/tailwind/node_modules/.bin/tailwindcss
if [ ! -x "$cli" ]; then
  echo "the Tailwind CLI is not installed in tools/tailwind: run scripts/setup.sh first" >&2; exit 1
fi
out=${1:-services/dashboard/static/app.css}
exec "$cli" --input services/dashboard/styles/app.css --output "$out" --minify
