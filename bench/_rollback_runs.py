"""The rollback benchmark's runs: a decision (deploy one service, wait until it bakes and the rollback service has
handled that, publish health-degraded, time rollback-requested and rollback-started as read) and a 20-service
rollback (the same on the wide environment, timed wave by wave from the events' occurred_at)."""

import json
import time
from datetime import datetime

from bench import _rollback_world as world
from bench._rollback_follower import Follower, Seen
from bench._rollback_report import DecisionTimes, WaveTimes, WideRollbackTimes
from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, HealthDegraded
from shared.events.deployment import DeployRequestedPayload
from shared.events.health import HealthChangePayload, ProbeEvidence
from shared.streams import Keys

CULPRIT = "w3-0"  # the degraded one of the 20 (any would do)


def at(seen: Seen) -> float:
    return datetime.fromisoformat(seen.data["occurred_at"]).timestamp()


def degraded(environment: str, service: str, version: str) -> HealthDegraded:
    return HealthDegraded(
        service=service,
        environment=environment,
        payload=HealthChangePayload(
            status="degraded",
            previous_status="healthy",
            evidence=[ProbeEvidence(ok=False, http_status=500, version=version, reason="HTTP 500")],
        ),
    )


class RollbackBench:
    """The decision runs and the 20-service rollbacks, each timed from the events the follower read."""

    def __init__(self, follower: Follower) -> None:
        self.follower, self.publisher = follower, EventPublisher(follower.redis, Keys(), producer="bench")

    async def until(self, deployment_id: str, *types: str, bad: tuple[str, ...] = ("rollback-failed",)) -> Seen:
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
                payload=DeployRequestedPayload(version=version, services=services, requested_by="bench"),
            )
        )
        seen = await self.until(deployment_id, until, bad=("deployment-failed", "deployment-rejected"))
        await self.follower.handled("rollback", seen)  # before any degradation: see the docstring

    async def roll_back(
        self, environment: str, deployment_id: str, service: str, version: str
    ) -> tuple[float, list[Seen]]:
        """Publishes health-degraded about `version`, waits until the deployment is rolled back; returns perf_counter
        just before the XADD, and rollback-requested, -started, -completed and deployment-rolled-back as read."""
        event, t0 = degraded(environment, service, version), time.perf_counter()
        await self.publisher.publish(event)
        kinds = ("rollback-requested", "rollback-started", "rollback-completed", "deployment-rolled-back")
        return t0, [await self.until(deployment_id, kind) for kind in kinds]

    async def decision(self, n: int) -> DecisionTimes:
        deployment_id, version = f"decide-{n}", f"2.0.{n}"
        await self.deploy(world.DECIDE, deployment_id, version, [world.SOLO])
        t0, (requested, started, *_) = await self.roll_back(world.DECIDE, deployment_id, world.SOLO, version)
        r, s = requested.read_at, started.read_at
        return DecisionTimes(
            started_ms=(s - t0) * 1000, requested_ms=(r - t0) * 1000, requested_to_started_ms=(s - r) * 1000
        )

    async def wide(self, n: int) -> WideRollbackTimes:
        deployment_id, version = f"wide-{n}", f"2.1.{n}"
        await self.deploy(world.WIDE, deployment_id, version, world.WIDE_SERVICES)
        t0, (_, started, completed, _) = await self.roll_back(world.WIDE, deployment_id, CULPRIT, version)
        trail = self.follower.seen[deployment_id]
        after, zero, waves = trail[trail.index(started) :], at(started), []
        for wave in started.data["payload"]["waves"]:  # by the events' occurred_at, from rollback-started
            mine = [s for s in after if s.data.get("service") in wave]
            done = [s for s in mine if s.data["type"] == "service-deploy-succeeded"]
            durations = [s.data["payload"]["duration_s"] for s in done]
            waves.append(
                WaveTimes(
                    services=len(wave),
                    command_max=max(durations),
                    command_sum=sum(durations),
                    start=min(at(s) for s in mine if s.data["type"] == "service-deploy-started") - zero,
                    commands_done=max(at(s) for s in done) - zero,
                    gates_done=max(at(s) for s in mine if s.data["type"] == "health-gate-passed") - zero,
                )
            )
        return WideRollbackTimes(
            total=completed.read_at - t0,
            started_to_completed=completed.read_at - started.read_at,
            waves=waves,
            decision=started.read_at - t0,
            commands=sum(w.command_max for w in waves),
            completed_at=at(completed) - zero,
        )
