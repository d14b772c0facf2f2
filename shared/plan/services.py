"""A service in the plan: how it is deployed, rolled back, judged and protected.

ServiceSettings is everything that defaults and environments may set or override; Service adds what is the same in
every environment (its dependencies).
"""

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PositiveInt

from shared.plan.health import Health
from shared.plan.types import Command, Duration, Names, Percent, PositiveDuration, StrictModel, one_or_many
from shared.plan.verification import Verification

Kind = Literal["backend", "frontend", "job"]
Signal = Literal[
    "deploy-failed",
    "health-gate-failed",
    "health-degraded",
    "smoke-failed",
    "performance-regressed",
    "security-failed",
    "error-rate",
    "latency",
]
OnFailure = Literal["rollback", "pause", "freeze"]
DEFAULT_SIGNALS: list[Signal] = ["deploy-failed", "health-gate-failed", "health-degraded", "smoke-failed"]


class Timeouts(StrictModel):
    deploy: PositiveDuration = 900.0
    rollback: PositiveDuration = 600.0
    switch: PositiveDuration = 120.0


class Strategy(StrictModel):
    """all-at-once replaces the running version; blue-green deploys beside it and then runs switch with {color}."""

    type: Literal["all-at-once", "blue-green"] = "all-at-once"
    switch: Command | None = None


class Thresholds(StrictModel):
    error_rate: Percent | None = None
    p95_latency: Duration | None = None
    degraded_for: Duration = 0.0


class RollbackPolicy(StrictModel):
    """Which signals undo a deployment, how long the new version bakes under watch, and what a failure does.

    on_failure: rollback (undo automatically), pause (hold and ask a person), freeze (hold and block new deploys).
    on_cancel: rollback (undo what a cancelled deployment already changed) or leave it as it is.
    """

    signals: Annotated[list[Signal], BeforeValidator(one_or_many)] = DEFAULT_SIGNALS
    thresholds: Thresholds = Thresholds()
    bake_time: Duration = 600.0
    on_failure: OnFailure = "rollback"
    on_cancel: Literal["rollback", "leave"] = "rollback"
    agreement: PositiveInt = Field(
        2,
        description="metric findings (distinct metrics or windows) that must agree "
        "before metrics alone roll back; one noisy sample never does",
    )


class Recovery(StrictModel):
    """What the rollback service may do about a service outside deployments: restart it when it is unhealthy (at
    most restart_attempts in restart_window, restart_backoff apart and doubling), and redeploy the desired version
    when it finds another one running (correct_drift)."""

    restart_attempts: PositiveInt = 3
    restart_window: PositiveDuration = 1800.0
    restart_backoff: PositiveDuration = 30.0
    correct_drift: bool = False


class ServiceSettings(StrictModel):
    """Without a rollback command, rolling back means deploying the previous version with the deploy command."""

    kind: Kind = "backend"
    deploy: Command | None = None
    rollback: Command | None = None
    restart: Command | None = None  # run by the rollback service when the service is unhealthy between deployments
    idempotent: bool = False  # safe to run again if the coordinator running it died mid-command
    timeouts: Timeouts = Timeouts()
    health: Health = Health()
    verification: Verification = Verification()
    strategy: Strategy = Strategy()
    rollback_policy: RollbackPolicy = RollbackPolicy()
    recovery: Recovery = Recovery()


class Service(ServiceSettings):
    depends_on: Names = []

    @property
    def probed(self) -> bool:
        """A job (a migration) is done when its command exits 0; backends and frontends are probed."""
        return self.kind != "job"
