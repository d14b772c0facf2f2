"""The demo's plan: examples/demo/flightdeck.yaml with this run's addresses (the fleet's ports and folder, the
alert catchers'), written into the data folder, checked as `flightdeck plan validate` does, and applied to the
demo's Redis as `flightdeck plan apply` does (stored as the current revision, then plan-applied published)."""

from pathlib import Path
from typing import Any

import yaml
from redis.asyncio import Redis

from shared.bus.publisher import publish_plan_applied
from shared.plan.loader import parse_plan
from shared.plan.store import PlanStore
from shared.streams import Keys

ENVIRONMENT = "demo"
HEADER = (
    "# Written by `flightdeck demo` from {template} with this run's ports and folders. Edit it and apply it\n"
    "# (`flightdeck plan apply {path}`) to try a change on the running demo.\n"
)


def demo_plan(template: Path, variables: dict[str, str], smtp_port: int, webhook_url: str) -> dict[str, Any]:
    plan: dict[str, Any] = yaml.safe_load(template.read_text(encoding="utf-8"))
    plan["environments"][ENVIRONMENT]["variables"] = variables
    channels = plan["alerting"]["channels"]
    channels["oncall-email"]["smtp"]["port"] = smtp_port
    channels["incident-hook"]["url"] = webhook_url
    return plan


def write_plan(path: Path, template: Path, plan: dict[str, Any]) -> str:
    """The file's text, once it parses as a valid plan (PlanError otherwise, naming what and where)."""
    text = HEADER.format(template=template, path=path) + yaml.safe_dump(plan, sort_keys=False)
    parse_plan(text, str(path))
    path.write_text(text, encoding="utf-8")
    return text


async def apply_plan(redis: Redis, text: str, path: Path) -> int:
    """The revision it became; the services take it on plan-applied."""
    plan = parse_plan(text, str(path))
    keys = Keys()
    revision = await PlanStore(redis, keys.prefix).apply(text, str(path))
    await publish_plan_applied(redis, revision, str(path), list(plan.services), prefix=keys.prefix)
    return revision
