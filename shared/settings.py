"""Settings every service reads from its environment, with errors that say which variable is wrong and how."""

import os
import socket
from typing import Annotated
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

from pydantic import BeforeValidator, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .durations import parse_duration

Seconds = Annotated[float, BeforeValidator(parse_duration)]


def mask_url(url: str) -> str:
    """The URL with any password replaced by ***, safe for logs and error messages."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        port = parts.port  # raises for a port that is no number, after the password was found: mask it all
    except ValueError:
        return "<unparseable URL>"
    user = parts.username or ""
    host = parts.hostname or ""
    netloc = f"{user}:***@{host}" + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class Settings(BaseSettings):
    """REDIS_URL plus FLIGHTDECK_* variables; see README for each one."""

    # populate_by_name: Settings(redis_url=...) as well as REDIS_URL (pydantic-settings allows both; said here so
    # the type checker knows it too)
    model_config = SettingsConfigDict(env_prefix="FLIGHTDECK_", extra="ignore", frozen=True, populate_by_name=True)

    redis_url: str = Field(default="redis://127.0.0.1:6379/0", validation_alias="REDIS_URL")
    stream_prefix: str = Field(default="flightdeck", pattern=r"^[A-Za-z0-9_.-]+$")
    stream_maxlen: int = Field(default=100_000, ge=1000)
    reclaim_idle: Seconds = Field(default=30.0, gt=0)
    max_attempts: int = Field(default=5, ge=1, le=100)
    batch_size: int = Field(default=100, ge=1, le=10_000)
    handler_concurrency: int = Field(default=32, ge=1, le=10_000)
    maintenance_interval: Seconds = Field(default=10.0, gt=0)
    idempotency_ttl: Seconds = Field(default=7 * 86400.0, gt=0)
    http_host: str = "127.0.0.1"
    http_port: int | None = Field(default=None, ge=0, le=65535)
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    consumer_name: str | None = None
    plan_file: str | None = None  # read the plan from this file instead of Redis (development)
    dashboard_url: str = "http://127.0.0.1:8700"  # alerts link to deployments here
    alerter_url: str = "http://127.0.0.1:8703"  # alerts' acknowledge links point here
    alert_lease: Seconds = Field(default=30.0, gt=0)  # a send in flight this long is taken over by another replica
    alert_signing_key: SecretStr | None = None  # signs acknowledge links; unset: a random key kept in Redis
    # events a dashboard live client may fall behind before it is dropped; at least one read of the stream's (500)
    live_queue: int = Field(default=10_000, ge=500, le=1_000_000)
    digest_interval: Seconds = Field(default=30.0, gt=0)  # how often the dashboard looks for a digest that is due

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str) -> str:
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(
                f"must start with redis://, rediss:// or unix:// (got {mask_url(value)!r}); "
                "for example redis://127.0.0.1:6379/0"
            )
        return value

    @property
    def redis_url_masked(self) -> str:
        return mask_url(self.redis_url)

    def consumer_for(self, service: str) -> str:
        """A consumer name unique to this replica, so a restarted replica never inherits a dead one's entries."""
        if self.consumer_name:
            return self.consumer_name
        return f"{service}-{socket.gethostname()}-{os.getpid()}-{uuid4().hex[:6]}"


class SettingsError(ValueError):
    """Bad environment variables, each named with what is wrong and an example of a good value."""


_ENV_NAMES = {"redis_url": "REDIS_URL"}


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors(include_url=False, include_input=False):
            field = str(error["loc"][0]) if error["loc"] else "?"
            name = field if field.isupper() else _ENV_NAMES.get(field, f"FLIGHTDECK_{field.upper()}")
            message = error["msg"].removeprefix("Value error, ")
            lines.append(f"{name}: {message}")
        raise SettingsError("bad settings:\n  " + "\n  ".join(lines)) from None
