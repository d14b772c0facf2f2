"""The words of a deployment's timeline, from plain values: durations, clock times, and one line per step of a
service (an attempt of a command, its health gate, its rollback). static/js/progress_text.js says the same words the
same way (tests/unit/dashboard/test_page_progress.py runs both), so the arithmetic is kept to what both languages
do alike: tenths rounded half up with floor, never a float formatted by the language."""

import math
from datetime import UTC, datetime

from services.dashboard.domain.views import Attempt, GateView, ServiceSteps

STEP_NAMES = {"deploy": "Deploy", "switch": "Switch", "rollback": "Rollback"}


def duration(seconds: float) -> str:
    """4.2 s under a minute, else 2 min 5 s."""
    tenths = math.floor(max(seconds, 0) * 10 + 0.5)
    if tenths < 600:
        return f"{tenths // 10}.{tenths % 10} s"
    return f"{tenths // 600} min {(tenths % 600) // 10} s"


def elapsed(since: datetime, until: datetime) -> str:
    """Whole seconds between the two, as duration() says them."""
    return duration(math.floor(max((until - since).total_seconds(), 0)))


def clock(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%H:%M:%S")


def iso(at: datetime) -> str:
    """As a browser's toISOString() writes it: milliseconds, Z."""
    return f"{at.astimezone(UTC):%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03}Z"


def attempt_text(attempt: Attempt) -> str:
    name = f"{STEP_NAMES.get(attempt.step, attempt.step)} attempt {attempt.attempt} ({attempt.version})"
    took = duration(attempt.duration_s) if attempt.duration_s is not None else ""
    if attempt.outcome == "running":
        return f"{name}: running since {clock(attempt.started_at)}"
    if attempt.outcome == "succeeded":
        return f"{name}: succeeded in {took}, exit {attempt.exit_code if attempt.exit_code is not None else 0}"
    how = "timed out" if attempt.timed_out else "failed"
    code = f", exit {attempt.exit_code}" if attempt.exit_code is not None else ""
    reason = f": {attempt.reason}" if attempt.reason else ""
    return f"{name}: {how} after {took}{code}{reason}"


def gate_text(gate: GateView) -> str:
    if gate.outcome == "waiting":
        since = f" since {clock(gate.requested_at)}" if gate.requested_at else ""
        return f"Health gate: waiting{since}"
    waited = f" after {duration(gate.waited_s)}" if gate.waited_s is not None else ""
    reason = f": {gate.reason}" if gate.reason else ""
    return f"Health gate: {gate.outcome}{waited}{reason}"


def rollback_text(steps: ServiceSteps) -> str:
    """The service's own rollback, once it ended; empty before."""
    if steps.rollback_ok is False:
        return f"Rollback failed: {steps.rollback_detail}" if steps.rollback_detail else "Rollback failed"
    if steps.restored_version:
        return f"Rolled back to {steps.restored_version}"
    return ""


def service_title(steps: ServiceSteps, asked: str | None) -> str:
    to = steps.to_version or asked
    if steps.from_version and to:
        return f"{steps.service} {steps.from_version} → {to}"
    return f"{steps.service} {to}" if to else steps.service
