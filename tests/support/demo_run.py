"""`flightdeck demo` as a real process, watched from outside: its output line by line, the processes it started
(its descendants, and the fleet it left in sessions of their own), the ports they listened on, and what is left
of them after it stopped."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import redis

from shared.bus.codec import entry_data
from shared.events import Event, ServiceDeployStarted, parse_event
from shared.streams import Keys

ROOT = Path(__file__).resolve().parents[2]


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def descendants(pid: int) -> set[int]:
    parents = {int(p.name): _parent(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def mentioning(text: str) -> set[int]:
    """Processes whose command line names `text` (the data folder: Redis's --dir, the fleet's FLEET_DIR)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except OSError:
                pass
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class DemoProcess:
    folder: Path
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)  # every process of ours seen while it ran
    ports: set[int] = field(default_factory=set)
    reader: threading.Thread | None = None

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, pattern: str, within: float) -> re.Match[str]:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            self.look()
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r} within {within}s; output:\n{self.output}")

    def look(self) -> None:
        """Notes the processes and ports of the demo as they are now."""
        if self.process.poll() is None:
            self.seen |= descendants(self.process.pid)
        self.seen |= mentioning(str(self.folder))
        for line in self.lines:
            self.ports |= {int(p) for p in re.findall(r"\(:(\d+)\)", line)}
            self.ports |= {int(p) for p in re.findall(r"redis://127\.0\.0\.1:(\d+)", line)}
        fleet = self.folder / "fleet" / "fleet.json"
        if fleet.exists():
            services = json.loads(fleet.read_text())["services"]
            self.ports |= {s["port"] for s in services.values() if "port" in s}

    def stop(self, signum: int = signal.SIGINT, within: float = 60) -> int:
        self.look()
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=within)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            self.close()

    def close(self) -> None:
        if self.reader is not None:
            self.reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def left_behind(self) -> tuple[list[int], list[int]]:
        """(processes of ours still alive, ports still listening) once the demo ended."""
        self.close()
        time.sleep(0.2)
        return sorted(p for p in self.seen if alive(p)), sorted(p for p in self.ports if listening(p))


def start_demo(folder: Path, *args: str) -> DemoProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLIGHTDECK_") and k != "REDIS_URL"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "demo", "--data-dir", str(folder), *args],
        cwd=ROOT,
        env={**env, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    demo = DemoProcess(folder, process)
    demo.reader = threading.Thread(target=demo._read, daemon=True)
    demo.reader.start()
    return demo


def stream_events(url: str) -> list[Event]:
    client = redis.Redis.from_url(url)
    try:
        rows = cast(list[tuple[bytes, dict[bytes, bytes]]], client.xrange(Keys().events))  # bytes: no decoding
        return [parse_event(data) for _, fields in rows if (data := entry_data(fields)) is not None]
    finally:
        client.close()


def rollback_starts(events: list[Event], deployment_id: str) -> list[str]:
    return [
        str(e.service)
        for e in events
        if e.deployment_id == deployment_id and isinstance(e, ServiceDeployStarted) and e.payload.step == "rollback"
    ]
