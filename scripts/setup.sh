#!/usr/bin/env bash
# Installs what Flightdeck needs on a fresh Debian or Ubuntu machine, idempotently:
# Debian packages (python3-venv, redis-server) where missing, then .venv with the project and its test tools.
# Sourced by scripts/run.sh and scripts/test.sh; prints what it does, and says what to do when a step fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq || { echo "apt-get update failed: check the network or run as root" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "Flightdeck needs Python 3.11 or newer as '$PY' (set PYTHON=/path/to/python3.11)" >&2; exit 1
fi
command -v redis-server >/dev/null || apt_install redis-server
"$PY" -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.flightdeck-installed
want=$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing Python packages into .venv (first run takes a minute)"
  log=.venv/pip-install.log
  if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e '.[test]'; } >"$log" 2>&1
  then
    tail -n 30 "$log" >&2
    echo "pip install failed (full log: $log); check the network to PyPI, then run this again" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
