"""What a health document says inside it (pure): the release it runs, and the checks (health+json) and components
(Spring Boot Actuator) it names warning or failing."""

from typing import Any

from .result import Status
from .words import RANK, WORDS, cut, norm

MAX_DEPTH = 16  # actuator components nest; bound the walk so a hostile body cannot exhaust the stack

# Where each format keeps the version. releaseId first: in health+json "version" is the API's public version and
# releaseId the release, which is what a deployment's version names.
VERSION_PATHS = (
    ("releaseId",),
    ("version",),
    ("build", "version"),
    ("components", "build", "details", "version"),
    ("details", "build", "details", "version"),
)


def version(document: dict[str, Any]) -> str | None:
    """The release the document names, from the first of the formats' places that holds one."""
    for path in VERSION_PATHS:
        value: Any = document
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return cut(str(value).strip())
    return None


def detail(noun: str, failed: str, found: list[tuple[str, Status]]) -> list[str]:
    """What the reason says of `found`: "checks db failing", "components cache warning"."""
    parts = []
    for state, verb in (("fail", failed), ("warn", "warning")):
        names = [name for name, s in found if s == state]
        if names:
            parts.append(f"{noun} {', '.join(names)} {verb}")
    return parts


def checks(document: dict[str, Any]) -> list[tuple[str, Status]]:
    """health+json: {"checks": {"db:connections": [{"status": "fail", ...}, ...]}}; a lone object is accepted too.
    Early drafts called the map "details"; there only lists count, as Actuator's "details" holds objects."""
    found = []
    for key in ("checks", "details"):
        entries_by_name = document.get(key)
        if isinstance(entries_by_name, dict):
            found.extend(_check_states(entries_by_name, lone_objects=key == "checks"))
    return found


def _check_states(checks: dict[str, Any], lone_objects: bool) -> list[tuple[str, Status]]:
    found = []
    for name, entries in checks.items():
        if not isinstance(entries, list) and not lone_objects:
            continue
        states = [
            _sub_state(e.get("status"))
            for e in (entries if isinstance(entries, list) else [entries])
            if isinstance(e, dict)
        ]
        worst = max((s for s in states if s is not None), key=RANK.__getitem__, default=None)
        if worst is not None:
            found.append((str(name), worst))
    return found


def components(node: dict[str, Any], prefix: str, depth: int) -> list[tuple[str, Status]]:
    """Actuator: the deepest non-passing components as paths ("db", "db/primary"). Boot 2.2+ nests them under
    "components"; 2.0 and 2.1 under "details", where leaves also keep plain info (no "status"), which we skip."""
    found: list[tuple[str, Status]] = []
    for key in ("components", "details"):
        children = node.get(key)
        if not isinstance(children, dict):
            continue
        for name, child in children.items():
            if not (isinstance(child, dict) and isinstance(child.get("status"), str)):
                continue
            path = f"{prefix}/{name}" if prefix else str(name)
            deeper = components(child, path, depth + 1) if depth < MAX_DEPTH else []
            state = _sub_state(child["status"])
            # A composite is down because of a child: name the child, which is where someone has to look.
            found.extend(deeper or ([(path, state)] if state is not None else []))
    return found


def _sub_state(raw: Any) -> Status | None:
    """A check's or component's state worth reporting: warn or fail. UNKNOWN parts (say, an unconfigured discovery
    client) and words we do not know are left to the overall status rather than listed as noise."""
    if not isinstance(raw, str) or norm(raw) == "unknown":
        return None
    state = WORDS.get(norm(raw))
    return state if state in ("warn", "fail") else None
