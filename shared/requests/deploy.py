"""A deploy request: which environment, which versions of which services, who and why, and where it came from
in CI. The same rules as the events' and the coordinator's (names, versions); the coordinator still decides what
the plan allows."""

import re
import secrets
from datetime import UTC, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.events import DeployRequested
from shared.events.deployment import VERSION, VERSION_RULE, DeployRequestedPayload
from shared.events.envelope import NAME_PATTERN, NAME_RULE

from .errors import RequestError

_NAME = re.compile(NAME_PATTERN)


class DeployInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    environment: str
    version: str | None = Field(None, description="for every service (or those in `services`)")
    versions: dict[str, str] = Field(default_factory=dict, description="service -> version")
    services: list[str] = Field(default_factory=list, description="deploy these at `version`")
    reason: str = Field("", max_length=2000)
    id: str | None = Field(None, description="the deployment id to use (default: a new one)")
    redeploy: bool = False
    commit_sha: str | None = None
    commit_time: AwareDatetime | None = None
    ci_run_url: str | None = None
    confirm: str | None = Field(None, description="production: the environment's name, typed")


def new_deployment_id(now: datetime | None = None) -> str:
    """d-<utc yyyymmdd-hhmmss>-<6 hex>."""
    return f"d-{(now or datetime.now(UTC)).astimezone(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def check_name(field: str, text: str, what: str) -> None:
    if not (_NAME.match(text) and len(text) <= 200):
        raise RequestError(field, f"{text!r} is not {what}: a name {NAME_RULE}")


def check_version(field: str, text: str) -> None:
    if not VERSION.match(text):
        raise RequestError(field, f"{text!r} is not a version: {VERSION_RULE}")


def deploy_request(asked: DeployInput, by: str) -> DeployRequested:
    """The event to publish; RequestError for the first thing wrong."""
    check_name("environment", asked.environment, "an environment name")
    if asked.id is not None:
        check_name("id", asked.id, "a deployment id")
    if asked.version is not None:
        check_version("version", asked.version)
    seen: set[str] = set()
    for index, name in enumerate(asked.services):
        check_name(f"services[{index}]", name, "a service name")
        if name in seen or name in asked.versions:
            raise RequestError(f"services[{index}]", f"{name} is given twice: name each service once")
        seen.add(name)
    for name, version in asked.versions.items():
        check_name(f"versions.{name}", name, "a service name")
        check_version(f"versions.{name}", version)
    if asked.services and not asked.version:
        raise RequestError(
            "version", f"{asked.services[0]} has no version: give version, or versions.{asked.services[0]}"
        )
    if not asked.version and not asked.versions:
        raise RequestError("version", "say what to deploy: version for every service, or versions per service")
    payload = DeployRequestedPayload(
        version=asked.version,
        versions=dict(asked.versions),
        services=list(asked.services),
        requested_by=by,
        reason=asked.reason,
        commit_sha=asked.commit_sha,
        commit_time=asked.commit_time,
        ci_run_url=asked.ci_run_url,
        redeploy=asked.redeploy,
    )
    return DeployRequested(
        deployment_id=asked.id or new_deployment_id(), environment=asked.environment, payload=payload
    )
