"""What the monitor cannot watch, never silently: each health URL of the plan it cannot probe is logged once per plan
revision (a structured warning naming the environment, service, field and problem), counted in the gauge
flightdeck_monitor_unwatched_services, and listed at GET /monitor/unwatched on the monitor's HTTP side. A current
plan that does not load at all is reported the same way, with the problems its validation found."""

import logging
from dataclasses import asdict

from prometheus_client import Gauge
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shared.plan import PlanError, StoredPlan

from .targets import Unwatched, unwatched_in

log = logging.getLogger("flightdeck.monitor.watch")
UNWATCHED = Gauge(
    "flightdeck_monitor_unwatched_services",
    "Health URLs of the current plan the monitor cannot probe (1 each); GET /monitor/unwatched says why",
    ["environment", "service", "field"],
)


class UnwatchedReport:
    def __init__(self) -> None:
        self.plan: str | None = None  # the plan digest (or load error) these are from: each is told once
        self.revision: int | None = None
        self.plan_error: str | None = None
        self.items: list[Unwatched] = []

    def update(self, digest: str, revision: int, items: list[Unwatched]) -> None:
        """The current plan loaded; `items` are the URLs of it that cannot be probed."""
        if digest != self.plan:
            self.plan, self.revision, self.plan_error = digest, revision, None
            self._tell(items, loaded=True)

    def invalid(self, error: PlanError, fallback: StoredPlan | None) -> None:
        """The current plan does not load: watching goes on by `fallback`, the last plan that did, if any."""
        key = f"invalid:{error.report()}"
        if key == self.plan:
            return
        self.plan, self.revision = key, None
        still = (
            f"still watching by the last plan that loaded (revision {fallback.revision})"
            if fallback
            else "watching nothing until it does"
        )
        self.plan_error = f"the current plan does not load ({len(error.problems)} problem(s)); {still}"
        log.warning(
            "%s: %s",
            self.plan_error,
            error.report(),
            extra={"problems": [problem.describe(error.source) for problem in error.problems]},
        )
        self._tell(unwatched_in(error.problems), loaded=False)

    def _tell(self, items: list[Unwatched], loaded: bool) -> None:
        self.items = list(items)
        UNWATCHED.clear()
        for item in items:
            UNWATCHED.labels(item.environment, item.service, item.field).set(1)
            where = f" in {item.environment}" if item.environment else ""
            if not loaded:
                head = f"the current plan's {item.field} of {item.service}{where} cannot be probed"
            elif item.field == "health.ready":
                head = f"not watching {item.service}{where}: its {item.field} cannot be probed"
            else:
                head = f"watching {item.service}{where} without its {item.field}, which cannot be probed"
            log.warning(
                "%s: %s",
                head,
                item.problem,
                extra={
                    "environment": item.environment,
                    "unwatched_service": item.service,
                    "field": item.field,
                    "problem": item.problem,
                    "plan_revision": self.revision,
                },
            )

    def routes(self) -> list[Route]:
        async def listing(_: Request) -> Response:
            return JSONResponse(
                {
                    "plan_revision": self.revision,
                    "plan_error": self.plan_error,
                    "unwatched": [asdict(item) for item in self.items],
                }
            )

        return [Route("/monitor/unwatched", listing)]
