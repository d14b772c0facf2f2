#!/usr/bin/env bash
# Installs what Flightdeck needs on a fresh Debian or Ubuntu machine, idempotently:
# Debian packages (python3-venv, redis-server; nodejs, npm, chromium and prometheus for the monitor's providers and
# their tests) where missing, then .venv with the project and its test tools, then the pinned Lighthouse in
# tools/lighthouse/node_modules and the pinned Tailwind CLI in tools/tailwind/node_modules (scripts/build-css.sh).
# Sourced by scripts/run.sh and scripts/test.sh; prints what it does, and says what to do when a step fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_updated=""
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}"
  local sudo="" log; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log=$(mktemp -t flightdeck-apt.XXXXXX)
  if ! {
    if [ -z "$apt_updated" ]; then $sudo apt-get update -qq; fi &&  # the package lists are fetched once a run
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "installing ${missing[*]} failed (full log: $log); check the network or run as root, then run this again" >&2
    exit 1
  fi
  apt_updated=1
  rm -f "$log"
}

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "Flightdeck needs Python 3.11 or newer as '$PY' (set PYTHON=/path/to/python3.11)" >&2; exit 1
fi
# Commands, not package names, decide what is missing: NodeSource's nodejs brings npm and conflicts with Debian's.
need=()
command -v redis-server >/dev/null || need+=(redis-server)
"$PY" -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
command -v node >/dev/null || need+=(nodejs)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v prometheus >/dev/null || need+=(prometheus)
command -v openssl >/dev/null || need+=(openssl)  # the probe tests make a self-signed certificate
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
command -v npm >/dev/null || apt_install npm  # Debian's nodejs comes without it (NodeSource's with it)

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

# Node tools pinned by their lock files, each installed with npm ci into its own node_modules when the lock changed:
# Lighthouse (the monitor's frontend audit) and the Tailwind CLI (the dashboard's stylesheet, scripts/build-css.sh).
npm_tool() {
  local dir=$1 what=$2 stamp want log
  stamp=$dir/node_modules/.flightdeck-installed
  want=$(sha256sum <"$dir/package-lock.json" | cut -c1-16)
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  echo "==> installing $what into $dir/node_modules"
  log=.venv/npm-install.log
  if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "npm ci in $dir failed (full log: $log); check the network to the npm registry, then run this again" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
}
npm_tool tools/lighthouse Lighthouse
npm_tool tools/tailwind "the Tailwind CLI"
