"""API tokens over real HTTP: shown once, stored hashed, scoped to a role and environments, expiring, revocable,
and never more than their owner."""

from datetime import UTC, datetime, timedelta

import httpx
from redis.asyncio import Redis

from services.dashboard.auth.guard import COOKIE
from shared.keys.auth import AuthKeys
from shared.streams import Keys
from shared.text import text
from tests.integration.dashboard.auth_world import add, dashboard, signed_in


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_token_is_shown_once_stored_hashed_and_acts_without_csrf(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "ana", "deployer", ("staging", "production"))
        cookie, csrf = await signed_in(client, "ana")
        client.cookies.set(COOKIE, cookie)
        made = await client.post(
            "/api/v1/tokens", json={"name": "ci", "environments": ["staging"]}, headers={"X-CSRF-Token": csrf}
        )
        assert made.status_code == 201, made.text
        token = made.json()["token"]
        listed = await client.get("/api/v1/tokens")
        client.cookies.clear()
        acted = await client.post("/api/v1/deploy/staging", headers=bearer(token))
        beyond = await client.post("/api/v1/deploy/production", headers=bearer(token))
        used = await client.get("/api/v1/tokens", headers=bearer(token))
    assert token.startswith("fd_") and token not in listed.text and "secret" not in listed.text
    assert acted.json() == {"by": "ana", "via": "token"}
    assert beyond.status_code == 403 and "only in staging" in beyond.json()["error"]
    assert used.json()[0]["last_used_at"] is not None
    pattern = AuthKeys.of(Keys()).token("*")
    stored = [text(v) async for k in redis_client.scan_iter(pattern) if (v := await redis_client.get(k))]
    assert len(stored) == 1 and token.split("_")[-1] not in stored[0], "only the secret's hash is kept"


async def test_a_revoked_or_expired_or_altered_token_is_refused(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "ana", "deployer")
        now = datetime.now(UTC)
        kept = await auth.tokens.create("ci", "ana", "deployer", ("*",), now, None)
        old = await auth.tokens.create(
            "old", "ana", "deployer", ("*",), now - timedelta(days=2), now - timedelta(days=1)
        )
        assert (await client.post("/api/v1/deploy/staging", headers=bearer(kept.secret))).status_code == 200
        altered = kept.secret[:-1] + ("A" if kept.secret[-1] != "A" else "B")
        refused_altered = await client.post("/api/v1/deploy/staging", headers=bearer(altered))
        refused_old = await client.post("/api/v1/deploy/staging", headers=bearer(old.secret))
        revoked = await client.delete(f"/api/v1/tokens/{kept.record.id}", headers=bearer(kept.secret))
        refused_revoked = await client.post("/api/v1/deploy/staging", headers=bearer(kept.secret))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert refused_altered.status_code == refused_old.status_code == refused_revoked.status_code == 401


async def test_a_token_cannot_outrank_its_owner_and_dies_with_its_user(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "de", "deployer", ("staging",))
        own = await auth.tokens.create("ci", "de", "deployer", ("staging",), datetime.now(UTC), None)
        higher = await client.post("/api/v1/tokens", json={"name": "x", "role": "admin"}, headers=bearer(own.secret))
        assert (await client.post("/api/v1/deploy/staging", headers=bearer(own.secret))).status_code == 200
        await auth.users.remove("de")
        orphan = await client.post("/api/v1/deploy/staging", headers=bearer(own.secret))
    assert higher.status_code == 403 and higher.json()["needed_role"] == "admin"
    assert orphan.status_code == 401
    assert AuthKeys.of(Keys()).base == "flightdeck:dashboard:auth"


async def test_admins_manage_users_and_a_weak_password_is_named(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "root", "admin")
        admin = await auth.tokens.create("ops", "root", "admin", ("*",), datetime.now(UTC), None)
        headers = bearer(admin.secret)
        weak = await client.post(
            "/api/v1/users", json={"name": "bo", "role": "viewer", "password": "short"}, headers=headers
        )
        made = await client.post(
            "/api/v1/users", json={"name": "bo", "role": "viewer", "password": "a long enough pass"}, headers=headers
        )
        promoted = await client.patch(
            "/api/v1/users/bo", json={"role": "deployer", "environments": ["qa"]}, headers=headers
        )
        listed = await client.get("/api/v1/users", headers=headers)
        gone = await client.delete("/api/v1/users/bo", headers=headers)
        again = await client.delete("/api/v1/users/bo", headers=headers)
    assert weak.status_code == 422 and "at least 12 characters" in weak.json()["error"]
    assert made.status_code == 201 and "password" not in made.text
    assert promoted.json()["role"] == "deployer" and promoted.json()["environments"] == ["qa"]
    assert {u["name"] for u in listed.json()} == {"root", "bo"} and "hash" not in listed.text
    assert gone.status_code == 204 and again.status_code == 404


async def test_an_admin_makes_a_token_for_another_user_and_a_deployer_only_for_itself(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "root", "admin")
        await add(auth, "de", "deployer", ("staging",))
        admin = await auth.tokens.create("ops", "root", "admin", ("*",), datetime.now(UTC), None)
        own = await auth.tokens.create("ci", "de", "deployer", ("staging",), datetime.now(UTC), None)
        asked = {"name": "gha", "owner": "de", "expires_in_seconds": 3600}
        made = await client.post("/api/v1/tokens", json=asked, headers=bearer(admin.secret))
        beyond = await client.post(
            "/api/v1/tokens", json=asked | {"environments": ["prod"]}, headers=bearer(admin.secret)
        )
        nobody = await client.post("/api/v1/tokens", json=asked | {"owner": "ghost"}, headers=bearer(admin.secret))
        for_root = await client.post("/api/v1/tokens", json=asked | {"owner": "root"}, headers=bearer(own.secret))
        for_self = await client.post("/api/v1/tokens", json=asked, headers=bearer(own.secret))
    record = made.json()["record"]
    assert made.status_code == 201 and (record["owner"], record["role"], record["environments"]) == (
        "de",
        "deployer",
        ["staging"],
    )
    lasts = datetime.fromisoformat(record["expires_at"]) - datetime.fromisoformat(record["created_at"])
    assert lasts == timedelta(hours=1)
    assert beyond.status_code == 403 and "de cannot make a token for prod" in beyond.json()["error"]
    assert nobody.status_code == 404 and "no user ghost" in nobody.json()["error"]
    assert for_root.status_code == 403 and for_root.json()["needed_role"] == "admin"
    assert "a token for root needs the admin role; de has deployer" in for_root.json()["error"]
    assert for_self.status_code == 201 and for_self.json()["record"]["owner"] == "de"
