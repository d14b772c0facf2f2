"""Rollbacks and their causes: the deployments rolled back (or asked to be), counted by what triggered the rollback
and by each reason it gave, with the ids behind each count."""

from pydantic import BaseModel, Field

from .summary import Summary

UNSAID = "(none given)"


class Cause(BaseModel):
    cause: str
    count: int
    deployment_ids: list[str]


class Rollbacks(BaseModel):
    count: int
    deployment_ids: list[str]
    triggers: list[Cause] = Field(description="by what asked for the rollback, most first")
    reasons: list[Cause] = Field(description="by each reason the decision gave, most first")


def _counted(pairs: list[tuple[str, str]]) -> list[Cause]:
    ids: dict[str, dict[str, None]] = {}  # a dict as an ordered set: each deployment once per cause
    for cause, deployment_id in pairs:
        ids.setdefault(cause, {})[deployment_id] = None
    causes = [Cause(cause=cause, count=len(found), deployment_ids=list(found)) for cause, found in ids.items()]
    return sorted(causes, key=lambda c: (-c.count, c.cause))


def rollbacks(summaries: list[Summary]) -> Rollbacks:
    rolled = [s for s in summaries if s.rolled_back]
    return Rollbacks(
        count=len(rolled),
        deployment_ids=[s.id for s in rolled],
        triggers=_counted([(s.trigger or UNSAID, s.id) for s in rolled]),
        reasons=_counted([(reason, s.id) for s in rolled for reason in s.reasons or (UNSAID,)]),
    )
