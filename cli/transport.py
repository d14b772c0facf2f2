"""How the CLI reaches Flightdeck: straight to Redis today (REDIS_URL, rediss:// for TLS, a password in the URL);
an authenticated HTTP API (FLIGHTDECK_URL + FLIGHTDECK_TOKEN) arrives with the dashboard and slots in beside it.
Commands use the Transport protocol only, so the choice is made here, once."""

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import AuthenticationError, RedisError, ResponseError

from shared.bus.codec import entry_data
from shared.bus.publisher import EventPublisher
from shared.events import Event, EventError, parse_event
from shared.settings import Settings, SettingsError, load_settings
from shared.streams import Keys

UNREACHABLE = 4  # the exit code of every command that cannot reach Flightdeck


class TransportError(RuntimeError):
    """Flightdeck cannot be reached; the message says which address was tried and what to do."""


def explain(error: Exception, settings: Settings) -> TransportError:
    """The one place a Redis error becomes what to do (the password masked)."""
    where = f"REDIS_URL={settings.redis_url_masked}"
    if isinstance(error, AuthenticationError) or "WRONGPASS" in str(error) or "NOAUTH" in str(error):
        return TransportError(f"Redis at {where} refused the password: set the right one in REDIS_URL "
                              "(redis://:PASSWORD@host:6379/0, or rediss:// for TLS)")
    if isinstance(error, ResponseError):  # it answered, and refused the command
        return TransportError(f"Redis at {where} answered with an error: {error}")
    return TransportError(f"cannot reach Redis at {where} ({type(error).__name__}): start one with "
                          "`flightdeck up`, or point REDIS_URL at yours")


class Transport(Protocol):
    async def publish(self, event: Event) -> str: ...

    def follow(self, deployment_id: str, since: str = "0-0", block_ms: int = 1000) -> AsyncIterator[Event | None]:
        """The deployment's events as they arrive; None when nothing came within block_ms (check your deadline)."""
        ...

    async def state(self, kind: str, name: str) -> dict[str, Any] | None: ...

    async def history(self, environment: str, limit: int) -> list[dict[str, Any]]: ...

    async def environments(self) -> list[str]: ...

    async def log(self, deployment_id: str, since: str, block_ms: int | None) -> list[tuple[str, dict[str, str]]]: ...

    async def attention(self, environment: str) -> dict[str, Any]: ...

    async def close(self) -> None: ...


class RedisTransport:
    def __init__(self, settings: Settings) -> None:
        self.settings, self.keys = settings, Keys(settings.stream_prefix)
        self.redis = Redis.from_url(settings.redis_url)

    async def publish(self, event: Event) -> str:
        return str(await self._call(EventPublisher(self.redis, self.keys, producer="cli").publish(event)))

    async def follow(self, deployment_id: str, since: str = "0-0", block_ms: int = 1000
                     ) -> AsyncIterator[Event | None]:
        last = since
        while True:
            found = await self._call(self.redis.xread({self.keys.events: last}, count=500, block=block_ms))
            matched = False
            for _, entries in found or []:
                for entry_id, fields in entries:
                    last = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                    data = entry_data(fields)
                    event = parse_event(data) if data is not None else None
                    if isinstance(event, EventError) or event is None:
                        continue
                    if event.deployment_id == deployment_id:
                        matched = True
                        yield event
            if not matched:  # nothing of ours in this read (quiet or busy stream): the caller checks its clock
                yield None

    async def state(self, kind: str, name: str) -> dict[str, Any] | None:
        """The coordinator's snapshot (read only): kind "deployment" or "env"."""
        raw = await self._call(self.redis.get(f"{self.keys.prefix}:coordinator:{kind}:{name}"))
        return json.loads(raw) if raw else None

    async def history(self, environment: str, limit: int) -> list[dict[str, Any]]:
        """The environment's deployments, newest first (the coordinator's snapshots)."""
        ids = await self._call(self.redis.zrevrange(f"{self.keys.prefix}:coordinator:history:{environment}",
                                                    0, limit - 1))
        found = [await self.state("deployment", i.decode()) for i in ids]
        return [d for d in found if d is not None]

    async def environments(self) -> list[str]:
        prefix = f"{self.keys.prefix}:coordinator:env:"

        async def names() -> list[str]:
            return sorted([key.decode().removeprefix(prefix) async for key in self.redis.scan_iter(f"{prefix}*")])

        return list(await self._call(names()))

    async def log(self, deployment_id: str, since: str, block_ms: int | None) -> list[tuple[str, dict[str, str]]]:
        """Lines of the deployment's commands after `since` ("0-0": from the start), waiting up to block_ms."""
        key = self.keys.deployment_log(deployment_id)
        found = await self._call(self.redis.xread({key: since}, count=1000, block=block_ms))
        return [(i.decode(), {k.decode(): v.decode() for k, v in f.items()}) for _, entries in found or []
                for i, f in entries]

    async def attention(self, environment: str) -> dict[str, Any]:
        """What the rollback service found in the environment: drifted services and open incidents."""
        base = f"{self.keys.prefix}:rollback"
        drift = await self._call(self.redis.hgetall(f"{base}:drift:reported:{environment}"))  # type: ignore[arg-type]
        ids = await self._call(self.redis.zrevrange(f"{base}:incidents", 0, 199))
        incidents = []
        for incident_id in ids:
            raw = await self._call(self.redis.get(f"{base}:incident:{incident_id.decode()}"))
            record = json.loads(raw) if raw else {}
            if record.get("environment") == environment and record.get("status") == "open":
                incidents.append(record)
        return {"drift": {k.decode(): json.loads(v) for k, v in drift.items()}, "incidents": incidents}

    async def _call(self, pending: Any) -> Any:
        try:
            return await pending
        except (RedisError, OSError) as error:
            raise explain(error, self.settings) from None

    async def close(self) -> None:
        await self.redis.aclose()


def connect() -> Transport:
    """The transport the environment asks for; TransportError when it is misconfigured."""
    if os.environ.get("FLIGHTDECK_URL"):
        raise TransportError("FLIGHTDECK_URL is set, but the HTTP API arrives with the dashboard; for now unset it "
                             "and set REDIS_URL (with its password, rediss:// for TLS)")
    try:
        return RedisTransport(load_settings())
    except SettingsError as error:
        raise TransportError(str(error)) from None


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
        return UNREACHABLE


def run_redis(command: str, work: Callable[["Redis", Keys], Awaitable[int]]) -> int:
    """As `run`, for commands that read another service's keys themselves (alerts, dead letters, plans)."""
    async def on_redis(transport: Transport) -> int:
        assert isinstance(transport, RedisTransport)
        try:
            return await work(transport.redis, transport.keys)
        except RedisError as error:
            raise explain(error, transport.settings) from None

    return run(command, on_redis)
