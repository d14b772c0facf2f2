#!/usr/bin/env bash
# The customer's rule: every file we write stays under 200 lines (fails); above 180 it warns: a file near the limit
# is asking to be split. Vendored, generated and lock files are exempt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
files=$( (git ls-files; git ls-files --others --exclude-standard) 2>/dev/null | sort -u \
  | grep -E '\.(py|html|js|ts|css|sh|yml|yaml|toml)$|(^|/)(Dockerfile|Makefile)$|^\.ci/run$' \
  | grep -vE '(^|/)(vendor|vendored|node_modules|dist|generated)/|\.min\.(js|css)$|(^|/)docs/asyncapi/' || true)
bad=0
near=0
for f in $files; do
  [ -f "$f" ] || continue
  n=$(wc -l <"$f")
  if [ "$n" -ge 200 ]; then
    echo "  $f: $n lines (split it by responsibility)"; bad=1
  elif [ "$n" -gt 180 ]; then
    echo "  warning: $f: $n lines, near the limit of 200 (split it by responsibility)"; near=1
  fi
done
[ "$bad" -eq 0 ] && [ "$near" -eq 0 ] && echo "  all files at or under 180 lines"
exit "$bad"
