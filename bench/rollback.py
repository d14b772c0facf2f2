"""Rollback benchmark: health-degraded on the stream -> rollback-started (the decision), and a 20-service rollback.

`.venv/bin/python bench/rollback.py [--runs N] [--wide-runs N]` starts a redis-server, the coordinator and the rollback
service (`python -m services.NAME`, plan file, WARNING logs). No monitor: the benchmark publishes health-degraded
(evidence about the new version: HTTP 500) and passes each health gate as it reads the request: no probing in the
figures. Deployments bake 10 min (after a seed with bake 0s), so each is baking when the degradation lands, and each
ends rolled back, freeing the environment. Decision (environment `decide`, one service): deploy, wait for bake-started
and for the rollback service's group to have handled it (XINFO GROUPS: the figure is the decision, not a backlog),
publish health-degraded, time until
rollback-started is read (XREAD BLOCK); baseline in the same run: XADD -> relay -> relay -> XREAD, relays as processes.
Rollback (`wide`): 20 services in 4 waves of 5 (wave k depends on all of wave k-1), deploy ["true"]; orchestration
time leaves out each wave's slowest rollback command. Targets: decision p99 < 500 ms, 20-service rollback < 5 s.
"""

import argparse
import asyncio
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _rollback_world as world
from bench._common import quiet_logs
from bench._figures import Spread, say
from bench._monitor_world import child_pid, cpu_s
from bench._rollback_follower import following
from bench._rollback_report import DecisionTimes, RollbackMeasurement, WideRollbackTimes, show, summarise
from bench._rollback_runs import CULPRIT, RollbackBench, degraded
from shared.bus.codec import data
from shared.redis_process import free_port, redis_server
from shared.streams import Keys

RUNS, WARMUP, WIDE_RUNS = 200, 5, 5


async def measure(url: str, plan: Path, pids: dict[str, int], runs: int, wide_runs: int) -> RollbackMeasurement:
    async with following(url, Keys().events) as follower:
        b = RollbackBench(follower)
        say("\nseed: 1.0.0 everywhere with bake 0s (a previous version to return to)")
        await b.deploy(world.DECIDE, "seed-decide", "1.0.0", [world.SOLO], until="deployment-succeeded")
        await b.deploy(world.WIDE, "seed-wide", "1.0.0", world.WIDE_SERVICES, until="deployment-succeeded")
        await asyncio.to_thread(plan.write_text, world.plan_yaml("10m"))
        say(f"\ndecision: {WARMUP} warm-up runs, then {runs} (health-degraded -> rollback-started)")
        for n in range(WARMUP):
            await b.decision(-n - 1)
        cpu0, wall = {k: cpu_s(p) for k, p in pids.items()}, time.perf_counter()
        decisions: list[DecisionTimes] = []
        wides: list[WideRollbackTimes] = []
        for n in range(runs):
            decisions.append(await b.decision(n))
            if (n + 1) % 25 == 0:
                say(f"  .. {n + 1:3d}/{runs}  {Spread.of([d.started_ms for d in decisions]).line()}")
        wall = time.perf_counter() - wall
        cpu = {k: (cpu_s(p) - cpu0[k]) / wall for k, p in pids.items()}
        say(f"\n20-service rollback: {wide_runs} runs (health-degraded on {CULPRIT} -> rollback-completed)")
        for n in range(wide_runs):
            wides.append(w := await b.wide(n))
            say(
                f"  .. run {n + 1}/{wide_runs}: detection -> completed {w.total:.3f} s (decision "
                f"{w.decision * 1e3:.0f} ms; the slowest command of each wave, summed {w.commands * 1e3:.0f} ms)"
            )
        say(f"  health gates passed by the benchmark: {follower.gates}")
    say("\nbaseline: two hops of raw Redis (XADD -> relay process -> relay process -> XREAD, one at a time)")
    body = data(degraded(world.DECIDE, world.SOLO, "2.0.0"))
    with world.relays(url) as streams:
        base = (await world.round_trips(url, streams, body, runs + WARMUP))[WARMUP:]
    return RollbackMeasurement(decisions, wides, base, cpu, wall / runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"decision runs (default {RUNS})")
    parser.add_argument("--wide-runs", type=int, default=WIDE_RUNS, help=f"20-service rollbacks ({WIDE_RUNS})")
    args, started = parser.parse_args(), time.perf_counter()
    quiet_logs()
    with redis_server() as url, tempfile.TemporaryDirectory(prefix="flightdeck-bench-") as folder:
        (plan := Path(folder) / "flightdeck.yaml").write_text(world.plan_yaml("0s"))
        with (
            world.service_process("services.coordinator", url, free_port(), plan) as coordinator,
            world.service_process("services.rollback", url, free_port(), plan) as rollback,
        ):
            pids = {"coordinator": coordinator.pid, "rollback": rollback.pid, "redis": child_pid("redis-server") or 0}
            say(
                f"rollback benchmark: Python {platform.python_version()}, redis at {url}; coordinator (pid "
                f"{coordinator.pid}), rollback (pid {rollback.pid}) ready after {time.perf_counter() - started:.1f} s"
            )
            summary = summarise(asyncio.run(measure(url, plan, pids, args.runs, args.wide_runs)))
    show(summary)
    say(f"\ntotal {time.perf_counter() - started:.1f}s")
    print(json.dumps(summary.to_json()), flush=True)


if __name__ == "__main__":
    main()
