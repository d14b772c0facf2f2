"""`flightdeck plan validate|show|apply`: check a plan, see what one environment gets, make it current in Redis."""

import argparse
import sys
from pathlib import Path

from shared.events.operations import PlanApplied, PlanAppliedPayload
from shared.plan.display import show, summary
from shared.plan.errors import PlanError
from shared.plan.loader import DEFAULT_PLAN_FILE, load_plan
from shared.plan.model import Plan
from shared.plan.resolve import UnknownEnvironmentError, resolve_for_environment

from .transport import Transport, TransportError, run


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


def load_reported(file: str) -> Plan | None:
    """The plan in file, or None after printing every problem found in it."""
    try:
        return load_plan(file)
    except PlanError as error:
        print(error.report())
        count = len(error.problems)
        print(f"{count} problem{'s' * (count != 1)} found in {error.source}")
        return None


def run_validate(args: argparse.Namespace) -> int:
    plan = load_reported(args.file)
    if plan is None:
        return 1
    print(summary(plan, args.file))
    return 0


def run_show(args: argparse.Namespace) -> int:
    plan = load_reported(args.file)
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
    plan = load_reported(args.file)
    if plan is None:
        return 1
    text = Path(args.file).read_text(encoding="utf-8")
    services = list(plan.services)

    async def work(t: Transport) -> int:
        revision = await t.apply_plan(text, args.file)
        print(f"{args.file}: stored as plan revision {revision}, now current")
        try:
            await t.publish(
                PlanApplied(payload=PlanAppliedPayload(revision=revision, source=args.file, services=services))
            )
        except TransportError:  # the revision is stored: say so, then what failed
            print(
                f"revision {revision} is stored, but plan-applied was not published; services see the new "
                "revision when they next read the current one",
                file=sys.stderr,
            )
            raise
        print(f"published plan-applied for revision {revision}")
        return 0

    return run("plan apply", work)
