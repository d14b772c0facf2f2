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
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _rollback_world as world
from bench._common import quiet_logs
from bench._figures import ratio, rounded, shown
from bench._monitor_world import child_pid, cpu_s
from shared.bus.codec import DATA_FIELD, encode
from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, HealthDegraded
from shared.redis_process import free_port, redis_server
from shared.stats import percentile
from shared.streams import Keys

RUNS, WARMUP, WIDE_RUNS, CULPRIT = 200, 5, 5, "w3-0"  # CULPRIT: the degraded one of the 20 (any would do)
TARGET_DECISION_P99_MS, TARGET_ROLLBACK_S = 500.0, 5.0


def say(text: str) -> None:
    print(text, flush=True)


def stats(ms: list[float]) -> str:
    return f"p50 {shown(percentile(ms, 50), '7.2f')}  p99 {shown(percentile(ms, 99), '7.2f')}  max {max(ms):7.2f} ms"


def at(seen: world.Seen) -> float:
    return datetime.fromisoformat(seen.data["occurred_at"]).timestamp()


def degraded(environment: str, service: str, version: str) -> HealthDegraded:
    return HealthDegraded(
        service=service,
        environment=environment,
        payload={
            "status": "degraded",
            "previous_status": "healthy",
            "evidence": [{"ok": False, "http_status": 500, "version": version, "reason": "HTTP 500"}],
        },
    )


class Bench:
    def __init__(self, follower: world.Follower) -> None:
        self.follower, self.publisher = follower, EventPublisher(follower.redis, Keys(), producer="bench")

    async def until(self, deployment_id: str, *types: str, bad: tuple[str, ...] = ("rollback-failed",)) -> world.Seen:
        """The first of `types` for the deployment (within 60 s); exits if one of `bad` comes first."""
        seen = await self.follower.first(deployment_id, *types, *bad, within=60)
        if seen.data["type"] not in types:
            raise SystemExit(f"{deployment_id}: {seen.data['type']} {json.dumps(seen.data['payload'])[:300]}")
        return seen

    async def deploy(
        self, environment: str, deployment_id: str, version: str, services: list[str], *, until: str = "bake-started"
    ) -> None:
        await self.publisher.publish(
            DeployRequested(
                deployment_id=deployment_id,
                environment=environment,
                payload={"version": version, "services": services, "requested_by": "bench"},
            )
        )
        seen = await self.until(deployment_id, until, bad=("deployment-failed", "deployment-rejected"))
        await self.follower.handled("rollback", seen)  # before any degradation: see the docstring

    async def roll_back(self, environment: str, deployment_id: str, service: str, version: str) -> tuple[float, list]:
        """Publishes health-degraded about `version`, waits until the deployment is rolled back; returns perf_counter
        just before the XADD, and rollback-requested, -started, -completed and deployment-rolled-back as read."""
        event, t0 = degraded(environment, service, version), time.perf_counter()
        await self.publisher.publish(event)
        kinds = ("rollback-requested", "rollback-started", "rollback-completed", "deployment-rolled-back")
        return t0, [await self.until(deployment_id, kind) for kind in kinds]

    async def decision(self, n: int) -> tuple[float, float, float]:
        """(detection -> rollback-started, -> rollback-requested, rollback-requested -> rollback-started), ms."""
        deployment_id, version = f"decide-{n}", f"2.0.{n}"
        await self.deploy(world.DECIDE, deployment_id, version, [world.SOLO])
        t0, (requested, started, *_) = await self.roll_back(world.DECIDE, deployment_id, world.SOLO, version)
        r, s = requested.read_at, started.read_at
        return (s - t0) * 1000, (r - t0) * 1000, (s - r) * 1000

    async def wide(self, n: int) -> dict[str, Any]:
        deployment_id, version = f"wide-{n}", f"2.1.{n}"
        await self.deploy(world.WIDE, deployment_id, version, world.WIDE_SERVICES)
        t0, (_, started, completed, _) = await self.roll_back(world.WIDE, deployment_id, CULPRIT, version)
        trail = self.follower.seen[deployment_id]
        after, zero, phases = trail[trail.index(started) :], at(started), []
        for wave in started.data["payload"]["waves"]:  # by the events' occurred_at, from rollback-started
            mine = [s for s in after if s.data.get("service") in wave]
            done = [s for s in mine if s.data["type"] == "service-deploy-succeeded"]
            durations = [s.data["payload"]["duration_s"] for s in done]
            phases.append(
                {
                    "services": len(wave),
                    "command_max": max(durations),
                    "command_sum": sum(durations),
                    "start": min(at(s) for s in mine if s.data["type"] == "service-deploy-started") - zero,
                    "commands_done": max(at(s) for s in done) - zero,
                    "gates_done": max(at(s) for s in mine if s.data["type"] == "health-gate-passed") - zero,
                }
            )
        total, commands = completed.read_at - t0, sum(p["command_max"] for p in phases)
        return {
            "total": total,
            "started_to_completed": completed.read_at - started.read_at,
            "phases": phases,
            "decision": started.read_at - t0,
            "commands": commands,
            "orchestration": total - commands,
            "completed_at": at(completed) - zero,
        }


async def bench(url: str, plan: Path, pids: dict[str, int], runs: int, wide_runs: int) -> dict[str, object]:
    async with world.following(url, Keys().events) as follower:
        b = Bench(follower)
        say("\nseed: 1.0.0 everywhere with bake 0s (a previous version to return to)")
        await b.deploy(world.DECIDE, "seed-decide", "1.0.0", [world.SOLO], until="deployment-succeeded")
        await b.deploy(world.WIDE, "seed-wide", "1.0.0", world.WIDE_SERVICES, until="deployment-succeeded")
        await asyncio.to_thread(plan.write_text, world.plan_yaml("10m"))
        say(f"\ndecision: {WARMUP} warm-up runs, then {runs} (health-degraded -> rollback-started)")
        for n in range(WARMUP):
            await b.decision(-n - 1)
        cpu0, wall, decisions, wides = {k: cpu_s(p) for k, p in pids.items()}, time.perf_counter(), [], []
        for n in range(runs):
            decisions.append(await b.decision(n))
            if (n + 1) % 25 == 0:
                say(f"  .. {n + 1:3d}/{runs}  {stats([d[0] for d in decisions])}")
        wall = time.perf_counter() - wall
        cpu = {k: round((cpu_s(p) - cpu0[k]) / wall, 3) for k, p in pids.items()}
        say(f"\n20-service rollback: {wide_runs} runs (health-degraded on {CULPRIT} -> rollback-completed)")
        for n in range(wide_runs):
            wides.append(w := await b.wide(n))
            say(
                f"  .. run {n + 1}/{wide_runs}: detection -> completed {w['total']:.3f} s (decision "
                f"{w['decision'] * 1e3:.0f} ms; the slowest command of each wave, summed {w['commands'] * 1e3:.0f} ms)"
            )
        say(f"  health gates passed by the benchmark: {follower.gates}")
    say("\nbaseline: two hops of raw Redis (XADD -> relay process -> relay process -> XREAD, one at a time)")
    body = encode(degraded(world.DECIDE, world.SOLO, "2.0.0"))[DATA_FIELD]
    with world.relays(url) as streams:
        base = (await world.round_trips(url, streams, body, runs + WARMUP))[WARMUP:]
    return report(decisions, wides, base, cpu, wall / runs)


def report(
    decisions: list[tuple[float, float, float]],
    wides: list[dict[str, Any]],
    base: list[float],
    cpu: dict[str, float],
    per_run: float,
) -> dict[str, object]:
    times = [d[0] for d in decisions]
    p50, p99, b50, b99 = percentile(times, 50), percentile(times, 99), percentile(base, 50), percentile(base, 99)
    say(f"\nresults: decision over {len(times)} runs ({per_run * 1e3:.0f} ms per run: deploy, degrade, roll back)")
    say(f"  health-degraded -> rollback-started       {stats(times)}")
    say(f"    -> rollback-requested (rollback service) {stats([d[1] for d in decisions])}")
    say(f"    -> rollback-started (coordinator)        {stats([d[2] for d in decisions])}")
    say(
        f"  raw two-hop floor                         {stats(base)} -> decision "
        f"{shown(ratio(p50, b50), '.1f')}x, {shown(ratio(p99, b99), '.1f')}x"
    )
    say("  CPU during the decision runs: " + ", ".join(f"{k} {v:.2f} cores" for k, v in cpu.items()))
    totals = [w["total"] for w in wides]
    median, middle = statistics.median(totals), sorted(wides, key=lambda w: w["total"])[len(wides) // 2]
    orchestration = statistics.median(w["orchestration"] for w in wides)
    say(
        f"\n20 services, 4 reverse waves: detection -> rollback-completed median {median:.3f} s, max "
        f"{max(totals):.3f} s; orchestration (minus the slowest command of each wave) median {orchestration:.3f} s; "
        f"rollback-started -> completed median {statistics.median(w['started_to_completed'] for w in wides):.3f} s"
    )
    say(f"  a middle run, ms after rollback-started (occurred_at); completed at {middle['completed_at'] * 1e3:.1f}:")
    for i, p in enumerate(middle["phases"]):
        say(
            f"    wave {i + 1} ({p['services']} services): commands from {p['start'] * 1000:6.1f}, all done "
            f"{p['commands_done'] * 1000:6.1f}, gates passed {p['gates_done'] * 1000:6.1f}; the commands' own "
            f"duration_s: slowest {p['command_max'] * 1000:5.1f}, sum {p['command_sum'] * 1000:6.1f}"
        )
    decision_ok = p99 is not None and p99 < TARGET_DECISION_P99_MS
    rollback_ok = median < TARGET_ROLLBACK_S
    say(
        f"\n  targets: decision p99 < {TARGET_DECISION_P99_MS:g} ms {'met' if decision_ok else 'MISSED'} "
        f"({shown(p99, '.1f')}); "
        f"20-service rollback < {TARGET_ROLLBACK_S:g} s {'met' if rollback_ok else 'MISSED'} (median {median:.3f} s, "
        f"max {max(totals):.3f} s, wall time with the commands in it)"
    )
    return {
        "decision_p50_ms": rounded(p50, 3),
        "decision_p99_ms": rounded(p99, 3),
        "decision_max_ms": round(max(times), 3),
        "runs": len(times),
        "decision_requested_p50_ms": rounded(percentile([d[1] for d in decisions], 50), 3),
        "rollback_20_services_s": round(median, 4),
        "rollback_20_services_max_s": round(max(totals), 4),
        "rollback_20_orchestration_s": round(orchestration, 4),
        "rollback_20_runs": len(wides),
        "rollback_20_started_to_completed_s": round(statistics.median(w["started_to_completed"] for w in wides), 4),
        "rollback_20_waves": len(middle["phases"]),
        "baseline_two_hop_p50_ms": rounded(b50, 3),
        "baseline_two_hop_p99_ms": rounded(b99, 3),
        "ratio_p50_vs_baseline": rounded(ratio(p50, b50), 2),
        "ratio_p99_vs_baseline": rounded(ratio(p99, b99), 2),
        "cpu_cores_during_decisions": cpu,
        "health_gates": "passed by the benchmark on read (no monitor, no probes)",
        "met": decision_ok and rollback_ok,
        "targets": {"decision_p99_ms": TARGET_DECISION_P99_MS, "rollback_20_services_s": TARGET_ROLLBACK_S},
    }


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
            result = asyncio.run(bench(url, plan, pids, args.runs, args.wide_runs))
    say(f"\ntotal {time.perf_counter() - started:.1f}s")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
