"""A deployable world for the coordinator's tests: a plan on file, a real health server, a gate answerer."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.coordinator.app import DEFINITION
from shared.runtime.service import ServiceRuntime
from tests.support.deploy_world import diamond_plan
from tests.support.gates import gate_answerer
from tests.support.health_server import HealthServer, health_server
from tests.support.inprocess import running

SERVICES = ("migrate", "api", "worker", "web")


@dataclass
class Stage:
    redis_url: str
    plan_file: Path
    record: Path
    health: HealthServer


@pytest.fixture
async def stage(redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Stage]:
    record = tmp_path / "record.txt"
    monkeypatch.setenv("RECORD_FILE", str(record))
    with health_server() as health:
        plan_file = tmp_path / "flightdeck.yaml"
        plan_file.write_text(diamond_plan({name: health.url(name) for name in SERVICES}))
        urls = {name: health.url(name) for name in SERVICES}
        async with running(gate_answerer(urls), redis_url):
            yield Stage(redis_url, plan_file, record, health)


@pytest.fixture
async def coordinator(stage: Stage) -> AsyncIterator[ServiceRuntime]:
    async with running(DEFINITION, stage.redis_url, plan_file=str(stage.plan_file)) as runtime:
        yield runtime
