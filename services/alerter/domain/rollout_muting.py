"""Health alerts that Flightdeck's own work explains, kept back like an inhibition: a service not deployed in the
environment yet, or being deployed (or rolled back) right now. Pure: alerts and what is known in, reasons out."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from shared.plan.model import Plan
from shared.plan.resolve import effective_service
from shared.plan.services import Service

from .alert import Alert
from .rollouts import Window

QUIETED = ("health-degraded",)  # "X is unhealthy"; a failed gate or a slow version is told as ever
STUCK_MARGIN_S = 60.0


@dataclass(frozen=True)
class Settling:
    settle_s: float  # after a window ends, how long the monitor takes to see the service healthy again
    stuck_s: float  # a window open longer than this lost its deployment (events lost): alert again


@dataclass(frozen=True)
class Known:
    """What the alerter knows of one environment: services deployed there, and each service's last window."""

    deployed: frozenset[str]
    windows: Mapping[str, Window]


def settling(plan: Plan | None, environment: str, service: str) -> Settling:
    """From the service's health settings there: the monitor's passes to ready, one probe interval apart."""
    try:
        settings = effective_service(plan, environment, service) if plan else Service()
    except LookupError:  # not in this plan (any more): the defaults
        settings = Service()
    health, timeouts = settings.health, settings.timeouts
    settle = (health.passes_to_ready + 1) * health.interval + health.timeout
    stuck = max(timeouts.deploy, timeouts.rollback, timeouts.switch) + health.gate_timeout + STUCK_MARGIN_S
    return Settling(settle, stuck)


def explained(alert: Alert, known: Known, timing: Settling, now: float) -> str | None:
    """Why Flightdeck's own work explains a firing health alert, or None when it does not.

    Being deployed: from the command's start to the end of the health gate that follows (a restart is no outage).
    Just deployed: an alert that fired before the gate ended waits settle_s for the monitor to see the new version
    healthy too (the gate saw it first). Not deployed: no deploy, record, gate or answer ever showed it running."""
    if alert.name not in QUIETED or not alert.service or alert.status != "firing":
        return None
    service, window = alert.service, known.windows.get(alert.service)
    if window is not None and window.ended_at is None and now - window.started_at < timing.stuck_s:
        return f"quiet: {window.deployment_id} is deploying {service}"
    if (
        window is not None
        and window.ended_at is not None
        and alert.starts_at <= window.ended_at
        and now < window.ended_at + timing.settle_s
    ):
        return f"quiet: {window.deployment_id} just deployed {service}; the monitor has yet to see it healthy"
    if service not in known.deployed:
        return f"quiet: {service} is not deployed in {alert.environment} yet"
    return None


def quieted(
    alerts: Iterable[Alert], known: Mapping[str, Known], timing: Mapping[tuple[str, str], Settling], now: float
) -> dict[str, str]:
    """fingerprint -> why, for the alerts kept back; `known` by environment, `timing` by (environment, service)."""
    found = {}
    for alert in alerts:
        if alert.environment in known and alert.service and (alert.environment, alert.service) in timing:
            reason = explained(alert, known[alert.environment], timing[alert.environment, alert.service], now)
            if reason:
                found[alert.fingerprint] = reason
    return found
