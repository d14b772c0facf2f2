"""A health URL the monitor cannot probe is never skipped in silence: the running monitor logs it once per plan
revision, counts it in flightdeck_monitor_unwatched_services, lists it at /monitor/unwatched, and goes on watching
everything else; a current plan that does not load at all neither stops it nor stops its watching."""

import json
from pathlib import Path

import httpx
import yaml

from tests.support.health_server import HealthServer, health_server
from tests.support.inprocess import eventually
from tests.support.processes import worker_process


def gauge(service: str, environment: str = "staging") -> str:
    labels = f'environment="{environment}",field="health.ready",service="{service}"'
    return f"flightdeck_monitor_unwatched_services{{{labels}}} 1.0"


def write_plan(path: Path, health: HealthServer, api: str = "${HOST}", web: str = "") -> None:
    def service(name: str, host: str, part: str = "") -> dict[str, object]:
        url = f"http://{host}:{health.port}/{name}{part}/health/ready"
        return {"deploy": ["./d.sh"], "health": {"ready": url, "interval": "50ms"}}

    services = {"db": service("db", "${HOST}"), "api": service("api", api)}
    if web:
        services["web"] = service("web", "${HOST}", web)
    path.write_text(
        yaml.safe_dump(
            {
                "version": 1,
                "environments": {"staging": {"variables": {"HOST": "127.0.0.1"}}},
                "services": services,
            }
        )
    )


def warnings(log: Path, key: str = "unwatched_service") -> list[dict[str, object]]:
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    return [line for line in lines if line.get(key)]


async def test_a_url_watching_cannot_fill_in_is_reported_once_and_the_rest_is_watched(
    redis_url: str, tmp_path: Path
) -> None:
    plan, log = tmp_path / "flightdeck.yaml", tmp_path / "monitor.log"
    with health_server() as health:
        write_plan(plan, health, web="/{version}")  # a gate knows the version; watching between deployments does not
        with worker_process(redis_url, module="services.monitor", log=log, FLIGHTDECK_PLAN_FILE=str(plan)) as monitor:
            await monitor.ready()
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{monitor.port}") as http:

                async def counted() -> bool:
                    return gauge("web") in (await http.get("/metrics")).text.splitlines()

                await eventually(counted)
                await eventually(lambda: health.hits.get("api", 0) >= 10 and health.hits.get("db", 0) >= 10)
                (listed,) = (await http.get("/monitor/unwatched")).json()["unwatched"]
                assert (listed["environment"], listed["service"], listed["field"]) == ("staging", "web", "health.ready")
                assert listed["problem"].startswith("{version} is used but has no value")
                (warning,) = warnings(log)  # once, however many ticks went by
                assert warning["level"] == "warning" and warning["service"] == "monitor"
                assert (warning["unwatched_service"], warning["field"], warning["plan_revision"]) == (
                    "web",
                    "health.ready",
                    0,
                )
                assert warning["problem"] == listed["problem"]

                write_plan(plan, health)  # web is gone from the plan: nothing left unwatched

                async def cleared() -> bool:
                    return bool((await http.get("/monitor/unwatched")).json()["unwatched"] == [])

                await eventually(cleared)
                assert gauge("web") not in (await http.get("/metrics")).text
            assert monitor.poll() is None, "the monitor never stopped"


async def test_a_misspelled_variable_in_a_health_url_neither_stops_the_monitor_nor_goes_unreported(
    redis_url: str, tmp_path: Path
) -> None:
    """Issue 12: ${HSOT} left api's URL unresolved and the monitor stopped watching api without a word. Validation
    now refuses such a plan; the monitor must still survive one (a revision stored before, a file being edited)."""
    plan, log = tmp_path / "flightdeck.yaml", tmp_path / "monitor.log"
    with health_server() as health:
        write_plan(plan, health, api="${HSOT}")
        with worker_process(redis_url, module="services.monitor", log=log, FLIGHTDECK_PLAN_FILE=str(plan)) as monitor:
            await monitor.ready()
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{monitor.port}") as http:

                async def counted() -> bool:
                    return gauge("api", environment="") in (await http.get("/metrics")).text.splitlines()

                await eventually(counted)
                report = (await http.get("/monitor/unwatched")).json()
                assert report["plan_error"] == (
                    "the current plan does not load (1 problem(s)); watching nothing until it does"
                )
                (listed,) = report["unwatched"]
                assert (listed["service"], listed["field"]) == ("api", "health.ready")
                assert listed["problem"].startswith("${HSOT} is not a variable of environment staging")

                write_plan(plan, health)  # fixed: both watched
                await eventually(lambda: health.hits.get("api", 0) >= 3 and health.hits.get("db", 0) >= 3)
                assert (await http.get("/monitor/unwatched")).json() == {
                    "plan_revision": 0,
                    "plan_error": None,
                    "unwatched": [],
                }

                write_plan(plan, health, api="${HSOT}")  # broken again: watching goes on by the plan that loaded
                await eventually(lambda: len(warnings(log)) == 2)
                seen = health.hits["api"]
                await eventually(lambda: health.hits["api"] >= seen + 10)
                report = (await http.get("/monitor/unwatched")).json()
                assert "still watching by the last plan that loaded (revision 0)" in report["plan_error"]
                assert len(warnings(log, key="problems")) == 2 and len(warnings(log)) == 2  # each told once
            assert monitor.poll() is None, "the monitor never stopped"
