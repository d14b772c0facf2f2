"""Answers health-gate requests: probe the service's ready endpoint until it passes N times, the new version is
known bad (failures_to_degraded failures of it in a row), or the gate expires.

Gates live in Redis (gate_store), so a gate outlives the replica that opened it: the others adopt gates whose
owner stopped probing. Probes of different gates run side by side; each gate is probed at its plan's interval.
"""

import asyncio
import contextlib
import logging
import time
from typing import Any

from shared.backoff import Backoff
from shared.bus.handlers import Handlers
from shared.events import Event, HealthGateFailed, HealthGatePassed, HealthGateRequested
from shared.events.health import HealthGateFailedPayload, HealthGatePassedPayload, ProbeEvidence
from shared.tasks import cancel_all

from .domain.gates import Gate, GateVerdict, expire, observe
from .gate_plan import configure
from .gate_store import GateStore
from .plans import MonitorPlans
from .sampling import Probe, sample_of
from .timeline import milestone

log = logging.getLogger("flightdeck.monitor.gates")


class Gatekeeper:
    def __init__(self, store: GateStore, plans: MonitorPlans, probe: Probe, me: str, tick_s: float = 0.1) -> None:
        self.store, self.plans, self.probe, self.me, self.tick_s = store, plans, probe, me, tick_s
        self._probing: dict[str, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()

    def handlers(self) -> Handlers:
        return Handlers().on(HealthGateRequested, self.requested)

    async def requested(self, event: HealthGateRequested) -> None:
        now = time.time()
        gate = Gate(
            gate_id=event.event_id,
            deployment_id=event.deployment_id,
            environment=event.environment,
            service=event.service,
            url="",
            expected_version=event.payload.expected_version,
            passes_needed=event.payload.consecutive_passes,
            opened_at=now,
            deadline=now + event.payload.timeout_s,
            owner=self.me,
            beat=now,
        )
        stored = await self.plans.current()
        problem = configure(gate, stored, self.plans.error, event.payload.color)
        await self.store.open(gate)
        if problem:
            await self._decide(gate, GateVerdict("failed", problem, 0.0))
        self._wake.set()

    async def run_forever(self) -> None:
        """Takes up the gates nobody probes, woken by a request or once a second; outlives Redis going away
        (logs, waits longer each time in a row, tries again)."""
        backoff = Backoff(first=1.0, most=10.0)
        try:
            while True:
                self._wake.clear()
                try:
                    for gate_id in await self.store.ids():
                        if gate_id not in self._probing:
                            await self._maybe_take(gate_id)
                except Exception:
                    delay = backoff.next()
                    log.exception("looking for gates to probe failed; trying again in %.0fs", delay)
                    await asyncio.sleep(delay)
                    continue
                backoff.reset()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), 1.0)
        finally:  # what it started stops with it (see shared/tasks.py)
            await cancel_all(list(self._probing.values()))

    async def _maybe_take(self, gate_id: str) -> None:
        gate = await self.store.get(gate_id)
        if gate is None or not gate.url:
            return
        stale_before = time.time() - (3 * gate.interval_s + gate.timeout_s)
        if gate.owner == self.me or await self.store.adopt(gate, stale_before, self.me):
            gate.owner = self.me
            task = asyncio.create_task(self._keep_probing(gate))
            self._probing[gate_id] = task
            task.add_done_callback(lambda _: self._probing.pop(gate_id, None))

    async def _keep_probing(self, gate: Gate) -> None:
        """Probes `gate` at its interval until it is decided or adopted by another replica. A turn that fails
        (Redis gone) is logged and tried again, later each time in a row, with the gate's probes so far kept."""
        backoff = Backoff(first=max(gate.interval_s, 0.5), most=10.0)
        while True:
            started = time.monotonic()
            try:
                going = await self._turn(gate)
            except Exception:
                delay = backoff.next()
                log.exception("probing the gate of %s failed; trying again in %.1fs", gate.service, delay)
            else:
                if not going:
                    return
                backoff.reset()
                delay = gate.interval_s - (time.monotonic() - started)
            await asyncio.sleep(max(0.0, delay))

    async def _turn(self, gate: Gate) -> bool:
        """One probe of `gate`, counted and saved; False once the gate needs no more."""
        result = await self.probe(gate.url, gate.timeout_s)
        if not gate.last:  # the first probe of this gate (until it is counted: a turn that failed tries again)
            await milestone(
                self.store.redis,
                self.store.keys,
                gate.deployment_id,
                "first-probe",
                gate.service,
                f"{result.status}, version {result.version or 'not reported'}",
                result.at,
            )
        verdict = observe(gate, sample_of(result)) or expire(gate, time.time())
        if verdict:
            await self._decide(gate, verdict)
            return False
        gate.beat = time.time()
        return await self.store.save(gate)  # False: adopted by another replica meanwhile, which carries on

    async def _decide(self, gate: Gate, verdict: GateVerdict) -> None:
        envelope: dict[str, Any] = {
            "deployment_id": gate.deployment_id,
            "environment": gate.environment,
            "service": gate.service,
            "correlation_id": gate.deployment_id,
            "causation_id": gate.gate_id,
            "producer": "monitor",
        }
        evidence = [ProbeEvidence.model_validate(probe) for probe in gate.evidence()]
        if verdict.outcome == "passed":
            passed = HealthGatePassedPayload(
                version=gate.expected_version, waited_s=verdict.waited_s, evidence=evidence
            )
            event: Event = HealthGatePassed(payload=passed, **envelope)
        else:
            failed = HealthGateFailedPayload(reason=verdict.reason, waited_s=verdict.waited_s, evidence=evidence)
            event = HealthGateFailed(payload=failed, **envelope)
        if await self.store.close(gate, event):
            await milestone(
                self.store.redis,
                self.store.keys,
                gate.deployment_id,
                f"gate-{verdict.outcome}",
                gate.service,
                verdict.reason,
            )
            log.info(
                "gate %s for %s: %s",
                verdict.outcome,
                gate.service,
                verdict.reason or "ready",
                extra={"deployment_id": gate.deployment_id},
            )
