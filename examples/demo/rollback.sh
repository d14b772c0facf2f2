#!/usr/bin/env bash
# rollback.sh SERVICE PREVIOUS_VERSION FLEET_DIR: puts the version that ran before back, the way deploy.sh deploys.
set -euo pipefail
service=$1 version=$2 fleet=$3
echo "rolling $service back to $version (${FLIGHTDECK_DEPLOYMENT_ID:-by hand})"
exec "${PYTHON:-python3}" "$(dirname "$0")/fleetctl.py" "$fleet" start "$service" "$version"
