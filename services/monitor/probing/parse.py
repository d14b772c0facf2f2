"""Turns one health endpoint's answer into a verdict. Pure (bytes in, verdict out) and never raises.

Accepted, liberally: the HTTP status alone; the IETF draft health+json (status, checks, version, releaseId); Spring
Boot Actuator (status, nested components); a plain {"status": "healthy|degraded|unhealthy"}. When the HTTP status and
the body disagree the worse wins: a 503 whose body says "pass" is a failure, and so is a 200 whose body says "DOWN".
"""

import json
from dataclasses import dataclass
from typing import Any

from .result import Status

MAX_BODY = 256 * 1024  # health bodies are small; the prober reads at most MAX_BODY + 1 bytes so we can tell "larger"
_MAX_DEPTH = 16  # actuator components nest; bound the walk so a hostile body cannot exhaust the stack
_MAX_TEXT = 120  # versions and quoted words stay short: they travel in events
_RANK: dict[Status, int] = {"pass": 0, "warn": 1, "fail": 2}

# Lower-cased status words of every format: health+json pass/warn/fail (and the ok/up/down/error aliases its draft
# lists), Actuator UP/DOWN/OUT_OF_SERVICE/UNKNOWN, plain healthy/degraded/unhealthy.
WORDS: dict[str, Status] = {
    "pass": "pass",
    "ok": "pass",
    "up": "pass",
    "healthy": "pass",
    "warn": "warn",
    "degraded": "warn",
    "unknown": "warn",  # actuator: no indicator could tell. It serves (Spring answers 200), but we cannot vouch for it
    "fail": "fail",
    "error": "fail",
    "down": "fail",
    "unhealthy": "fail",
    "out_of_service": "fail",
}
# Where each format keeps the version. releaseId first: in health+json "version" is the API's public version and
# releaseId the release, which is what a deployment's version names.
_VERSION_PATHS = (
    ("releaseId",),
    ("version",),
    ("build", "version"),
    ("components", "build", "details", "version"),
    ("details", "build", "details", "version"),
)


@dataclass(frozen=True, slots=True)
class Parsed:
    status: Status
    version: str | None = None
    failing_checks: tuple[str, ...] = ()
    reason: str = ""  # "" when status is pass


def parse_health(http_status: int, content_type: str | None, body: bytes) -> Parsed:
    """The verdict on one response. `body` may be cut at MAX_BODY + 1 bytes by the reader."""
    http_verdict, http_reason = _from_http(http_status)
    status_only = Parsed(http_verdict, reason=http_reason)
    claims_json = "json" in (content_type or "").lower()
    text = body.lstrip()
    if not text or not (claims_json or text.startswith((b"{", b'"'))):
        return status_only  # no body, or plain text or HTML: the HTTP status is all there is
    if len(body) > MAX_BODY:
        if not claims_json:
            return status_only
        return _combine(http_verdict, http_reason, Parsed("fail", reason=f"body larger than {MAX_BODY // 1024} KiB"))
    try:
        document = json.loads(body)
    except RecursionError:
        return _unparsable(claims_json, status_only, "nested too deeply")
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError both are ValueErrors
        return _unparsable(claims_json, status_only, str(exc))
    return _combine(http_verdict, http_reason, _from_document(document))


def _from_http(code: int) -> tuple[Status, str]:
    if 200 <= code < 300:
        return "pass", ""
    if 300 <= code < 400:
        return "fail", f"HTTP {code} (redirect not followed)"  # a health URL that moved is a misconfigured gate
    return "fail", f"HTTP {code}"  # 429 included: a health endpoint that sheds our probe is not ready to take load


def _unparsable(claims_json: bool, status_only: Parsed, error: str) -> Parsed:
    if not claims_json:
        return status_only  # we only guessed JSON from a leading brace; the server never said it was
    return _combine(status_only.status, status_only.reason, Parsed("fail", reason=f"body is not JSON: {_cut(error)}"))


def _combine(http_verdict: Status, http_reason: str, body: Parsed) -> Parsed:
    status = http_verdict if _RANK[http_verdict] > _RANK[body.status] else body.status
    reason = "; ".join(r for r in (http_reason, body.reason) if r) if status != "pass" else ""
    return Parsed(status, body.version, body.failing_checks, reason)


def _from_document(document: Any) -> Parsed:
    if isinstance(document, str) and _norm(document) in WORDS:
        document = {"status": document}  # a bare JSON "OK" or "UP": some frameworks answer just that
    if not isinstance(document, dict):
        return Parsed("pass")  # valid JSON that says nothing about health: the HTTP status decides
    version = _version(document)
    checks, components = _checks(document), _components(document, "", 0)
    found = checks + components
    failing = tuple(name for name, state in found if state == "fail")
    warning = tuple(name for name, state in found if state == "warn")
    detail = "; ".join(_detail("checks", "failing", checks) + _detail("components", "down", components))
    if "status" not in document:
        # No overall word (health+json requires one; some services omit it): the worst check speaks for the service.
        status: Status = "fail" if failing else "warn" if warning else "pass"
        return Parsed(status, version, failing + warning, detail if status != "pass" else "")
    raw = document["status"]
    word = WORDS.get(_norm(raw)) if isinstance(raw, str) else None
    if word is None:
        return Parsed("fail", version, failing + warning, f"unrecognised status {_cut(repr(raw))}")
    # The overall word is the service's own aggregate (it may deliberately ignore a non-critical check), so it wins
    # over the checks; the failing ones still travel as evidence.
    reason = "" if word == "pass" else f"status {_cut(repr(raw))}" + (f" ({detail})" if detail else "")
    return Parsed(word, version, failing + warning, reason)


def _detail(noun: str, failed: str, found: list[tuple[str, Status]]) -> list[str]:
    parts = []
    for state, verb in (("fail", failed), ("warn", "warning")):
        names = [name for name, s in found if s == state]
        if names:
            parts.append(f"{noun} {', '.join(names)} {verb}")
    return parts


def _checks(document: dict[str, Any]) -> list[tuple[str, Status]]:
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
        worst = max((s for s in states if s is not None), key=_RANK.__getitem__, default=None)
        if worst is not None:
            found.append((str(name), worst))
    return found


def _components(node: dict[str, Any], prefix: str, depth: int) -> list[tuple[str, Status]]:
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
            deeper = _components(child, path, depth + 1) if depth < _MAX_DEPTH else []
            state = _sub_state(child["status"])
            # A composite is down because of a child: name the child, which is where someone has to look.
            found.extend(deeper or ([(path, state)] if state is not None else []))
    return found


def _sub_state(raw: Any) -> Status | None:
    """A check's or component's state worth reporting: warn or fail. UNKNOWN parts (say, an unconfigured discovery
    client) and words we do not know are left to the overall status rather than listed as noise."""
    if not isinstance(raw, str) or _norm(raw) == "unknown":
        return None
    state = WORDS.get(_norm(raw))
    return state if state in ("warn", "fail") else None


def _version(document: dict[str, Any]) -> str | None:
    for path in _VERSION_PATHS:
        value: Any = document
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return _cut(str(value).strip())
    return None


def _norm(word: str) -> str:
    return word.strip().lower().replace("-", "_").replace(" ", "_")


def _cut(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 3] + "..."
