"""Demo benchmark: `flightdeck demo --once` end to end, its milestones, its wall time and its processes' memory.

Run from the repository root: `.venv/bin/python bench/demo.py [--runs N]`. Each run (3 by default) plays the demo in
a fresh temporary data folder (removed afterwards) and reads the milestones from its summary.json (seconds since the
demo started its work; medians reported) and the command's wall time (process start to exit). Every 0.2 s it sums
the memory of the demo process and all its descendants (redis-server, the five services; bench/_demo_memory.py):
VmRSS, and Pss (smaps_rollup), which counts the pages they share (one Python, the same libraries) once overall; the
peak of each sum, max over the runs. The fleet (examples/demo/app.py, and the deploy scripts that start it: command
line names DATA/fleet) is the user's, reported apart. Floors measured in the same run: five bare Python processes
started in parallel, each answering one HTTP request (services ready), and the bake times the scenario waits for
(scenario). Targets (the issue): scenario under 45 s, services ready under 3 s, Flightdeck's processes together
under 400 MB, judged on PSS. After each run nothing whose command line names its folder, nor any process counted,
may be left: such a one is reported and stopped. Ends with one JSON line. Nothing here asserts, but a run that fails
exits 1 with its last 30 lines of output.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bench._demo_memory import EVERY_S, Peaks, Sampler, left_running
from shared.durations import parse_duration

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
RUN_TIMEOUT_S = 300.0
DEMO = [str(ROOT / ".venv" / "bin" / "flightdeck"), "demo", "--once"]
MILESTONES = {
    "services_ready_s": "services ready",
    "first_live_s": "1.0.0 live",
    "detected_s": "bad release detected",
    "rolled_back_s": "rolled back",
    "scenario_s": "scenario done",
}
TARGET_SCENARIO_S, TARGET_READY_S, TARGET_MB = 45.0, 3.0, 400.0
FULL_BAKES = 2  # 1.0.0 and 1.1.0 bake fully; 1.2.0 is rolled back during its bake (counted 0)
BARE = (
    "import http.server, sys\n"
    "server = http.server.HTTPServer(('127.0.0.1', 0), http.server.BaseHTTPRequestHandler)\n"
    "print(server.server_address[1], flush=True)\n"
    "server.handle_request()\n"
)


def say(text: str) -> None:
    print(text, flush=True)


def bare_five() -> float:
    """Seconds from starting five bare Pythons at once until each has bound a port and answered one request."""
    started = time.perf_counter()
    children = [
        subprocess.Popen([sys.executable, "-c", BARE], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for _ in range(5)
    ]
    for child in children:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        try:  # BaseHTTPRequestHandler answers 501 to any method: an HTTP answer is all this needs
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=10)
        except urllib.error.HTTPError:
            pass
    elapsed = time.perf_counter() - started
    for child in children:
        child.wait(timeout=10)
    return elapsed


def bake_floor() -> tuple[float, float]:
    """(the plan's default bake time, the seconds the scenario bakes fully)."""
    plan = yaml.safe_load((ROOT / "examples" / "demo" / "flightdeck.yaml").read_text())
    bake = parse_duration(plan["defaults"]["rollback_policy"]["bake_time"])
    return bake, FULL_BAKES * bake


def one_run(number: int, runs: int) -> tuple[dict[str, float], float, Peaks, list[str]]:
    """One `flightdeck demo --once`: (milestones, wall seconds, memory peaks, what it left running, stopped)."""
    folder = Path(tempfile.mkdtemp(prefix="flightdeck-bench-demo-"))
    print(f"  run {number}/{runs} ...", end="", flush=True)
    try:
        started = time.perf_counter()
        demo = subprocess.Popen(
            [*DEMO, "--data-dir", str(folder)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        with Sampler(demo.pid, folder) as sampler:
            try:
                output, _ = demo.communicate(timeout=RUN_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                demo.kill()  # the rest of its tree: left_running below
                output = f"{demo.communicate()[0]}\n(killed: not over after {RUN_TIMEOUT_S:g} s)"
        wall = time.perf_counter() - started
        left = left_running(folder, sampler.peaks.seen)
        summary = folder / "summary.json"
        milestones = json.loads(summary.read_text())["milestones"] if summary.exists() else {}
        if demo.returncode != 0 or not set(MILESTONES) <= set(milestones):
            say(f" exit {demo.returncode}{'' if summary.exists() else ', no summary.json'}; its last 30 lines:")
            say("\n".join("    " + line for line in output.splitlines()[-30:]))
            for line in left:
                say(f"  !! left running, stopped: {line}")
            raise SystemExit(1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    peaks = sampler.peaks
    say(
        f" scenario {milestones['scenario_s']:.1f} s, exit 0  (services ready {milestones['services_ready_s']:.1f} s,"
        f" command {wall:.1f} s, peak PSS {peaks.total_pss:.0f} MB / RSS {peaks.total_rss:.0f} MB,"
        f" {peaks.samples} samples)"
    )
    for line in left:
        say(f"  !! left running after run {number}, stopped: {line}")
    return milestones, wall, peaks, left


def mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def bench(runs: int) -> dict[str, Any]:
    load = os.getloadavg()[0]
    say(
        f"demo benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs (load {load:.2f}), "
        f"`flightdeck demo --once` x {runs}, memory sampled every {EVERY_S:g} s"
    )
    bares = [bare_five() for _ in range(3)]
    bare = statistics.median(bares)
    bake, floor = bake_floor()
    say(
        f"\nfloors: five bare Pythons in parallel, each answering one HTTP request: {bare:.3f} s (median of 3: "
        f"{', '.join(f'{b:.3f}' for b in bares)}); scenario bakes {FULL_BAKES} x {bake:g} s = {floor:g} s"
    )
    say("\nruns")
    done = [one_run(n, runs) for n in range(1, runs + 1)]
    median = {key: statistics.median(m[key] for m, _, _, _ in done) for key in MILESTONES}
    command = statistics.median(wall for _, wall, _, _ in done)
    peaks = [p for _, _, p, _ in done]
    rss, pss = max(p.total_rss for p in peaks), max(p.total_pss for p in peaks)
    fleet = max(p.fleet_rss for p in peaks)
    leftovers = [line for _, _, _, left in done for line in left]

    say(f"\nfrom the demo's start (median of {runs})")
    for key, label in MILESTONES.items():
        say(f"  {label:<22}{median[key]:7.1f} s   (runs: {', '.join(f'{m[key]:.1f}' for m, _, _, _ in done)})")
    say(f"  {'whole command':<22}{command:7.1f} s   (process start to exit)")
    ready, scenario = median["services_ready_s"], median["scenario_s"]
    say(
        f"\nagainst the floors: services ready {ready:.2f} s / {bare:.3f} s = {ready / bare:.1f}x five bare "
        f"Pythons; scenario {scenario:.1f} s / {floor:g} s of bake = {scenario / floor:.2f}x"
    )

    say(f"\nmemory, peak of the sum over a run, max over {runs} runs (MB)")
    say(f"  {'kind':<12}{'RSS':>8}{'PSS':>8}")
    kinds = sorted({k for p in peaks for k in p.kinds}, key=lambda k: -max(p.kinds.get(k, (0, 0))[1] for p in peaks))
    per_kind = {k: [max(p.kinds.get(k, (0.0, 0.0))[i] for p in peaks) for i in (0, 1)] for k in kinds}
    for name, (r, p) in per_kind.items():
        say(f"  {name:<12}{r:8.1f}{p:8.1f}")
    say(f"  {'Flightdeck':<12}{rss:8.1f}{pss:8.1f}   (peak of the total; kinds peak at different moments)")
    say(f"  {'fleet':<12}{fleet:8.1f}{'':>8}   (the user's apps and deploy scripts, not Flightdeck)")

    say("\ntargets")
    say(f"  whole scenario       {scenario:6.1f} s  < {TARGET_SCENARIO_S:g} s   {mark(scenario < TARGET_SCENARIO_S)}")
    say(f"  services ready       {ready:6.2f} s  < {TARGET_READY_S:g} s    {mark(ready < TARGET_READY_S)}")
    say(
        f"  Flightdeck together  {pss:6.1f} MB < {TARGET_MB:g} MB  {mark(pss < TARGET_MB)}  (judged on PSS; "
        f"RSS {rss:.1f} MB counts shared pages in every process)"
    )
    say(
        f"  (load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end: other work on the machine "
        "slows the start-ups)"
    )
    if leftovers:
        say(f"  !! {len(leftovers)} process(es) left running after the runs (stopped): a problem of its own")
    return {
        "runs": runs,
        **{k: round(v, 3) for k, v in median.items()},
        "command_s": round(command, 3),
        "total_rss_mb": round(rss, 1),
        "total_pss_mb": round(pss, 1),
        "fleet_rss_mb": round(fleet, 1),
        "per_kind_mb": {k: {"rss": round(r, 1), "pss": round(p, 1)} for k, (r, p) in per_kind.items()},
        "scenario_s_runs": [m["scenario_s"] for m, _, _, _ in done],
        "services_ready_s_runs": [m["services_ready_s"] for m, _, _, _ in done],
        "command_s_runs": [round(w, 3) for _, w, _, _ in done],
        "bare_five_s": round(bare, 4),
        "services_ready_ratio_vs_bare": round(ready / bare, 2),
        "bake_floor_s": floor,
        "scenario_ratio_vs_bake": round(scenario / floor, 3),
        "scenario_target_met": scenario < TARGET_SCENARIO_S,
        "ready_target_met": ready < TARGET_READY_S,
        "memory_target_met": pss < TARGET_MB,
        "left_running": leftovers,
        "load_1m": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"demo runs (default {RUNS})")
    args = parser.parse_args()
    started = time.perf_counter()
    result = bench(max(1, args.runs))
    say(f"\ntotal {time.perf_counter() - started:.1f}s")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
