"""`flightdeck users` and `flightdeck tokens` say the same over the dashboard's API as over Redis, with who acts
taken from the token: an admin's token manages the users and anyone's tokens; a deployer's makes, lists and revokes
its own, and is told the role it lacks (and how the first admin is made) for the rest. The token made is printed
once, on standard output only."""

import io
import logging
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tests.integration.cli_http_world import TOKENS, USERS, Run, Shell, plan_text
from tests.support.dashboard_world import PASSWORD, dashboard_world

pytestmark = pytest.mark.integration
MADE = re.compile(r"token ([a-f0-9]{16}) for (.+), until (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\.")


@pytest.fixture(name="shell")
async def shell_fixture(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> AsyncIterator[Shell]:
    """The dashboard alone (users and tokens need no coordinator), its users ana (deployer), vi and ad (admin)."""
    for name in ("FLIGHTDECK_URL", "FLIGHTDECK_TOKEN", "FLIGHTDECK_STREAM_PREFIX", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    async with dashboard_world(redis_url, redis_client, tmp_path, plan_text(), users=USERS, tokens=TOKENS) as world:
        yield Shell(monkeypatch, capsys, redis_url, world, tmp_path / "flightdeck.yaml")


def typed(shell: Shell, *passwords: str) -> None:
    """What --password-stdin reads, one line a run."""
    shell.monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{p}\n" for p in passwords)))


def named(run: Run, name: str) -> Run:
    return Run(run.code, run.out.replace(name, "X"), run.err.replace(name, "X"))


async def one_way(shell: Shell, http: bool, *argv: str, token: str = "root") -> Run:
    shell.over_http(token) if http else shell.over_redis()
    return await shell.run(*argv)


async def test_an_admins_token_manages_the_users_as_redis_does(shell: Shell) -> None:
    typed(shell, PASSWORD, PASSWORD)
    added = [
        await one_way(shell, http, "users", "add", f"b{n}", "--role", "viewer", "--password-stdin")
        for n, http in ((1, False), (2, True))
    ]
    assert named(added[1], "b2") == named(added[0], "b1") and added[0] == Run(0, "added b1 (viewer in *)\n", "")
    typed(shell, PASSWORD, PASSWORD)
    again = await shell.both("users", "add", "b1", "--role", "viewer", "--password-stdin", token="root")
    assert again[1] == again[0] and again[0].code == 64 and "user b1 exists already" in again[0].err
    typed(shell, "hunter2", "hunter2")
    weak = await shell.both("users", "add", "weak", "--role", "viewer", "--password-stdin", token="root")
    assert weak[1] == weak[0] and weak[0].code == 64 and "at least 12 characters" in weak[0].err
    changed = await shell.both("users", "set", "b1", "--role", "deployer", "--env", "staging", token="root")
    assert changed[1] == changed[0] == Run(0, "b1 is deployer in staging\n", "")
    ghost = await shell.both("users", "set", "ghost", "--role", "viewer", token="root")
    assert ghost[1] == ghost[0] and ghost[0].code == 64 and "no user ghost" in ghost[0].err
    listed = await shell.both("users", "list", token="root")
    assert listed[1] == listed[0] and listed[0].code == 0 and "5 user(s)" in listed[0].out
    assert re.search(r"b1 +deployer +staging", listed[0].out)
    removed = [await one_way(shell, http, "users", "remove", f"b{n}") for n, http in ((1, False), (2, True))]
    assert named(removed[1], "b2") == named(removed[0], "b1") == Run(0, "removed X\n", "")
    gone = await shell.both("users", "remove", "b1", token="root")
    assert gone[1] == gone[0] == Run(1, "", "no user b1 (see `flightdeck users list`)\n")


def made(run: Run) -> tuple[str, str, str]:
    """The token printed, its id, and the line that says what it is with its id and expiry left out."""
    said = MADE.search(run.err)
    assert said is not None, run
    return run.out.strip(), said.group(1), run.err.replace(said.group(1), "ID").replace(said.group(3), "WHEN")


async def lasts(shell: Shell, token_id: str) -> timedelta:
    """How long the dashboard says the token lasts, from when it was made."""
    listed = await shell.world.client.get("/api/v1/tokens?all=true", headers=shell.world.bearer("root"))
    (token,) = [t for t in listed.json() if t["id"] == token_id]
    return datetime.fromisoformat(token["expires_at"]) - datetime.fromisoformat(token["created_at"])


async def test_an_admins_token_makes_and_revokes_anyones_tokens_as_redis_does(
    shell: Shell, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    runs = [
        await one_way(shell, http, "tokens", "create", "gha", "--user", "ana", "--env", "staging")
        for http in (False, True)
    ]
    (by_redis, id_redis, said_redis), (by_http, id_http, said_http) = made(runs[0]), made(runs[1])
    assert runs[0].code == runs[1].code == 0 and said_http == said_redis
    assert "token ID for ana (deployer in staging), until WHEN UTC." in said_redis
    assert by_http.startswith("fd_") and by_http != by_redis and by_http not in runs[1].err + caplog.text
    assert await lasts(shell, id_http) == await lasts(shell, id_redis) == timedelta(days=90)
    me = await shell.world.client.get("/api/v1/me", headers={"Authorization": f"Bearer {by_http}"})
    assert me.json()["name"] == "ana" and me.json()["environments"] == ["staging"]

    for argv in (
        ("tokens", "create", "x", "--user", "ana", "--role", "admin"),
        ("tokens", "create", "x", "--user", "ghost"),
        ("tokens", "create", "x", "--user", "ana", "--expires", "soon"),
    ):
        refused = await shell.both(*argv, token="root")
        assert refused[1] == refused[0] and refused[0].code == 64 and refused[0].out == "", refused
    listed = await shell.both("tokens", "list", "--user", "ana", token="root")
    assert listed[1] == listed[0] and listed[0].code == 0 and "3 token(s)" in listed[0].out
    ids = [id_redis, id_http]
    revoked = [await one_way(shell, http, "tokens", "revoke", ids[n]) for n, http in ((0, False), (1, True))]
    assert named(revoked[1], ids[1]) == named(revoked[0], ids[0]) == Run(0, "revoked X (gha of ana)\n", "")
    unknown = await shell.both("tokens", "revoke", "0123456789abcdef", token="root")
    assert unknown[1] == unknown[0] and unknown[0].code == 1 and "no token 0123456789abcdef" in unknown[0].err
    after = await shell.both("tokens", "list", "--user", "ana", token="root")
    assert after[1] == after[0] and after[0].out.count(" revoked ") == 2


async def test_a_deployers_token_makes_its_own_and_is_told_the_role_it_lacks(
    shell: Shell, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    shell.over_http("ci")
    own = await shell.run("tokens", "create", "mine", "--user", "ana", "--expires", "12h")
    secret, own_id, said = made(own)
    assert own.code == 0 and "token ID for ana (deployer in *), until WHEN UTC." in said
    assert "shown this once" in own.err and secret not in own.err and secret not in caplog.text
    assert await lasts(shell, own_id) == timedelta(hours=12)
    listed = await shell.run("tokens", "list")
    assert listed.code == 0 and "2 token(s)" in listed.out and " vi " not in listed.out and secret not in listed.out

    other = await shell.run("tokens", "create", "x", "--user", "vi")
    assert other.code == 4 and other.out == ""
    assert (
        "making a token for vi needs the admin role" in other.err and "make one for yourself (--user ana)" in other.err
    )
    theirs = await shell.run("tokens", "list", "--user", "vi")
    assert theirs.code == 4 and "listing the tokens of vi needs the admin role" in theirs.err
    vi_token = shell.world.tokens["ro"].split("_")[1]
    assert (await shell.run("tokens", "revoke", vi_token)) == Run(
        1, "", f"no token {vi_token} (see `flightdeck tokens list`)\n"
    )

    typed(shell, PASSWORD)
    add = await shell.run("users", "add", "bo", "--role", "viewer", "--password-stdin")
    assert add.code == 4 and add.out == "" and "admin needs the admin role; ana has deployer" in add.err
    assert "set FLIGHTDECK_TOKEN to a token of an admin" in add.err
    assert "the first admin is made over Redis: `flightdeck users add NAME --role admin`" in add.err
    assert PASSWORD not in add.err and PASSWORD not in caplog.text
    assert (await shell.run("users", "list")).code == 4
