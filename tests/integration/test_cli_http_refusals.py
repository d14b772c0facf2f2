"""Refusals over the dashboard's API, each said with what to do and the exit code of an unreachable Flightdeck
(4): a token revoked or never made, a viewer deploying (the role named, nothing published), a deployer outside
its environments, a dashboard that is not there, FLIGHTDECK_URL without a token; what the API cannot carry (a
deployment recorded by hand) sends the person to REDIS_URL (64); a deployer's users list is told the role it
lacks (4). The token never appears."""

from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from services.dashboard.auth.tokens import TokenStore
from shared.keys.auth import AuthKeys
from shared.redis_process import free_port
from shared.streams import Keys
from tests.integration.cli_http_world import Shell, shell_fixture  # noqa: F401 (a fixture)
from tests.support.deploy_world import events

pytestmark = pytest.mark.integration


async def test_a_token_revoked_or_unknown_is_refused_with_how_to_make_one(shell: Shell, redis_client: Redis) -> None:
    shell.over_http("ro")
    assert (await shell.run("history")).code == 0
    secret = shell.world.tokens["ro"]
    token_id = secret.split("_")[1]
    await TokenStore(redis_client, AuthKeys.of(Keys())).revoke(token_id, datetime.now(UTC))
    revoked = await shell.run("history")
    assert revoked.code == 4 and revoked.out == ""
    assert f"refused the token in FLIGHTDECK_TOKEN (fd_{token_id}_…)" in revoked.err
    assert "expired, was revoked, or is mistyped" in revoked.err and "flightdeck tokens create" in revoked.err
    assert secret not in revoked.err and secret.split("_", 2)[2] not in revoked.err  # the random part may hold "_" too
    shell.monkeypatch.setenv("FLIGHTDECK_TOKEN", "fd_0000000000000000_" + "x" * 43)
    unknown = await shell.run("status")
    assert unknown.code == 4 and "refused the token in FLIGHTDECK_TOKEN (fd_0000000000000000_…)" in unknown.err


async def test_a_viewer_deploying_is_told_the_role_it_needs_and_nothing_is_published(
    shell: Shell, redis_client: Redis
) -> None:
    shell.over_http("ro")
    refused = await shell.run("deploy", "--env", "staging", "--version", "1.0.0", "--id", "v-1")
    assert refused.code == 4 and refused.out == ""
    assert "flightdeck deploy: nothing published: " in refused.err
    assert "refused: deploy needs the deployer role; vi has viewer" in refused.err
    waited = await shell.run("deploy", "--env", "staging", "--version", "1.0.0", "--id", "v-2", "--wait")
    assert waited.code == 4 and "deploy needs the deployer role" in waited.err
    assert await events(redis_client) == []


async def test_a_deployer_outside_its_environments_is_refused(shell: Shell, redis_client: Redis) -> None:
    made = await TokenStore(redis_client, AuthKeys.of(Keys())).create(
        "narrow", "ana", "deployer", ("staging",), datetime.now(UTC), None
    )
    shell.over_http()
    shell.monkeypatch.setenv("FLIGHTDECK_TOKEN", made.secret)
    refused = await shell.run("rollback", "--env", "gated", "--service", "api", "--to", "1.0.0", "--yes")
    assert refused.code == 4 and "ana may deploy only in staging, not in gated" in refused.err
    assert await events(redis_client) == []


async def test_a_dashboard_not_there_or_half_configured_says_what_to_set(shell: Shell) -> None:
    shell.over_http()
    nowhere = f"http://127.0.0.1:{free_port()}"
    shell.monkeypatch.setenv("FLIGHTDECK_URL", nowhere)
    unreachable = await shell.run("status")
    assert unreachable.code == 4 and f"cannot reach Flightdeck at FLIGHTDECK_URL={nowhere} (ConnectError)" in (
        unreachable.err
    )
    shell.monkeypatch.delenv("FLIGHTDECK_TOKEN")
    half = await shell.run("history")
    assert half.code == 4 and "is set but FLIGHTDECK_TOKEN is not" in half.err


async def test_what_the_api_cannot_carry_sends_the_person_to_redis(shell: Shell, redis_client: Redis) -> None:
    shell.over_http()
    recorded = await shell.run("record", "--env", "staging", "--service", "api", "--version", "1.0.0", "--yes")
    assert recorded.code == 64 and "takes no deployment-recorded event" in recorded.err and "REDIS_URL" in recorded.err
    users = await shell.run("users", "list")
    assert users.code == 4 and "admin needs the admin role; ana has deployer" in users.err
    assert await events(redis_client) == []
