"""What the operator commands print, and what needs a person (pure: snapshots in, text and verdicts out)."""

from typing import Any

from services.coordinator.domain.model import Deployment, EnvironmentState, Phase


def question(environment: str, what: str, production: bool) -> str:
    """`production`: the plan's word for the environment (shared.plan.model.is_production, the only rule)."""
    if production:
        return f"{what} in {environment}? type the environment name to confirm: "
    return f"{what} in {environment}? [y/N] "


def accepted(environment: str, answer: str, production: bool) -> bool:
    """Production wants its name typed; elsewhere y or yes (any case). Anything else, or nothing, is a no."""
    typed = answer.strip()
    return typed == environment if production else typed.lower() in ("y", "yes")


def needs_person(
    env: EnvironmentState, active: Deployment | None, last: Deployment | None, attention: dict[str, Any]
) -> list[str]:
    """Sentences, one per thing in the environment a person must look at; empty when all is well."""
    found = []
    if active and active.phase == Phase.PAUSED:
        found.append(
            f"{active.id} is paused: {active.failure or 'a service failed'}; "
            f"`flightdeck resume {active.id} --retry|--continue` or `flightdeck rollback`"
        )
    if active and active.phase == Phase.AWAITING_APPROVAL:
        found.append(f"{active.id} waits for approval: `flightdeck approve {active.id}`")
    if last and last.phase == Phase.FAILED:
        found.append(f"{last.id} failed and was not rolled back: {last.failure}")
    for service, drift in sorted(attention.get("drift", {}).items()):
        found.append(f"{service} runs {drift.get('reported')} where {drift.get('desired')} was deployed (drift)")
    for incident in attention.get("incidents", []):
        found.append(f"incident {incident.get('incident_id')} is open: {incident.get('title', '')}")
    return found


def versions(snapshot: Deployment) -> str:
    return ", ".join(f"{name} {item.version}" for name, item in snapshot.services.items()) or "-"


def paint(text: str, tone: str, colour: bool) -> str:
    """ANSI colour for a terminal (red bad, yellow warn, green ok); the text itself otherwise."""
    codes = {"bad": "31;1", "warn": "33", "ok": "32"}
    return f"\033[{codes[tone]}m{text}\033[0m" if colour else text


def status_lines(
    name: str, env: EnvironmentState, active: Deployment | None, problems: list[str], colour: bool = False
) -> list[str]:
    running = ", ".join(f"{s} {d.version}" for s, d in sorted(env.desired.items())) or "nothing deployed yet"
    verdict = paint("NEEDS A PERSON", "bad", colour) if problems else paint("ok", "ok", colour)
    lines = [f"{name}: {verdict}", f"  running   {running}"]
    if active:
        phase = paint(str(active.phase), "warn", colour)
        lines.append(f"  active    {active.id} {phase} ({versions(active)})")
    if env.queue:
        lines.append(f"  queued    {', '.join(q.id for q in env.queue)}")
    lines.extend(f"  {paint('!', 'bad', colour)}         {problem}" for problem in problems)
    return lines


def history_line(snapshot: Deployment) -> str:
    created = snapshot.created_at.strftime("%Y-%m-%d %H:%M:%S")
    by = snapshot.requested_by
    return f"{created}  {snapshot.id:<32} {snapshot.phase:<12} {versions(snapshot)}  by {by}"
