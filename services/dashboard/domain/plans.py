"""The plan's revisions as the dashboard shows them: a row per revision in a list (newest first), one revision in
full (its summary, environments, services and text), and who may apply a new one.

The text is shown as it was applied. Its secrets are ${NAME} references, not values (a plan never holds a secret's
value), and nothing here resolves them."""

from datetime import datetime

import yaml
from pydantic import BaseModel, ConfigDict, Field

from shared.plan.display import summary
from shared.plan.model import is_production
from shared.plan.sources import StoredPlan

from .roles import EVERY_ENVIRONMENT, Principal

MAX_REVISIONS = 50
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Shown(BaseModel):
    model_config = ConfigDict(frozen=True)


class RevisionRow(Shown):
    revision: int = Field(description="0: the plan file the dashboard reads (development)")
    source: str = Field(description="the file it was applied from")
    applied_at: datetime
    sha256: str
    current: bool
    services: int = Field(description="how many services it names")


class RevisionPage(Shown):
    items: list[RevisionRow]
    next_before: int | None = Field(description="ask again with before=this for older revisions; null: no more")


class EnvironmentRow(Shown):
    name: str
    production: bool
    approval_required: bool


class ServiceRow(Shown):
    name: str
    kind: str
    depends_on: list[str]


class RevisionDetail(Shown):
    revision: int
    source: str
    applied_at: datetime
    sha256: str
    current: bool
    summary: str = Field(description="as `flightdeck plan validate` says it")
    environments: list[EnvironmentRow]
    services: list[ServiceRow]
    text: str = Field(description="as applied: secrets are ${NAME} references, never their values")


def services_in(text: str) -> int:
    """How many services a stored (so valid) plan names, read from its YAML alone: a full parse of every revision
    in a list would cost milliseconds each."""
    data = yaml.load(text, Loader=_LOADER)  # a safe loader (the C one where PyYAML has it)
    services = data.get("services") if isinstance(data, dict) else None
    return len(services) if isinstance(services, dict) else 0


def next_before(rows: list[RevisionRow], limit: int) -> int | None:
    """Where the next page starts: below the oldest row of a full page, unless that was revision 1."""
    return rows[-1].revision if len(rows) == limit and rows[-1].revision > 1 else None


def detail_of(stored: StoredPlan, source: str, current: bool) -> RevisionDetail:
    plan = stored.plan
    return RevisionDetail(
        revision=stored.revision,
        source=source,
        applied_at=stored.applied_at,
        sha256=stored.sha256,
        current=current,
        summary=summary(plan, source),
        environments=[
            EnvironmentRow(name=name, production=is_production(name, env), approval_required=env.approval_required)
            for name, env in plan.environments.items()
        ],
        services=[
            ServiceRow(name=name, kind=service.kind, depends_on=list(service.depends_on))
            for name, service in plan.services.items()
        ],
        text=stored.text,
    )


def apply_refusal(principal: Principal) -> str | None:
    """A plan is every environment's: only an admin who reaches them all applies one (not an admin token made
    for staging, say, which would change production's deploy commands)."""
    if EVERY_ENVIRONMENT in principal.environments:
        return None
    where = ", ".join(principal.environments) or "none"
    return f"applying a plan changes every environment; {principal.name} may act only in {where}"
