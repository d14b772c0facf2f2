"""Restarts end to end: the Restarter runs as a real service on a real Redis, and restart commands are real scripts
that append the service's name to a file."""

import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest
import yaml
from redis.asyncio import Redis

from services.rollback.inflight import InFlight
from services.rollback.restart_store import member
from services.rollback.restarts import Restarter
from shared.bus.handlers import Handlers
from shared.events import DeploymentStarted, DeploymentSucceeded, Event, HealthDegraded, HealthRecovered
from shared.keys.rollback import RollbackKeys
from shared.runtime import ServiceContext
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.support.alerting import of_type, publish
from tests.support.inprocess import definition, eventually, running

pytestmark = pytest.mark.integration
ENV = "production"
TOKEN = "tok-never-shown-4242"
APPEND = "import sys; open(sys.argv[1], 'a').write(sys.argv[2] + chr(10))"
LEAK = "import sys; sys.stderr.write('bad token ' + sys.argv[1] + chr(10)); sys.exit(3)"
Restarts = Callable[..., AbstractAsyncContextManager[ServiceRuntime]]


@pytest.fixture
def restarts_log(tmp_path: Path) -> Path:
    return tmp_path / "restarts.log"


@pytest.fixture
def restarts_service(redis_url: str, tmp_path: Path, restarts_log: Path, monkeypatch: pytest.MonkeyPatch) -> Restarts:
    """restarts_service(backoff=..., attempts=...) runs a Restarter (and InFlight fed by deployment events) with a
    plan of db <- api <- web (restarted by APPEND), plain (no restart command) and leaky (fails, printing a secret)."""
    monkeypatch.setenv("RESTART_TOKEN", TOKEN)

    @asynccontextmanager
    async def start(backoff: str = "100ms", attempts: int = 3) -> AsyncIterator[ServiceRuntime]:
        restart = [sys.executable, "-c", APPEND, str(restarts_log), "{service}"]
        recovery = {"restart_attempts": attempts, "restart_backoff": backoff}
        plan = {
            "version": 1,
            "environments": {ENV: {}},
            "defaults": {
                "kind": "job",
                "deploy": ["true"],
                "restart": restart,
                "recovery": recovery,
                "health": {"interval": "100ms", "passes_to_ready": 1},
            },
            "services": {
                "db": {},
                "api": {"depends_on": ["db"]},
                "web": {"depends_on": ["api"]},
                "plain": {"restart": None},
                "leaky": {"restart": [sys.executable, "-c", LEAK, "${RESTART_TOKEN}"]},
            },
        }
        path = tmp_path / "flightdeck.yaml"
        path.write_text(yaml.safe_dump(plan, sort_keys=False))

        def make(context: ServiceContext) -> Handlers:
            inflight = InFlight(context.redis, context.keys)
            restarter = Restarter(context, inflight)
            context.background.append(restarter.run_forever)
            return (
                Handlers()
                .include(restarter.handlers())
                .on_any([DeploymentStarted, DeploymentSucceeded], inflight.observed)
            )

        consumes = (HealthDegraded, HealthRecovered, DeploymentStarted, DeploymentSucceeded)
        async with running(definition("rollback", make, consumes), redis_url, plan_file=str(path)) as runtime:
            yield runtime

    return start


def degraded(service: str, root_cause: str | None = None, impacted: tuple[str, ...] = ()) -> HealthDegraded:
    return HealthDegraded(
        environment=ENV,
        service=service,
        producer="tests",
        payload={
            "status": "unhealthy",
            "previous_status": "healthy",
            "root_cause": root_cause or service,
            "impacted": list(impacted),
        },
    )


def recovered(service: str) -> HealthRecovered:
    return HealthRecovered(
        environment=ENV,
        service=service,
        producer="tests",
        payload={"status": "healthy", "previous_status": "unhealthy"},
    )


def restarted(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


async def attempted(redis: Redis, service: str) -> list[Event]:
    return [e for e in await of_type(redis, "restart-attempted") if e.service == service]


async def scheduled(redis: Redis, service: str) -> bool:
    return await redis.zscore(RollbackKeys.of(Keys()).restarts_due, member(ENV, service)) is not None


async def test_a_degraded_service_with_a_restart_command_is_restarted(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
) -> None:
    async with restarts_service(backoff="1h"):
        await publish(redis_client, degraded("api"), degraded("plain"))
        await eventually(lambda: attempted(redis_client, "api"))
        [event] = await attempted(redis_client, "api")
        assert (event.payload.attempt, event.payload.ok, event.payload.exit_code) == (1, True, 0)
        assert event.payload.next_allowed_at > event.occurred_at  # one backoff (an hour) later
        assert restarted(restarts_log) == ["api"]
        await eventually(lambda: not_scheduled(redis_client, "plain"))
        assert await attempted(redis_client, "plain") == []


async def not_scheduled(redis: Redis, service: str) -> bool:
    return not await scheduled(redis, service)


async def test_a_restart_loop_is_capped(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
) -> None:
    async with restarts_service(backoff="100ms", attempts=3):
        await publish(redis_client, degraded("db"))  # and it never recovers
        await eventually(lambda: of_type(redis_client, "restart-limit-reached"))
        await eventually(lambda: not_scheduled(redis_client, "db"))  # nothing more is due for it
        [limit] = await of_type(redis_client, "restart-limit-reached")
        assert (limit.service, limit.payload.attempts, limit.payload.window_s) == ("db", 3, 1800.0)
        assert [e.payload.attempt for e in await attempted(redis_client, "db")] == [1, 2, 3]
        assert restarted(restarts_log) == ["db", "db", "db"]


async def test_no_restart_while_a_deployment_is_in_flight(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="flightdeck.rollback.restarts")
    started = DeploymentStarted(
        deployment_id="d-1", environment=ENV, producer="tests", payload={"waves": [["api"]], "versions": {"api": "v2"}}
    )
    async with restarts_service(backoff="100ms"):
        await publish(redis_client, started)
        await eventually(lambda: InFlight(redis_client, Keys()).active(ENV))
        await publish(redis_client, degraded("api"))
        await eventually(lambda: any("in flight" in r.getMessage() for r in caplog.records))
        assert await attempted(redis_client, "api") == []
        assert restarted(restarts_log) == []
        await publish(redis_client, started.caused(DeploymentSucceeded, {"duration_s": 5.0}))
        await eventually(lambda: attempted(redis_client, "api"))  # looked at again, now that it is over
        assert restarted(restarts_log)[0] == "api"


async def test_a_dependent_waits_for_its_root_cause_and_is_restarted_if_still_degraded(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
) -> None:
    deferred = RollbackKeys.of(Keys()).deferred(ENV)
    async with restarts_service(backoff="1h"):
        await publish(redis_client, degraded("db"))
        await eventually(lambda: attempted(redis_client, "db"))
        await publish(redis_client, degraded("api", root_cause="db"))
        await eventually(lambda: redis_client.hget(deferred, "api"))
        assert restarted(restarts_log) == ["db"]
        await publish(redis_client, recovered("db"))  # api is still degraded: now it is restarted
        await eventually(lambda: attempted(redis_client, "api"))
        assert restarted(restarts_log) == ["db", "api"]
        assert await redis_client.hget(deferred, "api") is None


async def test_a_dependent_that_recovered_with_its_root_cause_is_not_restarted(
    restarts_service: Restarts,
    restarts_log: Path,
    redis_client: Redis,
) -> None:
    deferred = RollbackKeys.of(Keys()).deferred(ENV)
    async with restarts_service(backoff="1h"):
        await publish(redis_client, degraded("db", impacted=("api",)))
        await eventually(lambda: attempted(redis_client, "db"))
        await publish(redis_client, degraded("api", root_cause="db"))
        await eventually(lambda: redis_client.hget(deferred, "api"))
        await publish(redis_client, recovered("api"))
        await eventually(lambda: not_scheduled(redis_client, "api"))
        await publish(redis_client, recovered("db"))
        await eventually(lambda: not_scheduled(redis_client, "db"))
        assert not await redis_client.exists(deferred)
        assert await attempted(redis_client, "api") == []
        assert restarted(restarts_log) == ["db"]


async def test_a_failed_restart_is_reported_without_the_secret_it_was_given(
    restarts_service: Restarts,
    redis_client: Redis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="flightdeck.rollback.restarts")
    async with restarts_service(backoff="1h"):
        await publish(redis_client, degraded("leaky"))
        await eventually(lambda: attempted(redis_client, "leaky"))
        [event] = await attempted(redis_client, "leaky")
        assert (event.payload.ok, event.payload.exit_code) == (False, 3)
        assert "bad token ****" in event.payload.detail
        assert TOKEN not in event.model_dump_json()
        assert TOKEN not in caplog.text
