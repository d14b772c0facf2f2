"""The health body parser, format by format (IETF health+json, Spring Boot Actuator, plain): the verdict, the
version, the failing checks and the reason."""

from typing import Any

import pytest

from services.monitor.probing import Parsed, parse_health
from tests.unit.monitor.health_bodies import ACTUATOR, HEALTH_JSON, JSON, body

IETF_FAIL = {
    "status": "fail",
    "version": "1",
    "releaseId": "1.4.2",
    "checks": {
        "db:connections": [{"componentId": "a", "status": "pass"}, {"componentId": "b", "status": "fail"}],
        "memory:utilization": [{"status": "warn"}],
        "uptime": [{"status": "pass"}],
    },
}
ACTUATOR_DOWN = {
    "status": "DOWN",
    "components": {
        "db": {"status": "DOWN", "details": {"error": "org.springframework.jdbc.CannotGetJdbcConnectionException"}},
        "diskSpace": {"status": "UP", "details": {"total": 1, "free": 1, "threshold": 1, "exists": True}},
        "redis": {"status": "DOWN"},
        "discoveryComposite": {"status": "UNKNOWN"},
        "ping": {"status": "UP"},
    },
}
ACTUATOR_NESTED = {
    "status": "OUT_OF_SERVICE",
    "components": {
        "dataSources": {"status": "DOWN", "components": {"primary": {"status": "UP"}, "replica": {"status": "DOWN"}}},
        "build": {"status": "UP", "details": {"version": "2.3.0"}},
    },
}

CASES = [
    # IETF draft health+json
    (
        "ietf pass",
        200,
        HEALTH_JSON,
        body({"status": "pass", "version": "1", "releaseId": "1.4.2"}),
        Parsed("pass", version="1.4.2"),
    ),
    ("ietf version only", 200, HEALTH_JSON, body({"status": "pass", "version": "2.0.1"}), Parsed("pass", "2.0.1")),
    (
        "ietf warn",
        200,
        HEALTH_JSON,
        body({"status": "warn", "checks": {"cpu:utilization": [{"status": "warn"}]}}),
        Parsed("warn", failing_checks=("cpu:utilization",), reason="status 'warn' (checks cpu:utilization warning)"),
    ),
    (
        "ietf fail with checks",
        200,
        HEALTH_JSON,
        body(IETF_FAIL),
        Parsed(
            "fail",
            "1.4.2",
            ("db:connections", "memory:utilization"),
            "status 'fail' (checks db:connections failing; checks memory:utilization warning)",
        ),
    ),
    (
        "ietf pass keeps failing checks",
        200,
        HEALTH_JSON,
        body({"status": "pass", "checks": {"x": [{"status": "fail"}]}}),
        Parsed("pass", failing_checks=("x",)),
    ),
    (
        "ietf no status, worst check",
        200,
        JSON,
        body({"checks": {"db": {"status": "fail"}}}),
        Parsed("fail", failing_checks=("db",), reason="checks db failing"),
    ),
    (
        "ietf early draft details",
        200,
        HEALTH_JSON,
        body({"status": "fail", "details": {"db": [{"status": "fail"}]}}),
        Parsed("fail", failing_checks=("db",), reason="status 'fail' (checks db failing)"),
    ),
    ("aliases ok", 200, JSON, body({"status": "ok"}), Parsed("pass")),
    ("aliases error", 200, JSON, body({"status": "error"}), Parsed("fail", reason="status 'error'")),
    # Spring Boot Actuator
    ("actuator up", 200, ACTUATOR, body({"status": "UP", "components": {"db": {"status": "UP"}}}), Parsed("pass")),
    (
        "actuator down",
        503,
        ACTUATOR,
        body(ACTUATOR_DOWN),
        Parsed("fail", failing_checks=("db", "redis"), reason="HTTP 503; status 'DOWN' (components db, redis down)"),
    ),
    (
        "actuator down at 200",
        200,
        ACTUATOR,
        body(ACTUATOR_DOWN),
        Parsed("fail", failing_checks=("db", "redis"), reason="status 'DOWN' (components db, redis down)"),
    ),
    (
        "actuator nested names the leaf",
        200,
        JSON,
        body(ACTUATOR_NESTED),
        Parsed(
            "fail", "2.3.0", ("dataSources/replica",), "status 'OUT_OF_SERVICE' (components dataSources/replica down)"
        ),
    ),
    ("actuator unknown", 200, ACTUATOR, body({"status": "UNKNOWN"}), Parsed("warn", reason="status 'UNKNOWN'")),
    (
        "actuator boot 2.0 details",
        200,
        JSON,
        body({"status": "DOWN", "details": {"db": {"status": "DOWN"}}}),
        Parsed("fail", failing_checks=("db",), reason="status 'DOWN' (components db down)"),
    ),
    (
        "actuator build.version",
        200,
        JSON,
        body({"status": "UP", "build": {"version": "3.1.4"}}),
        Parsed("pass", "3.1.4"),
    ),
    # plain {"status": ...}
    ("plain healthy", 200, JSON, body({"status": "healthy", "version": 7}), Parsed("pass", "7")),
    ("plain degraded", 200, JSON, body({"status": "degraded"}), Parsed("warn", reason="status 'degraded'")),
    ("plain unhealthy", 200, JSON, body({"status": "Unhealthy"}), Parsed("fail", reason="status 'Unhealthy'")),
    ("plain version, no status", 200, JSON, body({"version": "1.0.0"}), Parsed("pass", "1.0.0")),
    ("bare json word", 200, JSON, b'"UP"', Parsed("pass")),
    ("json without a word", 200, JSON, b"[1, 2]", Parsed("pass")),
    ("sniffed json in text/plain", 200, "text/plain", body({"status": "DOWN"}), Parsed("fail", reason="status 'DOWN'")),
]


@pytest.mark.parametrize(
    ("http_status", "content_type", "raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_parse(http_status: int, content_type: str | None, raw: bytes, expected: Parsed) -> None:
    assert parse_health(http_status, content_type, raw) == expected


def test_deep_actuator_components_are_walked_to_a_bound_without_recursing_forever() -> None:
    node: dict[str, Any] = {"status": "DOWN"}
    for level in range(200):
        node = {"status": "DOWN", "components": {f"c{level}": node}}
    parsed = parse_health(200, JSON, body(node))
    assert parsed.status == "fail" and len(parsed.failing_checks) == 1
    assert parsed.failing_checks[0].count("/") == 16  # the walk stops at its depth bound and names what it reached
