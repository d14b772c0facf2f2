#!/usr/bin/env bash
# FAKE stand-in for the customer's deploy-firebase-hosting.sh, which deploys the web frontend to the COLOR hosting channel.
# Usage: deploy-firebase-hosting.sh VERSION ENVIRONMENT COLOR
# It only prints what it would do, so the example plan runs anywhere. FAKE_FAIL=<service> makes it fail for
# that service; FAKE_SECONDS=<n> makes it take n seconds.
set -euo pipefail
service="web"
echo "[fake] deploy-firebase-hosting.sh $*"
sleep "${FAKE_SECONDS:-0}"
if [ "${FAKE_FAIL:-}" = "$service" ]; then
  echo "[fake] deploy-firebase-hosting.sh: failing on purpose for $service (FAKE_FAIL)" >&2
  exit 1
fi
