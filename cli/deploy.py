"""`flightdeck deploy`: publishes deploy-requested (with the CI run's commit, actor and URL), and with --wait follows
the deployment live. Exit codes: 0 succeeded, 1 failed, 2 rolled back, 3 rejected or cancelled, 4 timed out or
Flightdeck unreachable (2 is also argparse's for a usage error, which publishes nothing)."""

import argparse
import asyncio
import json
import os
import sys
from dataclasses import replace
from typing import TextIO

from pydantic import ValidationError

from shared.durations import DurationError, format_duration, parse_duration
from shared.events.catalog import describe as explain

from . import ci
from .deploy_follow import publish_and_follow
from .deploy_request import build_request
from .deploy_view import View


def _colour(out: TextIO) -> bool:
    return out.isatty() and not os.environ.get("NO_COLOR")


USAGE = 64  # sysexits' EX_USAGE: not 2, which means "rolled back" here


def run_deploy(args: argparse.Namespace) -> int:
    context = ci.ci_context(os.environ)
    try:
        timeout_s = parse_duration(args.timeout)
        request = build_request(args, context)
    except (ValueError, DurationError) as error:
        detail = explain(error) if isinstance(error, ValidationError) else str(error)
        print(f"flightdeck deploy: nothing published: {detail}", file=sys.stderr)
        return USAGE
    view = View(sys.stdout, args.json, _colour(sys.stdout), context.actions)
    ending, seconds = asyncio.run(publish_and_follow(request, args.wait, timeout_s, view))
    if ending is None:
        print(json.dumps({"deployment_id": request.deployment_id}) if args.json else request.deployment_id)
        return 0
    if ending.outcome == "unreachable" and not args.wait:
        print(f"flightdeck deploy: nothing published: {ending.detail}", file=sys.stderr)
        return ending.exit_code
    if ending.outcome == "unreachable":
        print(f"flightdeck deploy: {ending.detail}", file=sys.stderr)
        ending = ending if args.json else replace(ending, detail="")  # said on stderr already
    view.ending(request, ending, seconds)
    if context.step_summary:
        ci.write_step_summary(
            context.step_summary,
            ci.summary_markdown(
                request.deployment_id,
                request.environment,
                view.summary_versions(request),
                ending.outcome,
                format_duration(seconds),
                context.run_url,
            ),
        )
    return ending.exit_code


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    deploy = commands.add_parser("deploy", help="request a deployment (from CI or by hand), and follow it with --wait")
    deploy.add_argument("--env", required=True, metavar="ENV", help="the environment, as named in the plan")
    deploy.add_argument("--version", metavar="V", help="the version of every service (or of those --service picks)")
    deploy.add_argument(
        "--service",
        action="append",
        metavar="S=V",
        help="SERVICE=VERSION for one service, or SERVICE to deploy only it at --version; repeat",
    )
    deploy.add_argument("--id", metavar="ID", help="the deployment id (default: d-<utc time>-<6 hex>)")
    deploy.add_argument("--by", metavar="NAME", help="who asks (default: the CI actor, else $USER@hostname)")
    deploy.add_argument("--reason", metavar="TEXT", help="why, for the history and the alerts")
    deploy.add_argument("--redeploy", action="store_true", help="deploy even versions that already run there")
    deploy.add_argument("--wait", action="store_true", help="follow it live and exit with its outcome")
    deploy.add_argument("--timeout", default="30m", metavar="D", help="with --wait: how long to wait (default: 30m)")
    deploy.add_argument("--json", action="store_true", help="JSON lines for machines instead of text")
    deploy.set_defaults(func=run_deploy)
