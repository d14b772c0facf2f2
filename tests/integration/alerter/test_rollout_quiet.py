"""Health alerts that Flightdeck's own work explains are kept back: a service not deployed yet (a plan applied
before its first deployment), and a service its deployment restarts. A degradation after the gate is told.

Each test ends with a barrier: an alert that must be told, in the same group; its message shows what was kept back
(every group ticks every 300ms here, so anything not kept back would have gone out by then)."""

from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from services.alerter.domain.alert import fingerprint
from services.alerter.domain.rollouts import Window
from shared.events import BakeStarted, DeploymentRecorded, Event
from shared.events.deployment import BakeStartedPayload, DeploymentRecordedPayload
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from tests.support.alerting import (
    degraded,
    deployed,
    deploying,
    publish,
    recovered,
    unhealthy_from_the_start,
    webhook,
)
from tests.support.inprocess import eventually
from tests.support.receivers import Receiver, wait_for_requests

from .conftest import Alerter

pytestmark = pytest.mark.integration
KEYS = AlerterKeys.of(Keys())


def told(hook: Receiver, index: int) -> list[tuple[str | None, str]]:
    return sorted((a["service"], a["status"]) for a in hook.received[index].json()["alerts"])


async def firing(redis: Redis, service: str, yes: bool = True) -> None:
    async def check() -> bool:
        found = await redis.hexists(KEYS.alerts, fingerprint("health-degraded", "staging", service))
        return bool(found) == yes

    await eventually(check)


async def window(redis: Redis, service: str, is_open: bool) -> None:
    async def check() -> bool:
        raw = await redis.hget(KEYS.deploying("staging"), service)
        return raw is not None and (Window.model_validate_json(raw).ended_at is None) == is_open

    await eventually(check)


async def test_a_plan_applied_before_the_first_deployment_alerts_nothing_until_a_service_is_known_to_run(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}, group_by=["environment"]):
        await publish(redis_client, unhealthy_from_the_start("api"), unhealthy_from_the_start("web"))
        await firing(redis_client, "api")
        await firing(redis_client, "web")
        # the first deployment of api: it restarts, passes its gate, and the monitor sees it recover
        await publish(redis_client, deploying("d-1", "api"), *deployed("d-1", "api"), recovered("api", "staging"))
        await firing(redis_client, "api", yes=False)

        await publish(redis_client, degraded("db", "staging"))  # the barrier: db was seen healthy, so it runs
        await wait_for_requests(hook, 1)
        assert told(hook, 0) == [("db", "firing")]

        # web still does not answer, and now it is recorded as deployed by hand: it is told
        await publish(
            redis_client,
            DeploymentRecorded(
                deployment_id="manual-1",
                environment="staging",
                producer="tests",
                payload=DeploymentRecordedPayload(versions={"web": "1.0"}),
            ),
        )
        await wait_for_requests(hook, 2)
        assert told(hook, 1) == [("db", "firing"), ("web", "firing")]


async def test_a_service_restarted_by_its_deployment_is_not_alerted_but_a_degradation_during_bake_is(
    alerter: Alerter,
    hook: Receiver,
    redis_client: Redis,
) -> None:
    async with alerter({"hook": webhook(f"{hook.url}/hook")}, group_by=["environment"]):
        await publish(
            redis_client,
            DeploymentRecorded(
                deployment_id="manual-1",
                environment="staging",
                producer="tests",
                payload=DeploymentRecordedPayload(versions={"worker": "1.0"}),
            ),
        )
        await publish(redis_client, deploying("d-2", "worker"))
        await window(redis_client, "worker", is_open=True)
        restarting = degraded("worker", "staging")  # its own deploy script restarts it
        await publish(redis_client, restarting)
        await firing(redis_client, "worker")
        await publish(redis_client, *deployed("d-2", "worker"))
        await window(redis_client, "worker", is_open=False)
        await publish(redis_client, recovered("worker", "staging"))  # the monitor agrees a little after the gate
        await firing(redis_client, "worker", yes=False)

        await publish(redis_client, degraded("db", "staging"))  # the barrier
        await wait_for_requests(hook, 1)
        assert told(hook, 0) == [("db", "firing")]

        bake: Event = BakeStarted(
            deployment_id="d-2",
            environment="staging",
            producer="tests",
            payload=BakeStartedPayload(duration_s=600, until=datetime(2030, 1, 1, tzinfo=UTC)),
        )
        await publish(redis_client, bake, degraded("worker", "staging"))  # the gate passed: this one is real
        await wait_for_requests(hook, 2)
        assert told(hook, 1) == [("db", "firing"), ("worker", "firing")]
