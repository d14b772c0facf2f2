"""Where `flightdeck rollback` takes an environment back to when no deployment is in flight (pure): what ran before
its last successful deployment, through a normal deployment of those versions. The CLI applies the answer."""

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Deployment, Phase


@dataclass(frozen=True)
class RollbackTarget:
    """The versions to go back to, by service; `after` is the deployment they ran before (None: named by hand)."""

    versions: dict[str, str]
    after: str | None = None


@dataclass(frozen=True)
class NoRollbackTarget:
    """Nothing to go back to, and why."""

    reason: str


def rollback_target(
    history: Sequence[Deployment], service: str | None = None, to: str | None = None
) -> RollbackTarget | NoRollbackTarget:
    """`history` is the environment's deployments, newest first. A version named (`to`, for `service`) is the
    target as it is; otherwise each service the last successful deployment changed goes back to the version it
    replaced (only `service`, when one is named)."""
    if to is not None:
        if service is None:
            return NoRollbackTarget("a version to go back to needs the service it is for")
        return RollbackTarget({service: to})
    last = next((d for d in history if d.phase == Phase.SUCCEEDED), None)
    if last is None:
        return NoRollbackTarget("no deployment succeeded there lately")
    back = {
        name: progress.previous_version
        for name, progress in last.services.items()
        if progress.previous_version and (service is None or name == service)
    }
    if back:
        return RollbackTarget(back, after=last.id)
    if service is not None and service not in last.services:
        return NoRollbackTarget(f"{last.id}, the last deployment that succeeded, did not deploy {service}")
    return NoRollbackTarget(f"{last.id}, the last deployment that succeeded, replaced no earlier version")
