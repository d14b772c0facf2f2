"""What the demo's deploy and rollback scripts call, as a team's scripts call their platform's CLI: it puts a version
of a service live on this machine. Standard library only.

    python3 fleetctl.py FLEET_DIR start SERVICE VERSION   # stop what runs, start VERSION, return once it listens
    python3 fleetctl.py FLEET_DIR stop SERVICE            # stop it (SIGTERM, then SIGKILL after 5 s)
    python3 fleetctl.py FLEET_DIR stop-all                # stop every service of the fleet
    python3 fleetctl.py FLEET_DIR migrate VERSION         # the migration job: the schema is now VERSION's

Each service runs in its own session (the deploy script that started it ends; the service goes on), writes its
output to FLEET_DIR/SERVICE.log and its pid to FLEET_DIR/SERVICE.pid ("PID VERSION").
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

APP = Path(__file__).with_name("app.py")
START_WITHIN_S = 10.0
STOP_WITHIN_S = 5.0


def running(fleet: Path, service: str) -> int | None:
    """The pid of SERVICE's process, when one of ours still runs (a pid reused by another program is not ours)."""
    try:
        pid = int((fleet / f"{service}.pid").read_text().split()[0])
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError, IndexError):
        return None
    ours = str(APP).encode() in command and str(fleet).encode() in command and service.encode() in command
    return pid if ours else None


def stop(fleet: Path, service: str) -> None:
    pid = running(fleet, service)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_WITHIN_S
        while running(fleet, service) == pid and time.monotonic() < deadline:
            time.sleep(0.05)
        if running(fleet, service) == pid:
            print(f"{service} did not stop within {STOP_WITHIN_S:.0f}s of SIGTERM: killing it", file=sys.stderr)
            os.kill(pid, signal.SIGKILL)
            while running(fleet, service) == pid:
                time.sleep(0.05)
    (fleet / f"{service}.pid").unlink(missing_ok=True)


def listens(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start(fleet: Path, service: str, version: str) -> int:
    settings = json.loads((fleet / "fleet.json").read_text())["services"].get(service)
    if settings is None or "port" not in settings:
        print(f"{service} is not a service of the fleet in {fleet / 'fleet.json'}", file=sys.stderr)
        return 2
    stop(fleet, service)
    log = fleet / f"{service}.log"
    with log.open("a") as out:
        process = subprocess.Popen(
            [sys.executable, str(APP), str(fleet), service, version],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    (fleet / f"{service}.pid").write_text(f"{process.pid} {version}\n")
    deadline = time.monotonic() + START_WITHIN_S
    while not listens(settings["port"]):
        if process.poll() is not None:
            tail = "".join(log.read_text().splitlines(keepends=True)[-5:])
            print(f"{service} {version} exited with code {process.returncode} on start:\n{tail}", file=sys.stderr)
            return 1
        if time.monotonic() > deadline:
            print(
                f"{service} {version} does not listen on port {settings['port']} after {START_WITHIN_S:.0f}s",
                file=sys.stderr,
            )
            return 1
        time.sleep(0.05)
    print(f"{service} {version} started (pid {process.pid}, port {settings['port']})")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    fleet = Path(argv[0]).resolve()
    action = argv[1]
    rest = argv[2:]
    if action == "start" and len(rest) == 2:
        return start(fleet, *rest)
    if action == "stop" and len(rest) == 1:
        stop(fleet, rest[0])
        return 0
    if action == "stop-all" and not rest:
        for service in json.loads((fleet / "fleet.json").read_text())["services"]:
            stop(fleet, service)
        return 0
    if action == "migrate" and len(rest) == 1:
        (fleet / "migrate.schema").write_text(rest[0] + "\n")
        print(f"schema migrated to {rest[0]}")
        return 0
    print(f"unknown command {' '.join(argv[1:])!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
