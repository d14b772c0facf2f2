"""`flightdeck deploy --wait` over the dashboard's API, followed over its Server-Sent Events: the same lines and
exit code as over Redis for a deployment that succeeds, one rejected, and an id used again (the same request
follows its deployment from the start; a different one is refused, the coordinator's answer to the request the
API published for us recognised as ours); production confirmed by its name; --json lines for machines."""

import json
import re

import pytest
from redis.asyncio import Redis

from shared.events import DeployRequested
from tests.integration.cli_http_world import Run, Shell, shell_fixture  # noqa: F401 (a fixture)
from tests.support.deploy_world import events

pytestmark = pytest.mark.integration
DEPLOY = ("deploy", "--wait", "--timeout", "1m")


def told(run: Run, deployment_id: str, version: str) -> Run:
    """The run as it reads with its clock times, durations, id and version left out: what both ways say alike."""
    out = re.sub(r"^\d\d:\d\d:\d\d  ", "", run.out, flags=re.MULTILINE)
    out = re.sub(r"\b\d+(\.\d+)?m?s\b", "N", out.replace(deployment_id, "X").replace(version, "V"))
    return Run(run.code, out, run.err.replace(deployment_id, "X"))


async def test_a_deployment_followed_over_http_says_what_it_says_over_redis(shell: Shell, redis_client: Redis) -> None:
    shell.over_redis()
    over_redis = await shell.run(*DEPLOY, "--env", "staging", "--version", "1.0.0", "--id", "r-1")
    shell.over_http()
    over_http = await shell.run(*DEPLOY, "--env", "staging", "--version", "2.0.0", "--id", "h-1")
    assert over_http.code == over_redis.code == 0, over_http.out + over_http.err
    assert told(over_http, "h-1", "2.0.0") == told(over_redis, "r-1", "1.0.0")
    assert "wave 2/2  web" in over_http.out and over_http.out.rstrip().endswith("(exit 0)")
    (asked,) = [e for e in await events(redis_client, "h-1") if isinstance(e, DeployRequested)]
    assert asked.producer == "dashboard" and asked.payload.requested_by == "ana"

    rejected = await shell.both(*DEPLOY, "--env", "staging", "--service", "nope=1.0.0", "--id", "bad-1")
    assert rejected[0].code == rejected[1].code == 3
    assert "REJECTED  unknown service 'nope'" in rejected[1].out


async def test_an_id_used_again_is_followed_or_refused_over_http(shell: Shell) -> None:
    shell.over_http()
    assert (await shell.run(*DEPLOY, "--env", "staging", "--version", "1.0.0", "--id", "ci-1")).code == 0
    again = await shell.run(*DEPLOY, "--env", "staging", "--version", "1.0.0", "--id", "ci-1")
    assert again.code == 0 and "ci-1 is already this request's deployment (succeeded)" in again.out
    assert again.out.rstrip().splitlines()[-1].startswith("succeeded ci-1 after ")
    other = await shell.run(*DEPLOY, "--env", "staging", "--version", "2.0.0", "--id", "ci-1")
    assert other.code == 3 and other.out.rstrip().splitlines()[-1].startswith("refused ci-1 after ")


async def test_production_is_confirmed_by_its_name_and_json_lines_follow_it(shell: Shell) -> None:
    shell.over_http()
    done = await shell.run(*DEPLOY, "--env", "live", "--version", "1.0.0", "--id", "p-1", "--json")
    assert done.code == 0, done.err
    lines = [json.loads(line) for line in done.out.splitlines()]
    assert lines[0]["type"] == "deployment-started" and lines[-1]["outcome"] == "succeeded"
    assert lines[-1]["deployment_id"] == "p-1"
