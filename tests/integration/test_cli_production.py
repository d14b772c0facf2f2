"""The CLI asks first where the plan says `production: true`, whatever the environment's name, over Redis and over
the dashboard's API alike: without a terminal a rollback in `live` is refused until --yes, one in staging goes."""

from typing import cast

import pytest
from redis.asyncio import Redis

from shared.streams import Keys
from tests.integration.cli_http_world import Shell, shell_fixture  # noqa: F401 (a fixture)

pytestmark = pytest.mark.integration
ROLLBACK = ("rollback", "--service", "api", "--to", "1.0.0", "--reason", "trying")


async def published(redis: Redis) -> int:
    """The deploy requests on the stream (what a rollback with no deployment in flight publishes)."""
    rows = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(Keys().events))
    return len([fields for _, fields in rows if fields.get(b"type") == b"deploy-requested"])


async def test_a_plan_flagged_production_is_confirmed_both_ways(shell: Shell, redis_client: Redis) -> None:
    before = await published(redis_client)
    over_redis, over_http = await shell.both(*ROLLBACK, "--env", "live")
    for run in (over_redis, over_http):
        assert run.code == 2 and "roll back in live: add --yes to confirm" in run.err, run
    assert await published(redis_client) == before, "nothing was requested"

    shell.over_http()
    assert (await shell.run(*ROLLBACK, "--env", "staging")).code == 0
    confirmed = await shell.run(*ROLLBACK, "--env", "live", "--yes")
    assert confirmed.code == 0 and "published deploy-requested" in confirmed.out, confirmed
    assert await published(redis_client) == before + 2
