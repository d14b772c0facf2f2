"""What the Alerts page's browser tests share: a plan, the users, and alerts put in the alerter's hash as the
alerter keeps them (no alerter runs: the dashboard reads what it stored)."""

from datetime import UTC, datetime

from redis.asyncio import Redis

from services.alerter.domain.alert import Alert
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from tests.support.dashboard_world import User

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
  web: {kind: job, deploy: ["./web"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",)), ("dee", "deployer", ("staging",)), ("ad", "admin", ("*",))]
MARKUP = "<img src=x onerror=window.hacked=1><script>window.hacked=2</script>"


def alert(fingerprint: str, environment: str, service: str, severity: str = "critical", summary: str = "down") -> Alert:
    return Alert.model_validate(
        {
            "fingerprint": fingerprint,
            "name": "health-degraded",
            "severity": severity,
            "environment": environment,
            "service": service,
            "deployment_id": f"d-{environment}",
            "summary": summary,
            "starts_at": datetime.now(UTC).timestamp(),
            "event_id": "1-0",
        }
    )


async def firing(redis: Redis, keys: Keys, *alerts: Alert) -> None:
    for one in alerts:
        await redis.hset(AlerterKeys.of(keys).alerts, one.fingerprint, one.model_dump_json())
