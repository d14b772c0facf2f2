#!/usr/bin/env bash
# FAKE stand-in for the customer's run-migration.sh, which migrates the database up or down to VERSION.
# Usage: run-migration.sh up|down VERSION ENVIRONMENT
# It only prints what it would do, so the example plan runs anywhere. FAKE_FAIL=<service> makes it fail for
# that service; FAKE_SECONDS=<n> makes it take n seconds.
set -euo pipefail
service="migrate"
echo "[fake] run-migration.sh $*"
sleep "${FAKE_SECONDS:-0}"
if [ "${FAKE_FAIL:-}" = "$service" ]; then
  echo "[fake] run-migration.sh: failing on purpose for $service (FAKE_FAIL)" >&2
  exit 1
fi
