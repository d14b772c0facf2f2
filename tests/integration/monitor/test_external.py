"""The providers inside the running monitor: Prometheus figures and a Lighthouse audit become performance reports."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from redis.asyncio import Redis

from services.monitor.app import DEFINITION
from services.monitor.timeline import milestones
from shared.bus.publisher import EventPublisher
from shared.events import DeploymentStarted, DeploymentSucceeded, Event, PerformanceDegraded
from shared.events.deployment import DeploymentStartedPayload, DeploymentSucceededPayload
from shared.streams import Keys
from tests.integration.monitor.test_providers_lighthouse import site  # noqa: F401 (a fixture)
from tests.integration.monitor.test_providers_prometheus import ERROR_RATE, P95, prometheus_url, target  # noqa: F401
from tests.support.alerting import of_class
from tests.support.health_server import health_server
from tests.support.inprocess import eventually, running

pytestmark = pytest.mark.integration


@pytest.fixture
def plan_file(tmp_path: Path, prometheus_url: str, site: str) -> Iterator[Path]:  # noqa: F811
    with health_server() as health:
        plan = {
            "version": 1,
            "environments": {"staging": {}},
            "services": {
                "api": {
                    "deploy": ["./d.sh"],
                    "health": {
                        "ready": health.url("api"),
                        "interval": "1s",
                        "metrics": {
                            "prometheus": {"url": prometheus_url, "error_rate": ERROR_RATE, "latency_p95": P95}
                        },
                    },
                    "rollback_policy": {"thresholds": {"error_rate": "2%"}},
                },
                "web": {
                    "kind": "frontend",
                    "deploy": ["./d.sh"],
                    "health": {
                        "ready": health.url("web"),
                        "interval": "1s",
                        "lighthouse": {"url": f"{site}/poor.html", "min_accessibility": 90},
                    },
                },
            },
        }
        path = tmp_path / "flightdeck.yaml"
        path.write_text(yaml.safe_dump(plan))
        yield path


async def _publish(redis: Redis, event: Event) -> None:
    await EventPublisher(redis, Keys(), producer="coordinator").publish(event)


async def test_provider_figures_become_performance_reports(
    redis_url: str, redis_client: Redis, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLIGHTDECK_METRICS_BUCKET", "0.5")
    async with running(DEFINITION, redis_url, plan_file=str(plan_file)):
        started = DeploymentStartedPayload(versions={"api": "v2", "web": "7"})
        await _publish(redis_client, DeploymentStarted(deployment_id="d-1", environment="staging", payload=started))
        succeeded = DeploymentSucceededPayload(duration_s=1)
        await _publish(redis_client, DeploymentSucceeded(deployment_id="d-1", environment="staging", payload=succeeded))

        async def reported() -> bool:
            kinds = {e.payload.metric for e in await of_class(redis_client, PerformanceDegraded)}
            return {"error_rate", "lighthouse_accessibility"} <= kinds

        await eventually(reported, within=90)
    found = {e.payload.metric: e for e in await of_class(redis_client, PerformanceDegraded)}
    assert found["error_rate"].service == "api" and found["error_rate"].payload.version == "v2"
    assert found["error_rate"].payload.value == pytest.approx(0.05) and found["error_rate"].payload.threshold == 0.02
    lighthouse = found["lighthouse_accessibility"]
    assert lighthouse.service == "web" and lighthouse.payload.value < 90 and lighthouse.payload.threshold == 90
    assert any(
        m["milestone"] == "lighthouse" and m["service"] == "web" for m in await milestones(redis_client, Keys(), "d-1")
    )
