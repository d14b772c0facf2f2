"""`flightdeck users` and `flightdeck tokens` over a real Redis: the first admin made from the command line, a
weak password or a wrong role named, and a token printed once that the dashboard then accepts."""

import io
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from shared.keys.auth import AuthKeys
from shared.streams import Keys
from tests.integration.cli_run import in_thread

KEYS = AuthKeys.of(Keys())
PASSWORD = "correct horse battery staple"


async def run(monkeypatch: pytest.MonkeyPatch, redis_url: str, *argv: str, stdin: str = "") -> int:
    """The command in a thread (it runs its own event loop), reading `stdin`."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return await in_thread(*argv)


async def test_the_first_admin_is_made_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, redis_url: str, redis_client: Redis, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run(monkeypatch, redis_url, "users", "list") == 0
    assert "add the first with `flightdeck users add NAME --role admin`" in capsys.readouterr().out
    added = await run(
        monkeypatch, redis_url, "users", "add", "root", "--role", "admin", "--password-stdin", stdin=PASSWORD
    )
    assert added == 0 and "added root (admin in *)" in capsys.readouterr().out
    assert await UserStore(redis_client, KEYS).check("root", PASSWORD) is not None
    assert PASSWORD.encode() not in (await redis_client.get(KEYS.user("root")) or b"")
    again = await run(
        monkeypatch, redis_url, "users", "add", "root", "--role", "viewer", "--password-stdin", stdin=PASSWORD
    )
    assert again == 64 and "exists already" in capsys.readouterr().err


async def test_a_weak_password_and_an_unknown_user_are_named(
    monkeypatch: pytest.MonkeyPatch, redis_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = await run(
        monkeypatch, redis_url, "users", "add", "bo", "--role", "viewer", "--password-stdin", stdin="hunter2"
    )
    assert weak == 64 and "at least 12 characters" in capsys.readouterr().err
    assert await run(monkeypatch, redis_url, "users", "remove", "ghost") == 1
    assert "no user ghost" in capsys.readouterr().err


async def test_a_token_is_printed_once_and_works_until_revoked(
    monkeypatch: pytest.MonkeyPatch, redis_url: str, redis_client: Redis, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("users", "add", "ci-bot", "--role", "deployer", "--env", "staging", "--password-stdin")
    assert await run(monkeypatch, redis_url, *argv, stdin=PASSWORD) == 0
    capsys.readouterr()
    beyond = await run(monkeypatch, redis_url, "tokens", "create", "gha", "--user", "ci-bot", "--env", "production")
    assert beyond == 64 and "cannot make a token for production" in capsys.readouterr().err
    assert await run(monkeypatch, redis_url, "tokens", "create", "gha", "--user", "ci-bot", "--expires", "30d") == 0
    printed = capsys.readouterr()
    token = printed.out.strip()
    assert token.startswith("fd_") and "shown this once" in printed.err
    tokens = TokenStore(redis_client, KEYS)
    record = await tokens.verify(token, datetime.now(UTC))
    assert record is not None and record.environments == ("staging",) and record.expires_at is not None
    assert await run(monkeypatch, redis_url, "tokens", "list") == 0
    assert token not in capsys.readouterr().out
    assert await run(monkeypatch, redis_url, "tokens", "revoke", record.id) == 0
    assert await tokens.verify(token, datetime.now(UTC)) is None
