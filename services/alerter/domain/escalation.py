"""Escalation of an unacknowledged critical alert: each step after its delay, repeated as the step says. Pure."""

from collections.abc import Collection, Iterable

from pydantic import BaseModel

from shared.plan.alerting import Alerting, EscalationStep

from .alert import Alert


class Escalation(BaseModel):
    fingerprint: str
    steps: list[EscalationStep]
    step: int = 0  # the step to send next
    sent_at_step: int = 0  # how many times that step was sent
    due: float


def start(fingerprint: str, steps: list[EscalationStep], told_at: float) -> Escalation | None:
    """The chain of a critical alert that was just sent; None when its route has no escalation."""
    if not steps:
        return None
    return Escalation(fingerprint=fingerprint, steps=steps, due=told_at + steps[0].after)


def advance(chain: Escalation, now: float) -> tuple[EscalationStep, int, Escalation | None]:
    """The step to send now, its level (1-based) and the chain after it (None when nothing is left to send)."""
    step = chain.steps[chain.step]
    level = chain.step + 1
    if chain.sent_at_step < step.repeat:
        return step, level, chain.model_copy(update={"sent_at_step": chain.sent_at_step + 1, "due": now + step.after})
    if chain.step + 1 < len(chain.steps):
        following = chain.steps[chain.step + 1]
        return (
            step,
            level,
            chain.model_copy(update={"step": chain.step + 1, "sent_at_step": 0, "due": now + following.after}),
        )
    return step, level, None


def chain_steps(alerting: Alerting, route: int) -> list[EscalationStep]:
    """The escalation of a route (its index in alerting.routes; -1, the default route, has none of its own): the
    route's own steps when it has some, else the plan's."""
    routes = alerting.routes
    chosen = routes[route] if 0 <= route < len(routes) else None
    return list(chosen.escalation if chosen is not None and chosen.escalation is not None else alerting.escalation)


def escalates(alert: Alert, told: Collection[str]) -> bool:
    """Whether telling the alert starts its escalation: a critical alert (no notice) told for the first time."""
    return alert.severity == "critical" and not alert.notice and alert.fingerprint not in told


def chains_to_start(
    told_now: Iterable[Alert], steps: list[EscalationStep], running: Collection[str], now: float
) -> dict[str, Escalation]:
    """fingerprint -> the chain that starts now, for the alerts a flush told that escalate; an alert whose chain
    already runs keeps it, and a route without steps starts none."""
    chains = {a.fingerprint: start(a.fingerprint, steps, now) for a in told_now if a.fingerprint not in running}
    return {fp: chain for fp, chain in chains.items() if chain is not None}
