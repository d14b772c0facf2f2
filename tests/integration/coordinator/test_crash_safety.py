"""Coordinator replicas as real processes: kill -9 one mid-deployment, or run two at once; scripts run once."""

import asyncio
import os
import signal
from collections import Counter
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, RollbackRequested
from shared.events.deployment import DeployRequestedPayload
from shared.streams import Keys
from tests.support.deploy_world import diamond_plan, ended, events, records, wait_for
from tests.support.gates import gate_answerer
from tests.support.health_server import health_server
from tests.support.inprocess import eventually, running
from tests.support.processes import Worker, worker_process

SERVICES = ("migrate", "api", "worker", "web")


def _coordinator(
    redis_url: str, plan: Path, record: Path, deploy_seconds: str = "0", hang_once: str = ""
) -> AbstractContextManager[Worker]:
    """A coordinator process; the defaults are the deploy script's own (no sleep, no service hangs)."""
    return worker_process(
        redis_url,
        module="services.coordinator",
        FLIGHTDECK_PLAN_FILE=str(plan),
        RECORD_FILE=str(record),
        FLIGHTDECK_RECLAIM_IDLE="1s",
        FLIGHTDECK_COMMAND_LEASE="2",
        DEPLOY_SECONDS=deploy_seconds,
        HANG_ONCE_SERVICES=hang_once,
    )


async def _request(redis: Redis, deployment_id: str, version: str, environment: str = "staging") -> None:
    event = DeployRequested(
        deployment_id=deployment_id, environment=environment, payload=DeployRequestedPayload(version=version)
    )
    await EventPublisher(redis, Keys(), producer="ci").publish(event)


async def test_a_killed_coordinator_is_replaced_and_every_script_runs_once(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    record, plan = tmp_path / "record.txt", tmp_path / "flightdeck.yaml"
    with health_server() as health:
        urls = {name: health.url(name) for name in SERVICES}
        plan.write_text(diamond_plan(urls))
        health.status["api"] = 503  # api's gate stays open while we kill the coordinator
        async with running(gate_answerer(urls, attempts=400), redis_url):
            with _coordinator(redis_url, plan, record) as first:
                await first.ready()
                await _request(redis_client, "crash-1", "1.0.0")

                async def middle_wave_done() -> bool:  # the scripts ended and their ends are recorded
                    done = {
                        e.service for e in await events(redis_client, "crash-1") if e.type == "service-deploy-succeeded"
                    }
                    return done == {"migrate", "api", "worker"}

                await eventually(middle_wave_done)
                os.kill(first.pid, signal.SIGKILL)
                first.wait(timeout=10)
            health.status["api"] = 200
            with _coordinator(redis_url, plan, record) as second:
                await second.ready()
                done = await ended(redis_client, "crash-1", within=60)
    assert done.type == "deployment-succeeded", done
    starts = Counter(service for what, service, _, _ in records(record) if what == "start")
    assert starts == Counter(SERVICES), f"every script ran exactly once: {starts}"


async def test_two_coordinators_never_run_a_service_twice(redis_url: str, redis_client: Redis, tmp_path: Path) -> None:
    record, plan = tmp_path / "record.txt", tmp_path / "flightdeck.yaml"
    environments = ("staging", "qa", "demo")
    with health_server() as health:
        urls = {name: health.url(name) for name in SERVICES}
        plan.write_text(diamond_plan(urls, environments=environments))
        async with running(gate_answerer(urls), redis_url):
            with (
                _coordinator(redis_url, plan, record, deploy_seconds="0.1") as one,
                _coordinator(redis_url, plan, record, deploy_seconds="0.1") as two,
            ):
                await asyncio.gather(one.ready(), two.ready())
                for i, environment in enumerate(environments):
                    await _request(redis_client, f"both-{i}", f"1.{i}.0", environment)
                    await _request(redis_client, f"both-{i}-next", f"2.{i}.0", environment)
                ends = [
                    await ended(redis_client, f"both-{i}{suffix}", within=60)
                    for i in range(len(environments))
                    for suffix in ("", "-next")
                ]
    assert [e.type for e in ends] == ["deployment-succeeded"] * 6, ends
    starts = Counter((service, version) for what, service, version, _ in records(record) if what == "start")
    assert len(starts) == 6 * len(SERVICES) and set(starts.values()) == {1}, starts


@pytest.mark.parametrize("idempotent", [False, True])
async def test_a_command_cut_off_by_a_crash_is_rerun_only_when_idempotent(
    redis_url: str, redis_client: Redis, tmp_path: Path, idempotent: bool
) -> None:
    record, plan = tmp_path / "record.txt", tmp_path / "flightdeck.yaml"
    with health_server() as health:
        urls = {name: health.url(name) for name in SERVICES}
        plan.write_text(diamond_plan(urls, idempotent=idempotent))
        async with running(gate_answerer(urls), redis_url):
            with _coordinator(redis_url, plan, record, hang_once="worker") as first:
                await first.ready()
                await _request(redis_client, "cut", "1.0.0")
                await eventually(lambda: (tmp_path / "record.txt.hung-worker").exists())
                os.kill(first.pid, signal.SIGKILL)
                first.wait(timeout=10)
            with _coordinator(redis_url, plan, record, hang_once="worker") as second:
                await second.ready()
                done = await ended(redis_client, "cut", within=60)
    worker_starts = [r for r in records(record) if r[:2] == ("start", "worker")]
    if idempotent:
        assert done.type == "deployment-succeeded", done
        assert len(worker_starts) == 2, "started again by the second replica"
    else:
        assert done.type == "deployment-failed"
        assert "not marked idempotent, so it was not run again" in done.payload.reason
        assert len(worker_starts) == 1
        rollback = await wait_for(redis_client, "cut", RollbackRequested)
        assert "worker" in rollback.payload.services
