"""What a decision asks the outside world to do; the coordinator's adapters carry these out atomically."""

from dataclasses import dataclass, field
from datetime import datetime

from shared.events import Event
from shared.events.stage import CommandStep


@dataclass(frozen=True)
class Publish:
    event: Event


@dataclass(frozen=True)
class RunCommand:
    """Run a service's command; its outcome comes back as service-deploy-succeeded or -failed."""

    deployment_id: str
    environment: str
    service: str
    kind: CommandStep
    template: list[str]
    values: dict[str, str | None]
    timeout_s: float
    idempotent: bool
    version: str
    causation_id: str | None = None
    correlation_id: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    job_id: str | None = None  # a retry names its own job, so it is not taken for the first run


@dataclass(frozen=True)
class StopCommands:
    deployment_id: str
    services: list[str] = field(default_factory=list)
    job_ids: list[str] = field(default_factory=list)  # retries, beside each service's deploy and switch


@dataclass(frozen=True)
class SetTimer:
    """Fire `kind` (with `service`) for the deployment at `due`, unless the deployment moved on."""

    deployment_id: str
    kind: str
    due: datetime
    service: str = ""


@dataclass(frozen=True)
class ClearTimer:
    """The timer is moot (its gate was answered): drop it rather than let it fire for nothing."""

    deployment_id: str
    kind: str
    service: str = ""


Effect = Publish | RunCommand | StopCommands | SetTimer | ClearTimer
