"""How the CLI reaches Flightdeck: through the dashboard's authenticated HTTP API when FLIGHTDECK_URL and
FLIGHTDECK_TOKEN are set (cli/http_transport.py), else straight to Redis (REDIS_URL, rediss:// for TLS, a password
in the URL; cli/redis_transport.py). Commands use the Transport protocol only, so the choice is made here, once,
and a command prints the same and exits the same either way."""

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

from redis.exceptions import AuthenticationError, ResponseError

from services.coordinator.domain.model import Deployment, EnvironmentState
from shared.events import Event
from shared.settings import Settings, SettingsError, load_settings

from .http_config import ConfigError, http_config
from .listening import Readers
from .records import AlertBoard, DeadLetters, Replayed

UNREACHABLE = 4  # the exit code of every command that cannot reach Flightdeck


class TransportError(RuntimeError):
    """Flightdeck cannot be reached, or refused what was asked; the message says which address was tried and what
    to do, `exit_code` what the command exits with (UNREACHABLE, or the command's own code for what was refused)."""

    def __init__(self, message: str, exit_code: int = UNREACHABLE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def explain(error: Exception, settings: Settings) -> TransportError:
    """The one place a Redis error becomes what to do (the password masked)."""
    where = f"REDIS_URL={settings.redis_url_masked}"
    if isinstance(error, AuthenticationError) or "WRONGPASS" in str(error) or "NOAUTH" in str(error):
        return TransportError(
            f"Redis at {where} refused the password: set the right one in REDIS_URL "
            "(redis://:PASSWORD@host:6379/0, or rediss:// for TLS)"
        )
    if isinstance(error, ResponseError):  # it answered, and refused the command
        return TransportError(f"Redis at {where} answered with an error: {error}")
    return TransportError(
        f"cannot reach Redis at {where} ({type(error).__name__}): start one with "
        "`flightdeck up`, or point REDIS_URL at yours"
    )


class Transport(Protocol):
    async def publish(self, event: Event) -> str: ...

    def follow(self, deployment_id: str, since: str = "0-0", block_ms: int = 1000) -> AsyncIterator[Event | None]:
        """The deployment's events as they arrive; None when nothing came within block_ms (check your deadline)."""
        ...

    async def deployment(self, deployment_id: str) -> Deployment | None:
        """The coordinator's snapshot of the deployment; None when there is no such deployment."""
        ...

    async def environment(self, name: str) -> EnvironmentState | None:
        """The coordinator's state of the environment; None before anything happened there."""
        ...

    async def history(self, environment: str, limit: int) -> list[Deployment]:
        """The environment's latest deployments, newest first."""
        ...

    async def environments(self) -> list[str] | None:
        """The plan's environments (sorted); None when no plan has been applied; PlanError when it does not load."""
        ...

    async def production(self, environment: str) -> bool:
        """Whether the plan makes the environment production (its `production:` flag, else its name); by its name
        when no plan can be read. shared.plan.model.is_production is the rule, here as for the API's confirm."""
        ...

    async def log(self, deployment_id: str, since: str, block_ms: int | None) -> list[tuple[str, dict[str, str]]]: ...

    async def attention(self, environment: str) -> dict[str, Any]: ...

    async def readers(self, service: str) -> Readers:
        """The service's consumer group on the events stream: who reads it, and how far it got."""
        ...

    async def alerts(self) -> AlertBoard:
        """The alerter's active alerts and their acknowledgements."""
        ...

    async def alert_active(self, fingerprint: str) -> bool: ...

    async def silences(self) -> dict[str, bytes | str]:
        """The alerter's silences as it stores them: silence id -> SilenceCreatedPayload JSON (maybe unreadable)."""
        ...

    async def silence_stored(self, silence_id: str) -> bool: ...

    async def apply_plan(self, plan_text: str, source: str) -> int:
        """Stores the plan's text as a new revision and makes it current; its number."""
        ...

    async def dead_letters(self, count: int) -> DeadLetters:
        """The oldest `count` dead letters."""
        ...

    async def replay(self, entry_id: str) -> Replayed | None:
        """Puts the dead letter back on its source stream (and out of the dead letters); None when there is none."""
        ...

    async def close(self) -> None: ...


def connect() -> Transport:
    """The transport the environment asks for; TransportError when it is misconfigured."""
    try:
        config = http_config(os.environ)
    except ConfigError as error:
        raise TransportError(str(error)) from None
    if config is not None:
        from .http_transport import HttpTransport

        return HttpTransport(config)
    from .redis_transport import RedisTransport

    try:
        settings = load_settings()
    except SettingsError as error:
        raise TransportError(str(error)) from None
    try:
        return RedisTransport(settings)
    except ValueError as error:  # redis-py could not read the URL (a port that is no number, a bad query)
        raise TransportError(
            f"REDIS_URL is not a URL Redis can be reached at ({error}): write it like redis://:PASSWORD@host:6379/0"
        ) from None


def run(command: str, work: Callable[[Transport], Awaitable[int]]) -> int:
    """Runs a command's work on a transport it closes after; unreachable Flightdeck: what to do, exit 4."""

    async def go() -> int:
        transport = connect()
        try:
            return await work(transport)
        finally:
            await transport.close()

    try:
        return asyncio.run(go())
    except TransportError as error:
        print(f"flightdeck {command}: {error}", file=sys.stderr)
        return error.exit_code
