"""`flightdeck demo` end to end, as a person runs it, checked from outside: the fleet's own endpoints, the event
stream in the demo's Redis, what reached the SMTP server and the receivers, and what is left after it stopped."""

import json
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.events import IncidentResolved
from shared.redis_process import LocalRedis
from tests.support.demo_run import rollback_starts, start_demo, stream_events

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCENARIO_WITHIN_S = 150
REVERSE = [{"web"}, {"api", "worker"}, {"migrate"}]


def waves_of(order: list[str]) -> list[set[str]]:
    """[web, worker, api, migrate] -> [{web}, {api, worker}, {migrate}]: the order cut into waves of REVERSE's sizes
    (and what is left over, which makes the comparison fail)."""
    found, at = [], 0
    for wave in REVERSE:
        found.append(set(order[at : at + len(wave)]))
        at += len(wave)
    return found + ([set(order[at:])] if order[at:] else [])


def only_the_bad_release(mails: list[dict[str, Any]], posts: list[dict[str, Any]]) -> None:
    assert len(mails) == 1, f"one email, not {[m['subject'] for m in mails]}"
    assert "demo-1.2.0" in mails[0]["subject"] and mails[0]["to"] == ["oncall@demo.example"]
    kinds = sorted(p["kind"] for p in posts)
    assert kinds == ["slack", "webhook"], f"one Slack message and one webhook delivery, not {kinds}"
    assert all("demo-1.2.0" in p["summary"] for p in posts), [p["summary"] for p in posts]


def test_demo_once_plays_the_scenario_and_stops_everything(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    demo = start_demo(folder, "--once")
    try:
        demo.wait_for_line(r"rolled back demo-1\.2\.0", SCENARIO_WITHIN_S)
        demo.look()
        code = demo.process.wait(timeout=60)
    finally:
        demo.stop(signal.SIGKILL)  # a no-op once it ended; what it had started is checked below either way
    assert code == 0, demo.output
    processes, ports = demo.left_behind()
    assert "every step ended as the scenario expects" in demo.output
    assert "Traceback" not in demo.output
    assert processes == [] and ports == [], f"left running: processes {processes}, ports {ports}"

    summary = json.loads((folder / "summary.json").read_text())
    assert summary["deviations"] == []
    assert summary["versions"] == {"api": "1.1.0", "worker": "1.1.0", "web": "1.1.0", "migrate": "1.1.0"}
    mails = [json.loads(line) for line in (folder / "inbox" / "mails.jsonl").read_text().splitlines()]
    posts = [json.loads(line) for line in (folder / "inbox" / "posts.jsonl").read_text().splitlines()]
    only_the_bad_release(mails, posts)

    kept = LocalRedis(data_dir=folder / "redis")  # the demo's Redis kept its stream in its append-only file
    try:
        events = stream_events(kept.start() + "/0")
    finally:
        kept.stop()
    assert waves_of(rollback_starts(events, "demo-1.2.0")) == REVERSE
    endings = {
        e.deployment_id: e.type
        for e in events
        if e.type.startswith("deployment-") and e.type not in ("deployment-started",)
    }
    assert endings == {
        "demo-1.0.0": "deployment-succeeded",
        "demo-1.1.0": "deployment-succeeded",
        "demo-1.2.0": "deployment-rolled-back",
    }, endings
    resolved = [e for e in events if isinstance(e, IncidentResolved)]
    assert len(resolved) == 1 and resolved[0].deployment_id == "demo-1.2.0"
    assert resolved[0].payload.time_to_recover_s is not None


def test_stopped_mid_scenario_it_leaves_nothing_and_the_next_demo_runs_and_waits(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    first = start_demo(folder)
    try:
        first.wait_for_line(r"deploy api 1\.0\.0 \.\.\. ok", SCENARIO_WITHIN_S)  # fleet processes are up now
    finally:
        code = first.stop(signal.SIGINT)
    assert code == 0, first.output
    processes, ports = first.left_behind()
    assert "Traceback" not in first.output
    assert processes == [] and ports == [], f"left running: processes {processes}, ports {ports}"
    assert first.seen and first.ports, "the test saw the demo's processes and ports"

    second = start_demo(folder)
    try:
        redis_url = second.wait_for_line(r"Redis: (redis://\S+)", 60)[1]
        inbox_port = int(second.wait_for_line(r"Slack/webhook receiver \(:(\d+)\)", 60)[1])
        second.wait_for_line(r"the demo stays up", SCENARIO_WITHIN_S)
        second.look()
        fleet = json.loads((folder / "fleet" / "fleet.json").read_text())["services"]
        for name in ("api", "worker", "web"):
            answer = httpx.get(f"http://127.0.0.1:{fleet[name]['port']}/health/detailed", timeout=5).json()
            assert answer["version"] == "1.1.0", (name, answer)
        assert waves_of(rollback_starts(stream_events(redis_url), "demo-1.2.0")) == REVERSE
        received = httpx.get(f"http://127.0.0.1:{inbox_port}/received", timeout=5).json()
        only_the_bad_release(received["mails"], received["posts"])
    finally:
        code = second.stop(signal.SIGTERM)
    processes, ports = second.left_behind()
    assert code == 0, second.output
    assert "Traceback" not in second.output
    assert processes == [] and ports == [], f"left running: processes {processes}, ports {ports}"
