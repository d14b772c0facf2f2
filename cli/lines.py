"""What each event of a deployment says in one line for a person (pure). A failure is said once, where it happens,
with everything needed (what failed, why, where its output is); what follows from it does not repeat it."""

from collections.abc import Callable, Collection
from typing import Any

from shared.durations import format_duration
from shared.events import Event

Line = tuple[str, str]  # (text, tone): tone one of "", ok, warn, bad


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def listed(versions: dict[str, str]) -> str:
    return ", ".join(f"{name} {version}" for name, version in versions.items())


def reason_of(event: Event) -> str:
    return str(getattr(event.payload, "reason", "") or getattr(event.payload, "summary", "") or "")


def failure_said(event: Event) -> str | None:
    """The failure a line told, as the coordinator words it in deployment-failed (`service: reason`)."""
    p: Any = event.payload
    if event.type == "service-deploy-failed" and p.step != "rollback":
        return f"{event.service}: {p.reason}"
    if event.type == "health-gate-failed":
        return f"{event.service}: health gate failed: {p.reason}"
    if event.type == "deployment-failed":
        return str(p.reason)
    return None


def _service_step(event: Event) -> Line:
    p: Any = event.payload
    name = event.service
    step = getattr(p, "step", "deploy")
    what = f"rollback {name} -> {p.version}" if step == "rollback" else f"{step} {name} {p.version}"
    if event.type == "service-deploy-started":
        again = f" (attempt {p.attempt})" if p.attempt > 1 else ""
        return f"{what} ...{again}", ""
    if event.type == "service-deploy-succeeded":
        return f"{what} ... ok {p.duration_s:.1f}s", "ok"
    why = p.reason or (f"timed out after {p.duration_s:.0f}s" if p.timed_out else f"exit {p.exit_code}")
    where = (
        f"{'after ' + format_duration(p.duration_s) + '; ' if p.duration_s else ''}"
        f"output: flightdeck logs {event.deployment_id}"
    )
    return f"FAILED {what}: {why} ({where})", "bad"


def _failed(p: Any, said: Collection[str]) -> Line:
    if p.reason in said:
        return f"FAILED    {', '.join(p.failed_services) or 'a step'} failed: the deployment stops", "bad"
    return f"FAILED    {p.reason}", "bad"


def _rollback(p: Any, said: Collection[str]) -> Line:
    undoing = ", ".join(name for wave in p.waves for name in wave) or "nothing changed"
    return (
        f"rollback  started: undoing {undoing}"
        if p.reason in said
        else f"rollback  started: {p.reason} (undoing {undoing})"
    ), "warn"


def describe(event: Event, waves: int = 0, said: Collection[str] = ()) -> Line | None:
    """The event's line, None for events not worth one; `said` holds the failures already told (failure_said)."""
    p: Any = event.payload
    kind = event.type
    name = event.service
    if kind.startswith("service-deploy-"):
        return _service_step(event)
    lines: dict[str, Callable[[], Line]] = {
        "deployment-started": lambda: (f"started   {listed(p.versions)} ({plural(len(p.waves), 'wave')})", ""),
        "deployment-queued": lambda: (f"queued    behind {p.behind} (position {p.position})", "warn"),
        "approval-requested": lambda: (
            f"waiting   for approval{' from ' + ', '.join(p.approvers) if p.approvers else ''}",
            "warn",
        ),
        "approval-granted": lambda: (f"approved  by {p.approved_by}", "ok"),
        "stage-started": lambda: (f"wave {p.wave + 1}/{waves or '?'}  {', '.join(p.services)}", ""),
        "stage-failed": lambda: (f"wave {p.wave + 1} FAILED: {p.reason}", "bad"),
        "health-gate-passed": lambda: (f"gate {name} passed", "ok"),
        "health-gate-failed": lambda: (f"gate {name} FAILED: {p.reason}", "bad"),
        "verification-passed": lambda: ("verified  checks passed", "ok"),
        "verification-failed": lambda: (f"verification FAILED: {reason_of(event) or 'see the results'}", "bad"),
        "bake-started": lambda: (f"baking    for {format_duration(p.duration_s)}", ""),
        "deployment-failed": lambda: _failed(p, said),
        "deployment-paused": lambda: (
            f"PAUSED    {'' if p.reason in said else p.reason + ': '}a person must "
            f"resume it (flightdeck resume {event.deployment_id}) or roll it back "
            "(this command keeps waiting)",
            "warn",
        ),
        "deployment-rejected": lambda: (f"REJECTED  {p.reason}", "bad"),
        "deploy-request-refused": lambda: (f"REFUSED   {p.reason}", "bad"),
        "deploy-request-repeated": lambda: (
            f"{event.deployment_id} is already this request's deployment ({p.phase}): following it from its start",
            "warn",
        ),
        "deployment-cancelled": lambda: (f"cancelled by {p.cancelled_by}{': ' + p.reason if p.reason else ''}", "warn"),
        "rollback-started": lambda: _rollback(p, said),
        "rollback-failed": lambda: (
            "ROLLBACK FAILED  " + "; ".join(f"{o.service}: {o.detail or 'failed'}" for o in p.outcomes if not o.ok),
            "bad",
        ),
        "deployment-rolled-back": lambda: (f"rolled back  {listed(p.services) or 'nothing changed'}", "warn"),
        "deployment-succeeded": lambda: (f"succeeded {listed(p.versions)}", "ok"),
    }
    make = lines.get(kind)
    return make() if make else None
