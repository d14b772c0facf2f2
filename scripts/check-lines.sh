#!/usr/bin/env bash
# The customer's rule: every file we write stays under 200 lines. Vendored, generated and lock files are exempt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
files=$( (git ls-files; git ls-files --others --exclude-standard) 2>/dev/null | sort -u \
  | grep -E '\.(py|html|js|ts|css|sh|yml|yaml|toml)$|(^|/)(Dockerfile|Makefile)$|^\.ci/run$' \
  | grep -vE '(^|/)(vendor|vendored|node_modules|dist|generated)/|\.min\.(js|css)$|(^|/)docs/asyncapi/' || true)
bad=0
for f in $files; do
  [ -f "$f" ] || continue
  n=$(wc -l <"$f")
  if [ "$n" -ge 200 ]; then echo "  $f: $n lines (split it by responsibility)"; bad=1; fi
done
[ "$bad" -eq 0 ] && echo "  all files under 200 lines"
exit "$bad"
