"""The rollback policy (pure): the findings about a deployment in flight in, a decision out, with its reasons.

- A health finding (health-degraded: the monitor already needs failures_to_degraded probes in a row) decides alone,
  once it has lasted thresholds.degraded_for without a health-recovered.
- Metric findings (error rate or latency over a threshold, a failing canary judgement) decide only when at least
  rollback_policy.agreement of them agree: distinct metrics, or one metric in distinct windows. One noisy sample
  never rolls back.
- A health finding about a service whose own health gate still runs waits for it: the gate answers first (its
  failure fails the deployment in the coordinator), so one fault gets one verdict, not whichever of two came first.
- Only the signals the service's rollback_policy lists count. Deploy, gate and verification failures are not here:
  the coordinator acts on those itself.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from shared.plan.services import RollbackPolicy

FindingKind = Literal["health-degraded", "error-rate", "latency", "canary"]
SIGNAL_OF: dict[str, str] = {
    "health-degraded": "health-degraded",
    "error-rate": "error-rate",
    "latency": "latency",
    "canary": "performance-regressed",
}


class Finding(BaseModel):
    kind: FindingKind
    service: str
    at: float
    window: str  # findings of one kind in one window are one finding
    detail: str


@dataclass(frozen=True)
class RollbackDecision:
    action: Literal["rollback", "hold", "none"]
    trigger: Literal["health", "metrics"] = "health"
    reasons: list[str] = field(default_factory=list)
    culprits: list[str] = field(default_factory=list)
    recheck_at: float | None = None

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons)


def decide(
    findings: list[Finding], policies: Mapping[str, RollbackPolicy], now: float, gating: Collection[str] = ()
) -> RollbackDecision:
    """policies: the changed services of the deployment and their effective rollback_policy; gating: those of them
    live whose health gate has not passed yet."""
    reasons: list[str] = []
    culprits: list[str] = []
    holds: list[str] = []
    recheck: list[float] = []
    trigger: Literal["health", "metrics"] = "health"
    for service, policy in policies.items():
        mine = [f for f in findings if f.service == service and SIGNAL_OF[f.kind] in policy.signals]
        health = [f for f in mine if f.kind == "health-degraded"]
        if health and service in gating:
            first = min(health, key=lambda f: f.at)
            holds.append(f"{service}: {first.detail}; waiting for its health gate")
            health = []  # counts once the gate passed
        elif health:
            first = min(health, key=lambda f: f.at)
            lasted = now - first.at
            if lasted + 1e-9 >= policy.thresholds.degraded_for:
                reasons.append(f"{service}: {first.detail}" + (f", for {lasted:.0f}s" if lasted >= 1 else ""))
                culprits.append(service)
                continue
            holds.append(f"{service}: {first.detail}; waiting {policy.thresholds.degraded_for:g}s (degraded_for)")
            recheck.append(first.at + policy.thresholds.degraded_for)
        metric = {(f.kind, f.window): f for f in mine if f.kind != "health-degraded"}
        if len(metric) >= policy.agreement:
            if not culprits or culprits[-1] != service:
                culprits.append(service)
            trigger = "metrics" if not health else trigger
            agreeing = sorted(metric.values(), key=lambda f: f.at)
            reasons.append(
                f"{service}: {len(agreeing)} metric findings agree: " + "; ".join(f.detail for f in agreeing)
            )
        elif metric:
            holds.append(
                f"{service}: {len(metric)} of {policy.agreement} metric findings needed: "
                + "; ".join(f.detail for f in metric.values())
            )
    if culprits:
        on_health = any(
            f.kind == "health-degraded" and f.service in culprits and f.service not in gating for f in findings
        )
        return RollbackDecision("rollback", "health" if on_health else "metrics", reasons, culprits)
    if holds:
        return RollbackDecision("hold", trigger, holds, recheck_at=min(recheck) if recheck else None)
    return RollbackDecision("none")
