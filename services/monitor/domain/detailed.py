"""What a service's detailed health adds to its ready probe (pure).

/health/ready says whether a service serves; /health/detailed says which of its dependencies it sees failing. A
service whose ready probe passes while its detailed health names failing checks serves, impaired: degraded ("warn").
A detailed answer that fails without naming any check (unreachable, 404, a body we cannot read) says something about
that endpoint, not about the service, so the ready verdict stands; `unhelpful` tells the caller to log it.
"""

from dataclasses import replace

from .samples import Sample, Status


def wanted(baking: bool, ready: Sample, bad: bool) -> bool:
    """Probe detailed while a new version bakes, when the ready probe does not pass (to learn why), and while the
    service is in a bad state (so it recovers only once its detailed health is clean too)."""
    return baking or ready.status != "pass" or bad


def combine(ready: Sample, detailed: Sample) -> Sample:
    if detailed.status == "pass" or not detailed.failing_checks:
        return ready
    checks = tuple(dict.fromkeys((*ready.failing_checks, *detailed.failing_checks)))
    reason = "; ".join(part for part in (ready.reason, f"detailed: {detailed.reason}") if part)
    status: Status = "fail" if ready.status == "fail" else "warn"
    version = ready.version or detailed.version
    return replace(ready, status=status, reason=reason, failing_checks=checks, version=version)


def unhelpful(detailed: Sample) -> str | None:
    """Why a detailed answer could not be used, when it failed without naming a check."""
    return detailed.reason or detailed.status if detailed.status != "pass" and not detailed.failing_checks else None
