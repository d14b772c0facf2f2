"""Turns one health endpoint's answer into a verdict. Pure (bytes in, verdict out) and never raises.

Accepted, liberally: the HTTP status alone; the IETF draft health+json (status, checks, version, releaseId); Spring
Boot Actuator (status, nested components); a plain {"status": "healthy|degraded|unhealthy"}. When the HTTP status and
the body disagree the worse wins: a 503 whose body says "pass" is a failure, and so is a 200 whose body says "DOWN".
"""

import json
from dataclasses import dataclass
from typing import Any

from .document import checks, components, detail, version
from .result import Status
from .words import RANK, WORDS, cut, norm

MAX_BODY = 256 * 1024  # health bodies are small; the prober reads at most MAX_BODY + 1 bytes so we can tell "larger"


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
    return _combine(status_only.status, status_only.reason, Parsed("fail", reason=f"body is not JSON: {cut(error)}"))


def _combine(http_verdict: Status, http_reason: str, body: Parsed) -> Parsed:
    status = http_verdict if RANK[http_verdict] > RANK[body.status] else body.status
    reason = "; ".join(r for r in (http_reason, body.reason) if r) if status != "pass" else ""
    return Parsed(status, body.version, body.failing_checks, reason)


def _from_document(document: Any) -> Parsed:
    if isinstance(document, str) and norm(document) in WORDS:
        document = {"status": document}  # a bare JSON "OK" or "UP": some frameworks answer just that
    if not isinstance(document, dict):
        return Parsed("pass")  # valid JSON that says nothing about health: the HTTP status decides
    found_version = version(document)
    named_checks, named_components = checks(document), components(document, "", 0)
    found = named_checks + named_components
    failing = tuple(name for name, state in found if state == "fail")
    warning = tuple(name for name, state in found if state == "warn")
    why = "; ".join(detail("checks", "failing", named_checks) + detail("components", "down", named_components))
    if "status" not in document:
        # No overall word (health+json requires one; some services omit it): the worst check speaks for the service.
        status: Status = "fail" if failing else "warn" if warning else "pass"
        return Parsed(status, found_version, failing + warning, why if status != "pass" else "")
    raw = document["status"]
    word = WORDS.get(norm(raw)) if isinstance(raw, str) else None
    if word is None:
        return Parsed("fail", found_version, failing + warning, f"unrecognised status {cut(repr(raw))}")
    # The overall word is the service's own aggregate (it may deliberately ignore a non-critical check), so it wins
    # over the checks; the failing ones still travel as evidence.
    reason = "" if word == "pass" else f"status {cut(repr(raw))}" + (f" ({why})" if why else "")
    return Parsed(word, found_version, failing + warning, reason)
