"""The demo benchmark's view of /proc: the demo's process tree and its fleet sampled every 0.2 s (sum of VmRSS and of
Pss per sample, peaks kept, also per process kind), and what a run left running afterwards."""

import contextlib
import os
import signal
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

EVERY_S = 0.2
Key = tuple[int, str]  # (pid, start time in clock ticks): a pid the kernel reused is another process


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return None


def _kib(text: str | None, name: str) -> int:
    """The `name:` line's figure (kB) in /proc/PID/status or smaps_rollup; 0 when the process is gone."""
    for line in (text or "").splitlines():
        if line.startswith(name):
            return int(line.split()[1])
    return 0


def processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (ppid, start time, command line with spaces) of every process readable now; not zombies (exited,
    waiting for a parent to reap them: an orphan's parent, init, may take a while)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        stat, command = _read(f"/proc/{entry.name}/stat"), _read(f"/proc/{entry.name}/cmdline")
        if stat is None or command is None:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "(comm)": state, ppid, ... starttime is field 22
        if fields[0] in ("Z", "X"):
            continue
        found[int(entry.name)] = (int(fields[1]), fields[19], command.replace("\0", " ").strip())
    return found


def descendants(root: int, table: dict[int, tuple[int, str, str]]) -> list[int]:
    """`root` and every process below it, by ppid links."""
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (ppid, _, _) in table.items():
        children[ppid].append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            found.append(pid)
            todo.extend(children[pid])
    return found


def kind(pid: int, root: int, command: str) -> str:
    """demo, redis, prefork (the parent the services are forked from), a service's name (a forked one names itself
    fd-NAME, one run as `python -m services.NAME`) or other."""
    words = command.split()
    if pid == root:
        return "demo"
    if words and words[0].endswith("redis-server"):
        return "redis"
    name = (_read(f"/proc/{pid}/comm") or "").strip()
    if name.startswith("fd-"):
        return name.removeprefix("fd-")
    if "shared.runtime.prefork" in words:
        return "prefork"
    if "-m" in words[:-1] and words[words.index("-m") + 1].startswith("services."):
        return words[words.index("-m") + 1].removeprefix("services.")
    return "other"


@dataclass
class Peaks:
    """Peaks over one run, MiB: the Flightdeck sum (RSS and PSS), the fleet's RSS, and each kind's sum."""

    total_rss: float = 0.0
    total_pss: float = 0.0
    fleet_rss: float = 0.0
    kinds: dict[str, tuple[float, float]] = field(default_factory=dict)  # kind -> (peak RSS, peak PSS)
    samples: int = 0
    seen: dict[Key, str] = field(default_factory=dict)  # every process counted, with its command line


class Sampler:
    """Samples in a thread while the block runs: `with Sampler(pid, folder) as sampler: ...`, then sampler.peaks.
    A descendant whose command line names FOLDER/fleet (an app of the fleet, the deploy script that starts it) is
    the fleet's, not Flightdeck's; so is any process anywhere whose command line names it."""

    def __init__(self, root: int, folder: Path) -> None:
        self.root, self.fleet = root, f"{folder}/fleet"
        self.peaks = Peaks()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> "Sampler":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            self.sample()
            self._stop.wait(max(0.0, EVERY_S - (time.monotonic() - started)))

    def sample(self) -> None:
        table = processes()
        ours = descendants(self.root, table)
        fleet = [pid for pid, (_, _, command) in table.items() if self.fleet in command]
        rss, pss, fleet_rss = 0, 0, 0
        kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for pid in ours:
            if pid in fleet:
                continue
            r, p = _kib(_read(f"/proc/{pid}/status"), "VmRSS:"), _kib(_read(f"/proc/{pid}/smaps_rollup"), "Pss:")
            rss, pss = rss + r, pss + p
            sums = kinds[kind(pid, self.root, table[pid][2])]
            sums[0], sums[1] = sums[0] + r, sums[1] + p
            self.peaks.seen[(pid, table[pid][1])] = table[pid][2]
        for pid in fleet:
            fleet_rss += _kib(_read(f"/proc/{pid}/status"), "VmRSS:")
            self.peaks.seen[(pid, table[pid][1])] = table[pid][2]
        got = self.peaks
        got.samples += 1
        got.total_rss, got.total_pss = max(got.total_rss, rss / 1024), max(got.total_pss, pss / 1024)
        got.fleet_rss = max(got.fleet_rss, fleet_rss / 1024)
        for name, (r, p) in kinds.items():
            old = got.kinds.get(name, (0.0, 0.0))
            got.kinds[name] = (max(old[0], r / 1024), max(old[1], p / 1024))


def left_running(folder: Path, seen: dict[Key, str]) -> list[str]:
    """Processes still alive after a run whose command line names `folder`, or that were counted during the run
    (same pid and start time): each is described, then stopped (SIGTERM, SIGKILL after 3 s)."""
    table = processes()
    left = {
        pid: command
        for pid, (_, start, command) in table.items()
        if pid != os.getpid() and (str(folder) in command or (pid, start) in seen)
    }
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in left):
        time.sleep(0.05)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return [f"pid {pid}: {command[:160]}" for pid, command in left.items()]
