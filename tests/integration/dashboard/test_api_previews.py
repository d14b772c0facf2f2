"""The API's previews of a write: what a control or a new deployment will do, refused as the write would be (409
for a status that does not allow it, 422 naming a field), a new deployment's only for who may deploy there."""

from pathlib import Path

from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.dashboard_world import User, dashboard_world
from tests.support.inprocess import eventually
from tests.support.services_stories import PLAN, in_flight, live_everywhere

USERS: list[User] = [("dee", "deployer", ("staging",)), ("vi", "viewer", ("*",))]


async def test_a_control_s_preview_says_what_it_does_and_refuses_what_the_status_does_not_allow(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *in_flight())
        client = world.client
        assert (await client.get("/api/v1/deployments/d-200/preview?control=rollback")).status_code == 401
        await world.sign_in("vi")

        async def seen() -> bool:
            answer = await client.get("/api/v1/deployments/d-200/preview?control=rollback&services=api")
            return answer.status_code == 200 and bool(answer.json()["steps"])

        await eventually(seen)
        shown = (await client.get("/api/v1/deployments/d-200/preview?control=rollback&services=api")).json()
        assert shown["production"] is True and shown["blast_radius"] == ["web"]
        assert shown["steps"] == [{"service": "api", "wave": 1, "from_version": "2.0", "to_version": "1.0"}]
        assert shown["url"] == "/api/v1/deployments/d-200/rollback" and shown["body"] == {"services": ["api"]}
        refused = await client.get("/api/v1/deployments/d-200/preview?control=approve")
        assert refused.status_code == 409 and refused.json()["error"].startswith("d-200 is running, not waiting")
        unknown = await client.get("/api/v1/deployments/d-200/preview?control=rollback&services=web")
        assert unknown.status_code == 422 and "d-200 does not deploy web" in unknown.json()["error"]
        assert (await client.get("/api/v1/deployments/d-9/preview?control=cancel")).status_code == 404


async def test_a_new_deployment_s_preview_is_for_who_may_deploy_there(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        client = world.client
        csrf = await world.sign_in("vi")
        asked = {"environment": "staging", "versions": {"api": "2.0"}}
        viewer = await client.post("/api/v1/deployments/preview", json=asked, headers={"X-CSRF-Token": csrf})
        assert viewer.status_code == 403 and viewer.json()["needed_role"] == "deployer"
        csrf = await world.sign_in("dee")
        shown = await client.post("/api/v1/deployments/preview", json=asked, headers={"X-CSRF-Token": csrf})
        assert shown.status_code == 200, shown.text
        assert shown.json()["blast_radius"] == ["web"] and shown.json()["production"] is False
        elsewhere = {**asked, "environment": "production"}
        refused = await client.post("/api/v1/deployments/preview", json=elsewhere, headers={"X-CSRF-Token": csrf})
        assert refused.status_code == 403
        wrong = {"environment": "staging", "versions": {"nope": "2.0"}}
        bad = await client.post("/api/v1/deployments/preview", json=wrong, headers={"X-CSRF-Token": csrf})
        assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "versions.nope"
