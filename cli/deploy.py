"""`flightdeck deploy`: publishes deploy-requested (with the CI run's commit, actor and URL), and with --wait follows
the deployment live. Exit codes: 0 succeeded, 1 failed, 2 rolled back, 3 rejected or cancelled, 4 timed out or
Flightdeck unreachable (2 is also argparse's for a usage error, which publishes nothing)."""

import argparse
import asyncio
import json
import os
import secrets
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TextIO

from pydantic import ValidationError

from shared.durations import DurationError, format_duration, parse_duration
from shared.events import DeployRequested, Event
from shared.events.catalog import describe as explain

from . import ci
from .alerts import Verbs, by_or_default
from .follow import UNFINISHED, Ending, describe, watch
from .transport import TransportError, connect

_COLOURS = {"ok": "32", "warn": "33", "bad": "31;1", "dim": "2"}


def new_deployment_id(now: datetime | None = None) -> str:
    """d-<utc yyyymmdd-hhmmss>-<6 hex>."""
    return f"d-{(now or datetime.now(UTC)).astimezone(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def build_request(args: argparse.Namespace, context: ci.CIContext) -> DeployRequested:
    """ValueError (or ValidationError) with what to fix when the arguments do not make a request."""
    versions, services = {}, []
    for item in args.service or []:
        name, sep, version = item.partition("=")
        if not name or (sep and not version):
            raise ValueError(f"--service {item!r}: write it SERVICE=VERSION (or SERVICE to pick it at --version)")
        if sep:
            versions[name] = version
        else:
            services.append(name)
    if services and not args.version:
        raise ValueError(f"--service {services[0]} has no version: add --version V or write {services[0]}=VERSION")
    if not args.version and not versions:
        raise ValueError("say what to deploy: --version V for every service, or --service SERVICE=VERSION")
    by = args.by or context.actor or by_or_default(None)
    return DeployRequested(deployment_id=args.id or new_deployment_id(), environment=args.env, payload={
        "version": args.version, "versions": versions, "services": services, "requested_by": by,
        "reason": args.reason or "", "commit_sha": context.commit_sha, "commit_time": context.commit_time,
        "ci_run_url": context.run_url, "redeploy": args.redeploy})


class View:
    """Where the deployment's story goes: coloured or plain lines, Actions log groups, or JSON lines."""

    def __init__(self, out: TextIO, as_json: bool, colour: bool, actions: bool) -> None:
        self.out, self.as_json, self.colour, self.actions = out, as_json, colour, actions and not as_json
        self.waves, self.grouped = 0, False
        self.versions: dict[str, str] = {}  # what the coordinator deploys, and what a rollback restored
        self.restored: dict[str, str] = {}

    def _paint(self, text: str, tone: str) -> str:
        return f"\033[{_COLOURS[tone]}m{text}\033[0m" if self.colour and tone else text

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _group(self, title: str | None) -> None:
        if self.actions and self.grouped:
            self._print(ci.endgroup())
        self.grouped = bool(self.actions and title)
        if self.grouped and title:
            self._print(ci.group(title))

    def event(self, event: Event) -> None:
        payload: Any = event.payload
        if event.type == "deployment-started":
            self.waves, self.versions = len(payload.waves), dict(payload.versions)
        elif event.type == "deployment-rolled-back":
            self.restored = dict(payload.services)
        if self.as_json:
            self._print(json.dumps(event.model_dump(mode="json")))
            return
        if event.type == "stage-started":
            self._group(f"wave {payload.wave + 1}/{self.waves or '?'}: {', '.join(payload.services)}")
        elif event.type == "rollback-started":
            self._group(f"rollback: {', '.join(n for wave in payload.waves for n in wave) or 'nothing to undo'}")
        elif event.type in ("deployment-failed", "deployment-succeeded", "deployment-cancelled", "rollback-failed",
                            "rollback-completed", "deployment-paused"):
            self._group(None)
        line = describe(event, self.waves)
        if line is not None:
            at = event.occurred_at.astimezone().strftime("%H:%M:%S")
            self._print(f"{self._paint(at, 'dim')}  {self._paint(line[0], line[1])}")
        if self.actions and event.type == "service-deploy-failed":
            self._print(ci.error_annotation(line[0] if line else event.type, f"{event.service} failed"))
        if event.type in ("stage-succeeded", "stage-failed"):
            self._group(None)

    def ending(self, request: DeployRequested, ending: Ending, seconds: float) -> None:
        self._group(None)
        if self.as_json:
            self._print(json.dumps({"deployment_id": request.deployment_id, "outcome": ending.outcome,
                                    "exit_code": ending.exit_code, "detail": ending.detail,
                                    "duration_s": round(seconds, 3)}))
            return
        tone = "ok" if ending.exit_code == 0 else "warn" if ending.outcome in ("rolled back", "cancelled") else "bad"
        detail = f": {ending.detail}" if ending.detail else ""
        self._print(self._paint(f"{ending.outcome} {request.deployment_id} after {format_duration(seconds)} "
                                f"(exit {ending.exit_code}){detail}", tone))
        if self.actions and ending.exit_code:
            self._print(ci.error_annotation(f"{request.deployment_id} to {request.environment}: {ending.outcome}"
                                            f"{detail}", f"Deployment {ending.outcome}"))


    def summary_versions(self, request: DeployRequested) -> dict[str, str]:
        """service -> version for the job summary ("2.0.0, back to 1.0.0" when rolled back)."""
        asked = request.payload
        versions = self.versions or asked.versions or dict.fromkeys(asked.services, asked.version or "")
        shown = {name: f"{v}, back to {self.restored[name]}" if name in self.restored else v
                 for name, v in versions.items()}
        return shown or {"(every service)": asked.version or ""}


def _colour(out: TextIO) -> bool:
    return out.isatty() and not os.environ.get("NO_COLOR")


async def _deploy(request: DeployRequested, wait: bool, timeout_s: float, view: View) -> tuple[Ending | None, float]:
    started = time.monotonic()
    try:
        transport = connect()
    except TransportError as error:
        return Ending("unreachable", UNFINISHED, str(error)), 0.0
    try:
        entry_id = await transport.publish(request)
        if not wait:
            return None, 0.0
        ending = await watch(transport, request.deployment_id, entry_id, timeout_s, view.event)
    except TransportError as error:
        ending = Ending("unreachable", UNFINISHED, str(error))
    finally:
        await transport.close()
    return ending, time.monotonic() - started


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
    ending, seconds = asyncio.run(_deploy(request, args.wait, timeout_s, view))
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
        ci.write_step_summary(context.step_summary, ci.summary_markdown(
            request.deployment_id, request.environment, view.summary_versions(request), ending.outcome,
            format_duration(seconds), context.run_url))
    return ending.exit_code


def register(commands: Verbs) -> None:
    deploy = commands.add_parser("deploy", help="request a deployment (from CI or by hand), and follow it with --wait")
    deploy.add_argument("--env", required=True, metavar="ENV", help="the environment, as named in the plan")
    deploy.add_argument("--version", metavar="V", help="the version of every service (or of those --service picks)")
    deploy.add_argument("--service", action="append", metavar="S=V",
                        help="SERVICE=VERSION for one service, or SERVICE to deploy only it at --version; repeat")
    deploy.add_argument("--id", metavar="ID", help="the deployment id (default: d-<utc time>-<6 hex>)")
    deploy.add_argument("--by", metavar="NAME", help="who asks (default: the CI actor, else $USER@hostname)")
    deploy.add_argument("--reason", metavar="TEXT", help="why, for the history and the alerts")
    deploy.add_argument("--redeploy", action="store_true", help="deploy even versions that already run there")
    deploy.add_argument("--wait", action="store_true", help="follow it live and exit with its outcome")
    deploy.add_argument("--timeout", default="30m", metavar="D", help="with --wait: how long to wait (default: 30m)")
    deploy.add_argument("--json", action="store_true", help="JSON lines for machines instead of text")
    deploy.set_defaults(func=run_deploy)
