"""Watches the deployment in flight in each environment and asks for its rollback when the policy says so.

Findings (health-degraded, performance-degraded, a failing canary judgement) about the services a deployment
changes are kept in Redis per deployment; each new finding, and each due recheck (shared.due, RollbackKeys.recheck),
runs the pure policy. A rollback is asked for once per deployment (SET NX), and the coordinator carries it out."""

import logging
import time

from shared.bus.handlers import Handlers
from shared.due import DueWork, run_due
from shared.events import HealthDegraded, HealthGatePassed, HealthRecovered, PerformanceDegraded, RollbackRequested
from shared.events.rollback import RollbackRequestedPayload
from shared.keys.rollback import RollbackKeys
from shared.plan import resolve_for_environment
from shared.runtime import ServiceContext

from .domain.policy import Finding, FindingKind, RollbackDecision, decide
from .inflight import InFlight, Watch

log = logging.getLogger("flightdeck.rollback.policy")
KEEP_S = 7 * 86400


class Policy:
    def __init__(self, context: ServiceContext, inflight: InFlight, poll_s: float = 0.5) -> None:
        self.context = context
        self.redis = context.redis
        self.inflight = inflight
        self.poll_s = poll_s
        self.keys = RollbackKeys.of(context.keys)
        self.rechecks = DueWork(context.redis, self.keys.recheck)

    def handlers(self) -> Handlers:
        return (
            Handlers()
            .on(HealthDegraded, self.degraded)
            .on(HealthRecovered, self.recovered)
            .on(PerformanceDegraded, self.performance)
            .on(HealthGatePassed, self.gate_passed)
        )

    async def degraded(self, event: HealthDegraded) -> None:
        p = event.payload
        detail = f"{event.service} is {p.status}"
        if p.error_rate is not None:
            detail += f", error rate {p.error_rate:.1%}"
        watch = await self.inflight.active(event.environment)
        versions = {e.version for e in p.evidence if e.version}
        if watch and versions and watch.versions.get(event.service) not in versions:
            return  # the evidence is about another version than the one this deployment brought
        reasons = [e.reason for e in p.evidence if not e.ok and e.reason]
        if reasons:
            detail += f" ({reasons[-1]})"
        # From when its failing probes began: a run that began before the new version went live (a probe sent
        # before the deploy script finished, reported after) is not about the new version, and found() drops it.
        began = p.failing_since if p.failing_since is not None else event.occurred_at.timestamp()
        finding = Finding(kind="health-degraded", service=event.service, at=began, window="health", detail=detail)
        await self.found(event.environment, event.event_id, finding)

    async def performance(self, event: PerformanceDegraded) -> None:
        p = event.payload
        kind: FindingKind = "error-rate" if p.metric == "error_rate" else "latency"
        if p.metric not in ("error_rate", "latency_p95"):
            return
        shown = f"{p.value:.1%}" if kind == "error-rate" else f"{p.value:.0f} ms"
        limit = f"{p.threshold:.1%}" if kind == "error-rate" else f"{p.threshold:.0f} ms"
        detail = f"{p.metric.replace('_', ' ')} {shown} over {limit} on {p.version}"
        finding = Finding(
            kind=kind,
            service=event.service,
            at=event.occurred_at.timestamp(),
            window=f"{p.bucket_start:.3f}",
            detail=detail,
        )
        await self.found(event.environment, event.event_id, finding)

    async def recovered(self, event: HealthRecovered) -> None:
        watch = await self.inflight.active(event.environment)
        if watch is not None:
            field = f"health-degraded|{event.service}|health"
            await self.redis.hdel(self.keys.findings(watch.deployment_id), field)

    async def gate_passed(self, event: HealthGatePassed) -> None:
        """A health finding held while the service's gate ran counts now (the in-flight view saw the pass)."""
        watch = await self.inflight.active(event.environment)
        if watch is not None and watch.deployment_id == event.deployment_id:
            await self.evaluate(watch, event.event_id)

    async def found(self, environment: str, cause: str | None, finding: Finding) -> None:
        """Records a finding about a service the deployment in flight changes, then decides."""
        watch = await self.inflight.active(environment)
        live = watch.deployed.get(finding.service) if watch else None
        if watch is None or live is None or finding.at < live.timestamp():
            return  # not about a new version that is live: its deploy step's own gate answers for it
        key = self.keys.findings(watch.deployment_id)
        field = f"{finding.kind}|{finding.service}|{finding.window}"
        await self.redis.hsetnx(key, field, finding.model_dump_json())
        await self.redis.expire(key, KEEP_S)
        await self.evaluate(watch, cause)

    async def evaluate(self, watch: Watch, cause: str | None = None) -> RollbackDecision:
        raw = await self.redis.hgetall(self.keys.findings(watch.deployment_id))
        if not raw:
            return RollbackDecision("none")
        findings = [Finding.model_validate_json(value) for value in raw.values()]
        stored = await self.context.plans.current()
        if stored is None:
            return RollbackDecision("none")
        services = resolve_for_environment(stored.plan, watch.environment).services
        policies = {name: services[name].rollback_policy for name in watch.versions if name in services}
        gating = {name for name in watch.deployed if name in services and services[name].probed} - watch.gated
        decision = decide(findings, policies, time.time(), gating)
        if decision.action == "hold" and decision.recheck_at is not None:
            await self.rechecks.at(f"{watch.environment}|{watch.deployment_id}", decision.recheck_at)
        if decision.action == "rollback":
            await self._roll_back(watch, decision, cause)
        return decision

    async def _roll_back(self, watch: Watch, decision: RollbackDecision, cause: str | None) -> None:
        first = await self.redis.set(self.keys.decided(watch.deployment_id), decision.summary, nx=True, ex=KEEP_S)
        if not first:
            return
        reason = f"{decision.trigger}: {decision.summary}"
        log.warning(
            "rolling back %s: %s",
            watch.deployment_id,
            reason,
            extra={"deployment_id": watch.deployment_id, "event_id": cause},
        )
        await self.context.publisher.publish(
            RollbackRequested(
                deployment_id=watch.deployment_id,
                environment=watch.environment,
                causation_id=cause,
                payload=RollbackRequestedPayload(
                    reason=reason[:500],
                    trigger=decision.trigger,
                    services=[],
                    requested_by="rollback-policy",
                    reasons=decision.reasons,
                ),
            )
        )

    async def run_forever(self) -> None:
        """Rechecks held decisions when they fall due (a health finding waiting out degraded_for)."""
        await run_due(self.rechecks, self.recheck, log=log, poll_s=self.poll_s, limit=50)

    async def recheck(self, member: str) -> None:
        """Decides again for the deployment, if it is still in flight; done with it unless still held (evaluate
        made it due again then). Until then its lease holds it: a crash in between rechecks it again."""
        environment, _, deployment_id = member.partition("|")
        watch = await self.inflight.active(environment)
        decision = None
        if watch is not None and watch.deployment_id == deployment_id:
            decision = await self.evaluate(watch)
        if decision is None or decision.action != "hold" or decision.recheck_at is None:
            await self.rechecks.done(member)
