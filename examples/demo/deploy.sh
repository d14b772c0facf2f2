#!/usr/bin/env bash
# deploy.sh SERVICE VERSION FLEET_DIR: puts VERSION of SERVICE live on this machine, as a team's own script does with
# its platform's CLI: the running process stops, the new version starts on the service's port. Flightdeck's health
# gate, not this script, decides whether it is ready; Flightdeck runs rollback.sh when it is not.
set -euo pipefail
service=$1 version=$2 fleet=$3
echo "deploying $service $version (${FLIGHTDECK_DEPLOYMENT_ID:-by hand})"
exec "${PYTHON:-python3}" "$(dirname "$0")/fleetctl.py" "$fleet" start "$service" "$version"
