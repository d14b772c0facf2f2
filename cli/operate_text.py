"""What the operator commands print, and what needs a person (pure: snapshots in, text and verdicts out)."""

from typing import Any

ACTIVE = ("awaiting-approval", "running", "verifying", "baking", "rolling-back", "paused")
PRODUCTION = ("production", "prod")


def is_production(environment: str) -> bool:
    return environment in PRODUCTION or environment.startswith(("prod-", "production-"))


def question(environment: str, what: str) -> str:
    if is_production(environment):
        return f"{what} in {environment}? type the environment name to confirm: "
    return f"{what} in {environment}? [y/N] "


def accepted(environment: str, answer: str) -> bool:
    """Production wants its name typed; elsewhere y or yes (any case). Anything else, or nothing, is a no."""
    typed = answer.strip()
    return typed == environment if is_production(environment) else typed.lower() in ("y", "yes")


def needs_person(
    env: dict[str, Any], active: dict[str, Any] | None, last: dict[str, Any] | None, attention: dict[str, Any]
) -> list[str]:
    """Sentences, one per thing in the environment a person must look at; empty when all is well."""
    found = []
    if active and active.get("phase") == "paused":
        found.append(
            f"{active['id']} is paused: {active.get('failure') or 'a service failed'}; "
            f"`flightdeck resume {active['id']} --retry|--continue` or `flightdeck rollback`"
        )
    if active and active.get("phase") == "awaiting-approval":
        found.append(f"{active['id']} waits for approval: `flightdeck approve {active['id']}`")
    if last and last.get("phase") == "failed":
        found.append(f"{last['id']} failed and was not rolled back: {last.get('failure', '')}")
    for service, drift in sorted(attention.get("drift", {}).items()):
        found.append(f"{service} runs {drift.get('reported')} where {drift.get('desired')} was deployed (drift)")
    for incident in attention.get("incidents", []):
        found.append(f"incident {incident.get('incident_id')} is open: {incident.get('title', '')}")
    return found


def versions(snapshot: dict[str, Any]) -> str:
    services = snapshot.get("services") or {}
    return ", ".join(f"{name} {item.get('version')}" for name, item in services.items()) or "-"


def paint(text: str, tone: str, colour: bool) -> str:
    """ANSI colour for a terminal (red bad, yellow warn, green ok); the text itself otherwise."""
    codes = {"bad": "31;1", "warn": "33", "ok": "32"}
    return f"\033[{codes[tone]}m{text}\033[0m" if colour else text


def status_lines(
    name: str, env: dict[str, Any], active: dict[str, Any] | None, problems: list[str], colour: bool = False
) -> list[str]:
    desired = env.get("desired") or {}
    running = ", ".join(f"{s} {d.get('version')}" for s, d in sorted(desired.items())) or "nothing deployed yet"
    verdict = paint("NEEDS A PERSON", "bad", colour) if problems else paint("ok", "ok", colour)
    lines = [f"{name}: {verdict}", f"  running   {running}"]
    if active:
        phase = paint(str(active.get("phase")), "warn", colour)
        lines.append(f"  active    {active['id']} {phase} ({versions(active)})")
    queue = env.get("queue") or []
    if queue:
        lines.append(f"  queued    {', '.join(q['id'] for q in queue)}")
    lines.extend(f"  {paint('!', 'bad', colour)}         {problem}" for problem in problems)
    return lines


def history_line(snapshot: dict[str, Any]) -> str:
    created = str(snapshot.get("created_at", ""))[:19].replace("T", " ")
    by = snapshot.get("requested_by", "?")
    return f"{created}  {snapshot['id']:<32} {snapshot.get('phase', '?'):<12} {versions(snapshot)}  by {by}"
