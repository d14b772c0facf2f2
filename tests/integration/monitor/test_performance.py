"""Latency figures per version land in Redis as buckets; a slow version raises performance-degraded in as many
windows as the rollback policy wants to agree (two by default), then not again while it stays slow."""

from pathlib import Path
from typing import cast

import pytest
import yaml
from redis.asyncio import Redis

from services.monitor.app import DEFINITION
from shared.events import PerformanceDegraded
from shared.keys.monitor import MonitorKeys
from shared.streams import Keys
from tests.support.alerting import of_class
from tests.support.health_server import health_server
from tests.support.inprocess import eventually, running


async def test_a_slow_service_is_reported_in_two_windows_with_its_figures(
    redis_url: str, redis_client: Redis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLIGHTDECK_METRICS_BUCKET", "0.5")
    with health_server() as health:
        plan = {
            "version": 1,
            "environments": {"staging": {}},
            "services": {
                "api": {
                    "deploy": ["./d.sh"],
                    "health": {"ready": health.url("api"), "interval": "50ms", "timeout": "1s"},
                    "rollback_policy": {"thresholds": {"p95_latency": "40ms"}},
                }
            },
        }
        (tmp_path / "flightdeck.yaml").write_text(yaml.safe_dump(plan))
        health.delay_s["api"] = 0.08
        async with running(DEFINITION, redis_url, plan_file=str(tmp_path / "flightdeck.yaml")):
            series = MonitorKeys.of(Keys()).series("staging", "api")
            await eventually(lambda: _length_at_least(redis_client, series, 4), within=20)
    reports = await of_class(redis_client, PerformanceDegraded)
    assert len(reports) == 2, "reported in two windows (the policy's agreement), then quiet while it stays slow"
    assert reports[0].payload.bucket_start < reports[1].payload.bucket_start, "two distinct windows"
    for report in reports:
        assert report.service == "api" and report.payload.metric == "latency_p95"
        assert report.payload.value >= 80 and report.payload.threshold == 40
    (_, bucket), *_ = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis_client.xrange(series, count=1))
    assert float(bucket[b"p95_ms"]) >= 80 and int(bucket[b"count"]) >= 1 and bucket[b"version"] == b"unknown"


async def _length_at_least(redis: Redis, key: str, n: int) -> bool:
    return int(await redis.xlen(key)) >= n
