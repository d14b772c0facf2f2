"""A smoke request's reply against its expectations: every mismatch, each saying what was expected and what came
back (pure)."""

import json
import re
from collections.abc import Mapping
from typing import Any

from shared.durations import format_duration
from shared.plan.json_path import MISSING, walk
from shared.plan.placeholders import PLACEHOLDERS
from shared.plan.smoke import Expectation, JsonExpectation

from .reply import Mismatch, Reply, excerpt

_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def filled(expect: Expectation, values: Mapping[str, str | None]) -> Expectation:
    """The expectation with {version}, {service} ... of the deployment in its texts (`X-Version: "{version}"` checks
    that the new version answers). Only those words are replaced: any other brace, as in a JSON text, stays."""

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or m.group(0), text)

    fields = [
        f.model_copy(update={"equals": fill(f.equals)}) if isinstance(f.equals, str) else f for f in expect.json_fields
    ]
    return expect.model_copy(
        update={
            "body_contains": fill(expect.body_contains) if expect.body_contains is not None else None,
            "headers": {name: fill(value) for name, value in expect.headers.items()},
            "json_fields": fields,
        }
    )


def mismatches(expect: Expectation, reply: Reply) -> list[Mismatch]:
    if reply.error is not None or reply.status is None:
        return [Mismatch(f"HTTP {_statuses(expect)}", reply.error or "no answer")]
    found = []
    if reply.status not in expect.status:
        found.append(Mismatch(f"HTTP {_statuses(expect)}", f"HTTP {reply.status}: {excerpt(reply.text, 120)}"))
    if expect.body_contains is not None and expect.body_contains not in reply.text:
        found.append(Mismatch(f"a body containing {expect.body_contains!r}", f"{excerpt(reply.text)!r}"))
    for name, want in expect.headers.items():
        got = reply.header(name)
        if got is None:
            found.append(Mismatch(f"a {name} header containing {want!r}", f"no {name} header"))
        elif want.lower() not in got.lower():
            found.append(Mismatch(f"a {name} header containing {want!r}", f"{name}: {got}"))
    if expect.json_fields:
        found += _json_mismatches(expect.json_fields, reply.text)
    if expect.max_latency is not None and reply.latency_s > expect.max_latency:
        limit, took = format_duration(expect.max_latency), f"{reply.latency_s * 1000:.0f} ms"
        found.append(Mismatch(f"an answer within {limit}", f"one after {took}"))
    return found


def _statuses(expect: Expectation) -> str:
    return " or ".join(str(status) for status in expect.status)


def _json_mismatches(expectations: list[JsonExpectation], text: str) -> list[Mismatch]:
    try:
        document = json.loads(text)
    except ValueError:
        return [
            Mismatch(f"a JSON body with {e.path}", f"a body that is not JSON: {excerpt(text)!r}") for e in expectations
        ]
    found = []
    for expectation in expectations:
        mismatch = _json_mismatch(expectation, walk(document, expectation.path))
        if mismatch is not None:
            found.append(mismatch)
    return found


def _json_mismatch(expectation: JsonExpectation, value: Any) -> Mismatch | None:
    path, test = expectation.path, expectation.test
    shown = "nothing" if value is MISSING else f"{path} = {_json(value)}"
    if test == "absent":
        return None if value is MISSING else Mismatch(f"no {path}", shown)
    if value is MISSING:
        return Mismatch(f"{path} {_wanted(expectation)}", f"no {path} in the body")
    if test == "equals" and not _same(value, expectation.equals):
        return Mismatch(f"{path} = {_json(expectation.equals)}", shown)
    if test == "matches" and not re.search(
        expectation.matches or "", value if isinstance(value, str) else _json(value)
    ):
        return Mismatch(f"{path} matching /{expectation.matches}/", shown)
    return None


def _wanted(expectation: JsonExpectation) -> str:
    match expectation.test:
        case "equals":
            return f"= {_json(expectation.equals)}"
        case "matches":
            return f"matching /{expectation.matches}/"
    return "present"


def _same(value: Any, wanted: Any) -> bool:
    """JSON equality: 1 equals 1.0, but true is not 1 and "1" is not 1."""
    if isinstance(value, bool) or isinstance(wanted, bool):
        return isinstance(value, bool) and isinstance(wanted, bool) and value == wanted
    return bool(value == wanted)


def _json(value: Any) -> str:
    return excerpt(json.dumps(value, sort_keys=True), 120)
