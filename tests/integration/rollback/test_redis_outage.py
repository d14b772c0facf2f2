"""Redis going away under the rollback service's due-work loops: a policy recheck, a restart check and an incident's
settling that fall due while Redis is gone are each done once it is back (the loops wait and try again)."""

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import yaml
from redis.asyncio import Redis

from services.rollback.app import DEFINITION as ROLLBACK
from services.rollback.incidents import Incidents
from services.rollback.inflight import InFlight
from services.rollback.policy import Policy
from services.rollback.restarts import Restarter
from shared.bus.handlers import Handlers
from shared.events import DeploymentFailed, HealthDegraded, IncidentResolved, ServiceDeployFailed
from shared.events.deployment import DeploymentFailedPayload
from shared.events.health import HealthChangePayload
from shared.events.stage import ServiceDeployFailedPayload
from shared.keys.rollback import RollbackKeys
from shared.redis_process import LocalRedis
from shared.runtime import ServiceContext
from shared.streams import Keys
from tests.support.alerting import of_type, publish
from tests.support.inprocess import eventually, part_of, running
from tests.support.rollback_world import Ids, api_deployed

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ENV = "production"
KEYS = RollbackKeys.of(Keys())
APPEND = "import sys; open(sys.argv[1], 'a').write(sys.argv[2] + chr(10))"
OUTAGE_S = 2.5  # longer than each test's wait: what it waits for falls due while Redis is gone
Make = Callable[[ServiceContext], Handlers]


class Outage:
    """A Redis of the test's own, kept on disk, that `during()` stops for OUTAGE_S and starts again; `client` is the
    test's connection to it (a new one after the outage)."""

    def __init__(self, tmp_path: Path) -> None:
        self.local = LocalRedis(data_dir=tmp_path / "redis")
        self.url = f"{self.local.start()}/0"
        self.client = Redis.from_url(self.url)

    async def during(self) -> None:
        await self.client.aclose()
        self.local.stop()
        await asyncio.sleep(OUTAGE_S)
        self.local.start()
        self.client = Redis.from_url(self.url)


@asynccontextmanager
async def rollback(tmp_path: Path, make: Make) -> AsyncIterator[Outage]:
    """The components `make` builds, running as a service on a Redis that an Outage stops and starts."""
    restart = [sys.executable, "-c", APPEND, str(tmp_path / "restarts.log"), "{service}"]
    plan = {
        "version": 1,
        "environments": {ENV: {}},
        "defaults": {
            "kind": "job",
            "deploy": ["true"],
            "restart": restart,
            "recovery": {"restart_attempts": 3, "restart_backoff": "1s"},
            "health": {"interval": "100ms", "passes_to_ready": 1},
            "rollback_policy": {"thresholds": {"degraded_for": "2s"}},
        },
        "services": {"api": {}},
    }
    path = tmp_path / "flightdeck.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    outage = Outage(tmp_path)
    try:
        async with running(part_of(ROLLBACK, make), outage.url, plan_file=str(path)):
            yield outage
    finally:
        await outage.client.aclose()
        outage.local.stop()


def degraded() -> HealthDegraded:
    health = HealthChangePayload(status="unhealthy", previous_status="healthy")
    return HealthDegraded(environment=ENV, service="api", producer="tests", payload=health)


def told_of_the_outage(caplog: pytest.LogCaptureFixture, logger: str) -> bool:
    return any(r.name == logger and "cannot reach Redis for due work" in r.getMessage() for r in caplog.records)


async def test_a_policy_recheck_due_while_redis_is_gone_runs_when_it_is_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="flightdeck.rollback.policy")

    def make(context: ServiceContext) -> Handlers:
        inflight = InFlight(context.redis, context.keys)
        policy = Policy(context, inflight, poll_s=0.1)
        context.background.append(policy.run_forever)
        return Handlers().include(inflight.handlers(), policy.handlers())

    ids: Ids = {"deployment_id": "d-1", "environment": ENV, "producer": "tests"}
    async with rollback(tmp_path, make) as outage:
        await publish(
            outage.client,
            *api_deployed(ids, "2.0", previous="1.0"),
            degraded(),
        )
        await eventually(lambda: outage.client.zcard(KEYS.recheck))  # held: degraded for less than 2s
        await outage.during()
        await eventually(lambda: of_type(outage.client, "rollback-requested"), within=30)
    assert told_of_the_outage(caplog, "flightdeck.rollback.policy")


async def test_a_restart_check_due_while_redis_is_gone_runs_when_it_is_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="flightdeck.rollback.restarts")

    def make(context: ServiceContext) -> Handlers:
        restarter = Restarter(context, InFlight(context.redis, context.keys))
        context.background.append(restarter.run_forever)
        return restarter.handlers()

    async with rollback(tmp_path, make) as outage:
        await publish(outage.client, degraded())  # and it never recovers
        await eventually(lambda: of_type(outage.client, "restart-attempted"))  # the next check is due a second later
        await outage.during()

        async def restarted_again() -> bool:
            return len(await of_type(outage.client, "restart-attempted")) == 2

        await eventually(restarted_again, within=30)
    assert (tmp_path / "restarts.log").read_text().split() == ["api", "api"]
    assert told_of_the_outage(caplog, "flightdeck.rollback.restarts")


async def test_an_incident_settling_due_while_redis_is_gone_closes_when_it_is_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="flightdeck.rollback.incidents")

    def make(context: ServiceContext) -> Handlers:
        incidents = Incidents(context, settle_after_s=1.0)
        context.background.append(incidents.run_forever)
        return incidents.handlers()

    ids: Ids = {"deployment_id": "d-8", "environment": ENV, "producer": "tests"}
    async with rollback(tmp_path, make) as outage:
        await publish(
            outage.client,
            ServiceDeployFailed(
                **ids, service="api", payload=ServiceDeployFailedPayload(version="2.0", reason="exit 1", exit_code=1)
            ),
            DeploymentFailed(**ids, payload=DeploymentFailedPayload(reason="api: exit 1", failed_services=["api"])),
        )
        await eventually(
            lambda: outage.client.zcard(KEYS.incidents_settling)
        )  # closes in a second, unless a rollback starts
        await outage.during()
        await eventually(lambda: of_type(outage.client, "incident-resolved"), within=30)
        [resolved] = await of_type(outage.client, "incident-resolved")
        assert isinstance(resolved, IncidentResolved)
        assert resolved.payload.outcome == "closed"
    assert told_of_the_outage(caplog, "flightdeck.rollback.incidents")
