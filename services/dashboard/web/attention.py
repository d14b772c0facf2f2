"""GET /api/v1/attention: what waits for a person, decided on the server (domain/attention.py) as every page
shows it on first load, over the plan's environments and any other the read model knows: the deployments not ended
(paused, waiting for approval), each environment's newest ended deployment (failed and not rolled back), and what
the rollback service found (drift, open incidents). Viewer role; the pages' own GET /attention/live renders the
same needs with the controls beside them."""

from fastapi import APIRouter, Request

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.attention import Need, needs_of
from services.dashboard.domain.query import DeploymentQuery
from services.dashboard.domain.views import DeploymentView
from services.dashboard.readmodel.queries import ReadModel
from shared.plan.cache import PlanCache
from shared.plan.errors import PlanError
from shared.plan.sources import StoredPlan
from shared.reads.snapshots import attention_in


async def readable_plan(plans: PlanCache) -> StoredPlan | None:
    """The current plan, or None while its file is broken: what every page shows beside its main part (Needs
    attention, a deploy form) does without it; the parts that need it answer the plan's error."""
    try:
        return await plans.current()
    except PlanError:
        return None


async def needs_now(model: ReadModel, plans: PlanCache) -> list[Need]:
    """The environments looked at: the plan's, and any a deployment in flight or a service's state names."""
    flying, stored = await model.in_flight(), await readable_plan(plans)
    planned = set(stored.plan.environments) if stored else set()
    environments = sorted(planned | {v.environment for v in flying} | {s.environment for s in await model.services()})
    views: dict[str, DeploymentView] = {v.id: v for v in flying}
    for environment in environments:
        newer = sum(1 for v in flying if v.environment == environment)  # the newest ended one is just past these
        latest = await model.deployments(DeploymentQuery(environment=environment, limit=min(200, newer + 1)))
        views.update((v.id, v) for v in latest.items)
    found = await attention_in(model.redis, model.keys.streams, environments)
    return needs_of(list(views.values()), found)


def attention_router(auth: Auth, model: ReadModel, plans: PlanCache) -> APIRouter:
    api = APIRouter(tags=["attention"])

    @api.get("/attention")
    async def attention(request: Request) -> list[Need]:
        """Each need with its kind, environment, text, the action it asks for and where that action is."""
        await auth.require(request, "read")
        return await needs_now(model, plans)

    return api
