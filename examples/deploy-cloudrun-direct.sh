#!/usr/bin/env bash
# FAKE stand-in for the customer's deploy-cloudrun-direct.sh, which deploys SERVICE at VERSION to Cloud Run.
# Usage: deploy-cloudrun-direct.sh SERVICE VERSION ENVIRONMENT
# It only prints what it would do, so the example plan runs anywhere. FAKE_FAIL=<service> makes it fail for
# that service; FAKE_SECONDS=<n> makes it take n seconds.
set -euo pipefail
service="${1:?service}"
echo "[fake] deploy-cloudrun-direct.sh $*"
sleep "${FAKE_SECONDS:-0}"
if [ "${FAKE_FAIL:-}" = "$service" ]; then
  echo "[fake] deploy-cloudrun-direct.sh: failing on purpose for $service (FAKE_FAIL)" >&2
  exit 1
fi
