"""The services' state per environment as the dashboard's consumer group keeps it on a real Redis."""

from redis.asyncio import Redis

from services.dashboard.app import DEFINITION
from services.dashboard.readmodel.queries import ReadModel
from shared.events import DeploymentSucceeded, HealthDegraded
from shared.events import deployment as d
from shared.events import health as h
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.inprocess import eventually, running


async def test_versions_and_health_per_environment(redis_url: str, redis_client: Redis) -> None:
    shipped = [
        DeploymentSucceeded(
            deployment_id=f"d-{environment}",
            environment=environment,
            payload=d.DeploymentSucceededPayload(duration_s=3, versions={"api": version, "web": "7"}),
        )
        for environment, version in (("staging", "2.0"), ("production", "1.9"))
    ]
    sick = HealthDegraded(
        service="api",
        environment="production",
        payload=h.HealthChangePayload(status="unhealthy", previous_status="healthy", root_cause="db"),
    )
    model = ReadModel(redis_client, DashboardKeys.of(Keys()))
    async with running(DEFINITION, redis_url):
        await publish(redis_client, *shipped, sick)

        async def production_sick() -> bool:
            return any(view.health == "unhealthy" for view in await model.services("production"))

        await eventually(production_sick)
    every = [(v.environment, v.service, v.version, v.health) for v in await model.services()]
    assert every == [
        ("production", "api", "1.9", "unhealthy"),
        ("production", "web", "7", "unknown"),
        ("staging", "api", "2.0", "unknown"),
        ("staging", "web", "7", "unknown"),
    ]
    api = (await model.services("production"))[0]
    assert api.root_cause == "db" and api.last_deployment_id == "d-production"
