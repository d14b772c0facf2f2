"""The restart tests' world: the Restarter running as a real service on a real Redis, and restart commands that are
real scripts appending the service's name to a file."""

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest
import yaml
from redis.asyncio import Redis

from services.rollback.app import DEFINITION as ROLLBACK
from services.rollback.inflight import InFlight
from services.rollback.restart_store import member
from services.rollback.restarts import Restarter
from shared.bus.handlers import Handlers
from shared.events import DeploymentStarted, DeploymentSucceeded, HealthDegraded, HealthRecovered, RestartAttempted
from shared.events.health import HealthChangePayload
from shared.keys.rollback import RollbackKeys
from shared.runtime import ServiceContext
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.support.alerting import of_type
from tests.support.inprocess import part_of, running

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
        async with running(part_of(ROLLBACK, make, consumes), redis_url, plan_file=str(path)) as runtime:
            yield runtime

    return start


def degraded(service: str, root_cause: str | None = None, impacted: tuple[str, ...] = ()) -> HealthDegraded:
    return HealthDegraded(
        environment=ENV,
        service=service,
        producer="tests",
        payload=HealthChangePayload(
            status="unhealthy",
            previous_status="healthy",
            root_cause=root_cause or service,
            impacted=list(impacted),
        ),
    )


def recovered(service: str) -> HealthRecovered:
    return HealthRecovered(
        environment=ENV,
        service=service,
        producer="tests",
        payload=HealthChangePayload(status="healthy", previous_status="unhealthy"),
    )


def restarted(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


async def attempted(redis: Redis, service: str) -> list[RestartAttempted]:
    found = await of_type(redis, "restart-attempted")
    return [e for e in found if isinstance(e, RestartAttempted) and e.service == service]


async def scheduled(redis: Redis, service: str) -> bool:
    return await redis.zscore(RollbackKeys.of(Keys()).restarts_due, member(ENV, service)) is not None


async def not_scheduled(redis: Redis, service: str) -> bool:
    return not await scheduled(redis, service)
