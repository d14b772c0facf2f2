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
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bench._demo_memory import EVERY_S, Sampler, left_running
from bench._demo_report import MILESTONES, DemoMeasurement, DemoRun, show, summarise
from bench._figures import say
from shared.durations import parse_duration

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
RUN_TIMEOUT_S = 300.0
DEMO = [str(ROOT / ".venv" / "bin" / "flightdeck"), "demo", "--once"]
FULL_BAKES = 2  # 1.0.0 and 1.1.0 bake fully; 1.2.0 is rolled back during its bake (counted 0)
BARE = (
    "import http.server, sys\n"
    "server = http.server.HTTPServer(('127.0.0.1', 0), http.server.BaseHTTPRequestHandler)\n"
    "print(server.server_address[1], flush=True)\n"
    "server.handle_request()\n"
)


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


def bake_time() -> float:
    """The demo plan's default bake time, seconds."""
    plan = yaml.safe_load((ROOT / "examples" / "demo" / "flightdeck.yaml").read_text())
    return parse_duration(plan["defaults"]["rollback_policy"]["bake_time"])


def one_run(number: int, runs: int) -> DemoRun:
    """One `flightdeck demo --once`: its milestones, wall seconds, memory peaks and what it left running (stopped)."""
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
    return DemoRun(milestones, wall, peaks, left)


def measure(runs: int) -> DemoMeasurement:
    load = os.getloadavg()[0]
    say(
        f"demo benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs (load {load:.2f}), "
        f"`flightdeck demo --once` x {runs}, memory sampled every {EVERY_S:g} s"
    )
    bares = [bare_five() for _ in range(3)]
    say("\nruns")
    done = [one_run(n, runs) for n in range(1, runs + 1)]
    return DemoMeasurement(bares, bake_time(), FULL_BAKES, done, (load, os.getloadavg()[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"demo runs (default {RUNS})")
    args = parser.parse_args()
    started = time.perf_counter()
    summary = summarise(measure(max(1, args.runs)))
    show(summary)
    say(f"\ntotal {time.perf_counter() - started:.1f}s")
    print(json.dumps(summary.to_json()), flush=True)


if __name__ == "__main__":
    main()
