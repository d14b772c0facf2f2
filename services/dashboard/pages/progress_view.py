"""A deployment in flight as a live timeline, decided from its view and the time now: its waves left to right, per
service its steps (every attempt of its commands, its health gate, its rollback), then verification, bake and
rollback; its milestones with their times; how long it has taken and what it waits for. templates/_progress.html
renders it; static/js/progress.js builds the same from the API's JSON for a deployment that changes live."""

from dataclasses import dataclass
from datetime import datetime

from services.dashboard.domain.views import TERMINAL, DeploymentView, ServiceSteps

from .progress_text import attempt_text, clock, duration, elapsed, gate_text, iso, rollback_text, service_title


@dataclass(frozen=True)
class Step:
    kind: str  # attempt, gate, rollback, verification, bake
    outcome: str  # running, waiting, succeeded, passed, failed, completed, requested, ended
    text: str


@dataclass(frozen=True)
class ServiceBox:
    name: str
    title: str
    running: bool  # a command of it runs now: its log lines are shown as they come
    steps: list[Step]


@dataclass(frozen=True)
class Wave:
    index: int
    title: str
    services: list[ServiceBox]


@dataclass(frozen=True)
class Milestone:
    label: str
    iso: str
    clock: str


@dataclass(frozen=True)
class Progress:
    id: str
    ended: bool
    waiting: str
    since_iso: str
    until_iso: str  # empty while it runs: the page counts on from since_iso
    elapsed: str
    waves: list[Wave]
    after: list[Step]
    milestones: list[Milestone]


def service_box(steps: ServiceSteps, asked: str | None) -> ServiceBox:
    lines = [Step("attempt", a.outcome, attempt_text(a)) for a in steps.attempts]
    if steps.gate:
        lines.append(Step("gate", steps.gate.outcome, gate_text(steps.gate)))
    if said := rollback_text(steps):
        lines.append(Step("rollback", "failed" if steps.rollback_ok is False else "succeeded", said))
    running = any(a.outcome == "running" for a in steps.attempts)
    return ServiceBox(steps.service, service_title(steps, asked), running, lines)


def waves_of(view: DeploymentView) -> list[Wave]:
    """The plan's waves in order; a service the events name outside them comes last, in a wave of its own."""
    placed = [name for wave in view.waves for name in wave]
    others = sorted(name for name in view.services if name not in placed)
    groups = [list(wave) for wave in view.waves] + ([others] if others else [])
    shown = []
    for index, names in enumerate(groups):
        title = f"Wave {index + 1}" if index < len(view.waves) else "Other services"
        boxes = [service_box(view.services.get(n) or ServiceSteps(service=n), view.versions.get(n)) for n in names]
        shown.append(Wave(index, title, boxes))
    return shown


def after_waves(view: DeploymentView, now: datetime) -> list[Step]:
    steps = []
    if check := view.verification:
        kinds = f" ({', '.join(check.kinds)})" if check.kinds else ""
        summary = f": {check.summary}" if check.summary else ""
        steps.append(Step("verification", check.status, f"Verification{kinds}: {check.status}{summary}"))
    if view.bake_until:
        done = now >= view.bake_until or view.status in TERMINAL
        word = "Baked until" if done else "Baking until"
        steps.append(Step("bake", "ended" if done else "running", f"{word} {clock(view.bake_until)} UTC"))
    if back := view.rollback:
        why = f" ({back.trigger})" if back.trigger else ""
        took = f" in {duration(back.duration_s)}" if back.duration_s is not None else ""
        waves = " then ".join(", ".join(wave) for wave in back.waves)
        order = f"; waves {waves}" if waves else ""
        steps.append(Step("rollback", back.outcome, f"Rollback{why}: {back.outcome}{took}{order}"))
    return steps


def milestones_of(view: DeploymentView) -> list[Milestone]:
    found: list[tuple[str, datetime | None]] = [("Requested", view.created_at)]
    if view.approval:
        found.append(("Approval asked", view.approval.requested_at))
        if view.approval.granted_by:
            found.append((f"Approved by {view.approval.granted_by}", view.approval.granted_at))
    found.append(("Started", view.started_at))
    if view.pause:
        found.append(("Paused", view.pause.at))
    found.extend((f"Resumed by {said.by} ({said.reason})", said.at) for said in view.resumes)
    if view.verification:
        found.append(("Verification", view.verification.requested_at))
    if view.rollback:
        found.append(("Rollback asked", view.rollback.requested_at))
    if view.status in TERMINAL:
        found.append((view.status.capitalize(), view.ended_at or view.updated_at))
    return [Milestone(label, iso(at), clock(at)) for label, at in found if at is not None]


def waiting_for(view: DeploymentView, waves: list[Wave]) -> str:
    """What the deployment waits for now, in a sentence; empty once it ended."""
    running = [box.name for wave in waves for box in wave.services if box.running]
    gates = [name for name, s in sorted(view.services.items()) if s.gate and s.gate.outcome == "waiting"]
    match view.status:
        case "requested":
            return "Waiting for the coordinator to take it"
        case "queued":
            return f"Waiting behind {view.queued_behind}" if view.queued_behind else "Waiting in the queue"
        case "awaiting-approval":
            who = ", ".join(view.approval.approvers) if view.approval and view.approval.approvers else ""
            return f"Waiting for approval by {who}" if who else "Waiting for approval"
        case "paused":
            why = view.pause.reason if view.pause and view.pause.reason else view.failure
            return f"Waiting for a person to resume or roll back: {why}" if why else "Waiting for a person"
        case "verifying":
            return "Waiting for verification"
        case "baking":
            return f"Waiting for the bake to end at {clock(view.bake_until)} UTC" if view.bake_until else "Baking"
        case "rolling-back":
            return "Waiting for the rollback to finish"
        case "running" if gates:
            return f"Waiting for the health gate of {', '.join(gates)}"
        case "running" if running:
            return f"Waiting for the command of {', '.join(running)}"
        case "running":
            return "Running"
    return ""


def progress_of(view: DeploymentView, now: datetime) -> Progress:
    ended = view.status in TERMINAL
    since = view.started_at or view.created_at
    until = (view.ended_at or view.updated_at) if ended else None
    waves = waves_of(view)
    return Progress(
        id=view.id,
        ended=ended,
        waiting=waiting_for(view, waves),
        since_iso=iso(since),
        until_iso=iso(until) if until else "",
        elapsed=elapsed(since, until or now),
        waves=waves,
        after=after_waves(view, now),
        milestones=milestones_of(view),
    )
