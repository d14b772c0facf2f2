"""`flightdeck plan validate|show|apply`: check a plan, see what one environment gets, make it current in Redis."""

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from shared.plan.display import show, summary
from shared.plan.errors import PlanError
from shared.plan.loader import DEFAULT_PLAN_FILE, load_plan
from shared.plan.model import Plan
from shared.plan.resolve import UnknownEnvironmentError, resolve_for_environment

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from shared.settings import Settings


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    plan = subparsers.add_parser("plan", help="check, show and apply the plan file")
    commands = plan.add_subparsers(dest="plan_command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the plan and list every problem found")
    _file_argument(validate)
    validate.set_defaults(func=run_validate)

    shown = commands.add_parser("show", help="the plan as one environment gets it, secrets masked")
    _file_argument(shown)
    shown.add_argument("--env", required=True, metavar="ENV", help="the environment, e.g. staging")
    shown.set_defaults(func=run_show)

    apply = commands.add_parser("apply", help="validate, store as a new revision in Redis (REDIS_URL), announce")
    _file_argument(apply)
    apply.set_defaults(func=run_apply)


def _file_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default=DEFAULT_PLAN_FILE, help=f"default: {DEFAULT_PLAN_FILE}")


def _load(file: str) -> Plan | None:
    try:
        return load_plan(file)
    except PlanError as error:
        print(error.report())
        count = len(error.problems)
        print(f"{count} problem{'s' * (count != 1)} found in {error.source}")
        return None


def run_validate(args: argparse.Namespace) -> int:
    plan = _load(args.file)
    if plan is None:
        return 1
    print(summary(plan, args.file))
    return 0


def run_show(args: argparse.Namespace) -> int:
    plan = _load(args.file)
    if plan is None:
        return 1
    try:
        resolved = resolve_for_environment(plan, args.env)
    except UnknownEnvironmentError as error:
        print(f"{args.file}: {error}")
        return 1
    print(show(resolved, args.file), end="")
    return 0


def run_apply(args: argparse.Namespace) -> int:
    from shared.settings import SettingsError, load_settings

    plan = _load(args.file)
    if plan is None:
        return 1
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error)
        return 1
    text = Path(args.file).read_text(encoding="utf-8")
    return asyncio.run(_apply(text, args.file, list(plan.services), settings))


async def _apply(text: str, source: str, services: list[str], settings: "Settings") -> int:
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    from shared.plan.store import PlanStore

    client = Redis.from_url(settings.redis_url)
    try:
        try:
            revision = await PlanStore(client, settings.stream_prefix).apply(text, source)
        except RedisError as error:
            print(f"cannot store the plan in Redis at {settings.redis_url_masked}: {error}")
            return 1
        print(f"{source}: stored as plan revision {revision}, now current")
        return await _announce(client, revision, source, services, settings.stream_prefix)
    finally:
        await client.aclose()


async def _announce(client: "Redis", revision: int, source: str, services: list[str], prefix: str) -> int:
    try:
        from shared.bus.publisher import publish_plan_applied
    except ImportError:
        print("plan-applied was not published (no event bus in this build); services see the new revision "
              "when they next read the current one", file=sys.stderr)
        return 0
    try:
        await publish_plan_applied(client, revision, source, services, prefix=prefix)
    except Exception as error:  # the revision is stored: say what failed instead of ending in a traceback
        print(f"revision {revision} is stored, but publishing plan-applied failed: {error}", file=sys.stderr)
        return 1
    print(f"published plan-applied for revision {revision}")
    return 0
