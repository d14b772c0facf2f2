#!/usr/bin/env bash
# FAKE stand-in for the customer's switch-firebase-channel.sh, which points the live site at the COLOR hosting channel.
# Usage: switch-firebase-channel.sh ENVIRONMENT COLOR
# It only prints what it would do, so the example plan runs anywhere. FAKE_FAIL=<service> makes it fail for
# that service; FAKE_SECONDS=<n> makes it take n seconds.
set -euo pipefail
service="web"
echo "[fake] switch-firebase-channel.sh $*"
sleep "${FAKE_SECONDS:-0}"
if [ "${FAKE_FAIL:-}" = "$service" ]; then
  echo "[fake] switch-firebase-channel.sh: failing on purpose for $service (FAKE_FAIL)" >&2
  exit 1
fi
