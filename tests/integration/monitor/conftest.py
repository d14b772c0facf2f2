"""A monitor in-process against a real HTTP health server, with a plan on file."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from services.monitor.app import DEFINITION
from tests.support.health_server import HealthServer, health_server
from tests.support.inprocess import running


@dataclass
class Watched:
    health: HealthServer
    plan_file: Path


def plan(health: HealthServer, interval: str = "50ms") -> str:
    check = {"interval": interval, "timeout": "1s", "passes_to_ready": 2, "failures_to_degraded": 3}
    return yaml.safe_dump({
        "version": 1,
        "environments": {"staging": {}},
        "services": {
            "db": {"deploy": ["./d.sh"], "health": {"ready": health.url("db"), **check}},
            "api": {"depends_on": ["db"], "deploy": ["./d.sh"], "health": {"ready": health.url("api"), **check}},
        },
    })


@pytest.fixture
async def watched(redis_url: str, tmp_path: Path) -> AsyncIterator[Watched]:
    with health_server() as health:
        plan_file = tmp_path / "flightdeck.yaml"
        plan_file.write_text(plan(health))
        async with running(DEFINITION, redis_url, plan_file=str(plan_file)):
            yield Watched(health, plan_file)
