"""Drift is detected and corrected: a DriftWatch in the test's loop on real Redis, fed the monitor's series by hand
(XADD in the monitor's bucket format) and deployment events on the events stream."""

from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.events import DeployRequested, DriftDetected
from tests.support.inprocess import eventually

from .drift_world import ENV, Rollback, deployed, drift_watch, of_type, report, scanned

pytestmark = pytest.mark.integration


@pytest.fixture
def rollback(redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Rollback:
    """rollback() runs a drift watch (scanning every 50ms) until the block ends; its in-flight view is fed too."""
    return drift_watch(redis_url, tmp_path, monkeypatch)


async def test_drift_is_detected_and_corrected_once(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0", "web": "3.1.0"})
        await report(redis_client, "api", "2.0.0-hotfix", "2.0.0-hotfix")

        async def corrected() -> bool:
            return bool(await of_type(redis_client, "deploy-requested"))

        await eventually(corrected)
        await scanned(watch)
        [drift] = await of_type(redis_client, "drift-detected")
        [request] = await of_type(redis_client, "deploy-requested")

    assert (drift.service, drift.environment) == ("api", ENV)
    assert drift.payload.model_dump() == {
        "desired_version": "1.0.0",
        "reported_version": "2.0.0-hotfix",
        "desired_by": "d-1",
        "action": "redeploy",
    }
    assert isinstance(request, DeployRequested)
    assert request.environment == ENV and request.causation_id == drift.event_id
    assert request.payload.services == ["api"] and request.payload.versions == {"api": "1.0.0"}
    assert request.payload.requested_by == "flightdeck (drift correction)"
    assert "2.0.0-hotfix" in request.payload.reason


async def test_a_restarted_watch_does_not_report_the_same_drift_again(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback():
        await deployed(redis_client, {"api": "1.0.0"})
        await report(redis_client, "api", "2.0.0", "2.0.0")

        async def detected() -> bool:
            return bool(await of_type(redis_client, "drift-detected"))

        await eventually(detected)
    async with rollback() as restarted:
        await scanned(restarted)
    assert len(await of_type(redis_client, "drift-detected")) == 1
    assert len(await of_type(redis_client, "deploy-requested")) == 1


async def test_without_correct_drift_it_is_only_reported(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0", "web": "3.1.0"})
        await report(redis_client, "web", "3.0.9", "3.0.9")

        async def detected() -> bool:
            return bool(await of_type(redis_client, "drift-detected"))

        await eventually(detected)
        await scanned(watch)
        [drift] = await of_type(redis_client, "drift-detected")
    assert isinstance(drift, DriftDetected)
    assert drift.service == "web" and drift.payload.action == "report"
    assert drift.payload.reported_version == "3.0.9"
    assert await of_type(redis_client, "deploy-requested") == []


async def test_a_single_odd_bucket_is_not_drift(redis_client: Redis, rollback: Rollback) -> None:
    async with rollback() as watch:
        await deployed(redis_client, {"api": "1.0.0"})
        await report(redis_client, "api", "1.0.0", "unknown", "1.0.0", "0.9.0")
        await scanned(watch)
        assert await of_type(redis_client, "drift-detected") == []

        await report(redis_client, "api", "unknown", "0.9.0")  # the second known report in a row: now it is drift

        async def detected() -> bool:
            return bool(await of_type(redis_client, "drift-detected"))

        await eventually(detected)
    [drift] = await of_type(redis_client, "drift-detected")
    assert isinstance(drift, DriftDetected) and drift.payload.reported_version == "0.9.0"
