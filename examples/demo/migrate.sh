#!/usr/bin/env bash
# migrate.sh up|down VERSION FLEET_DIR: the database migration job. `up` migrates the schema to VERSION's, `down`
# (its rollback) back to the previous version's. The API and the worker report the schema in /health/detailed.
set -euo pipefail
direction=$1 version=$2 fleet=$3
echo "migrating $direction to $version"
exec "${PYTHON:-python3}" "$(dirname "$0")/fleetctl.py" "$fleet" migrate "$version"
