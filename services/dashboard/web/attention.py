"""GET /api/v1/attention: what waits for a person, decided on the server (domain/attention.py) as every page
shows it on first load: the deployments not ended (paused, waiting for approval), each environment's newest ended
deployment (failed and not rolled back), and what the rollback service found (drift, open incidents). The page
script asks again when events arrive; one small answer instead of the whole snapshot. Viewer role."""

from fastapi import APIRouter, Request

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.attention import Need, needs_of
from services.dashboard.domain.query import DeploymentQuery
from services.dashboard.domain.views import DeploymentView
from services.dashboard.readmodel.queries import ReadModel
from shared.reads.snapshots import attention_in


async def needs_now(model: ReadModel) -> list[Need]:
    flying = await model.in_flight()
    environments = sorted({v.environment for v in flying} | {s.environment for s in await model.services()})
    views: dict[str, DeploymentView] = {v.id: v for v in flying}
    for environment in environments:
        newer = sum(1 for v in flying if v.environment == environment)  # the newest ended one is just past these
        latest = await model.deployments(DeploymentQuery(environment=environment, limit=min(200, newer + 1)))
        views.update((v.id, v) for v in latest.items)
    found = await attention_in(model.redis, model.keys.streams, environments)
    return needs_of(list(views.values()), found)


def attention_router(auth: Auth, model: ReadModel) -> APIRouter:
    api = APIRouter(tags=["attention"])

    @api.get("/attention")
    async def attention(request: Request) -> list[Need]:
        """Each need with its kind, environment, text, the action it asks for and where that action is."""
        await auth.require(request, "read")
        return await needs_now(model)

    return api
