"""A monitor in-process against a real HTTP health server, with a plan on file."""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from services.monitor.app import DEFINITION
from services.monitor.probing import Prober
from tests.integration.monitor.test_probing_http import ADAPTERS, Server, serving
from tests.support.health_server import HealthServer, health_server
from tests.support.inprocess import running


@dataclass
class Watched:
    health: HealthServer
    plan_file: Path


def plan(health: HealthServer, interval: str = "50ms") -> str:
    check = {"interval": interval, "timeout": "1s", "passes_to_ready": 2, "failures_to_degraded": 3}
    return yaml.safe_dump(
        {
            "version": 1,
            "environments": {"staging": {}},
            "services": {
                "db": {"deploy": ["./d.sh"], "health": {"ready": health.url("db"), **check}},
                "api": {"depends_on": ["db"], "deploy": ["./d.sh"], "health": {"ready": health.url("api"), **check}},
            },
        }
    )


@pytest.fixture
async def watched(redis_url: str, tmp_path: Path) -> AsyncIterator[Watched]:
    with health_server() as health:
        plan_file = tmp_path / "flightdeck.yaml"
        plan_file.write_text(plan(health))
        async with running(DEFINITION, redis_url, plan_file=str(plan_file)):
            yield Watched(health, plan_file)


@pytest.fixture
def server() -> Iterator[Server]:
    """A keep-alive HTTP server whose routes each probing test sets up."""
    with serving() as state:
        yield state


@pytest.fixture(params=sorted(ADAPTERS))
async def prober(request: pytest.FixtureRequest) -> AsyncIterator[Prober]:
    made = ADAPTERS[request.param]()
    yield made
    await made.close()
