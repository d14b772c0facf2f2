"""A demo service's /health/detailed, as application/health+json (the IETF draft): its version, uptime, error rate
and each dependency's state (the migration's schema, the services it calls), so the monitor can tell what failed
first."""

import urllib.request
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the type checker reads the repository; run as a script, the module is a sibling
    from examples.demo.faults import Faults, Instance
else:
    from faults import Faults, Instance

Checks = dict[str, list[dict[str, Any]]]


def dependency_checks(me: Instance) -> Checks:
    checks: Checks = {}
    services = me.fleet()["services"]
    for need in services[me.name].get("needs", []):
        if "port" not in services.get(need, {}):  # a job: what it left behind, the schema it migrated to
            schema = me.folder / f"{need}.schema"
            ok = schema.exists()
            checks[f"{need}:schema"] = [
                {
                    "componentType": "datastore",
                    "status": "pass" if ok else "fail",
                    "observedValue": schema.read_text().strip() if ok else None,
                    **({} if ok else {"output": "no schema: the migration has not run"}),
                }
            ]
            continue
        url = f"http://127.0.0.1:{services[need]['port']}/health/ready"
        try:
            with urllib.request.urlopen(url, timeout=0.5) as answer:
                status, output = ("pass" if answer.status == 200 else "fail"), None
        except Exception as exc:  # refused, 5xx, timed out: each is the dependency not ready
            status, output = "fail", f"{url}: {getattr(exc, 'code', None) or type(exc).__name__}"
        checks[f"{need}:ready"] = [
            {"componentType": "component", "status": status, **({"output": output} if output else {})}
        ]
    return checks


def detailed(me: Instance, faults: Faults, failing_now: bool) -> tuple[int, dict[str, Any]]:
    """The status code (503 when a check fails) and the document."""
    rate = faults.error_rate()
    checks: Checks = {
        "uptime": [
            {
                "componentType": "system",
                "observedValue": round(me.uptime(), 1),
                "observedUnit": "s",
                "status": "pass",
            }
        ],
        "requests:errors": [
            {
                "observedValue": round(rate * 100, 1),
                "observedUnit": "%",
                "status": "fail" if failing_now else "warn" if rate > 0.05 else "pass",
            }
        ],
        **dependency_checks(me),
    }
    states = {entry["status"] for entries in checks.values() for entry in entries}
    status = "fail" if "fail" in states else "warn" if "warn" in states else "pass"
    document = {
        "status": status,
        "version": me.version,
        "releaseId": f"{me.name}-{me.version}",
        "serviceId": me.name,
        "description": f"demo {me.name}",
        "checks": checks,
    }
    return (503 if status == "fail" else 200), document
