"""Escalation of an unacknowledged critical alert: each step after its delay, repeated as the step says. Pure."""

from pydantic import BaseModel

from shared.plan.alerting import EscalationStep


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
