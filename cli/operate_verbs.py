"""The operator commands' arguments and the events they publish (see cli/operate.py for how they run)."""

import argparse
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from services.coordinator.domain.model import Deployment
from shared.events import ApprovalGranted, CancelRequested, DeploymentRecorded, Event, ResumeRequested
from shared.events.deployment import ApprovalGrantedPayload, CancelRequestedPayload, DeploymentRecordedPayload
from shared.events.recovery import ResumeRequestedPayload
from shared.requests.actions import refused

from .operate import _acting, _history, _logs, _status
from .rolling_back import run_rollback
from .transport import run
from .who import by_or_default


def _approve(args: argparse.Namespace, snapshot: Deployment | None) -> Event | str:
    assert snapshot
    if (why := refused(snapshot.id, snapshot.phase, "approve")) is not None:
        return why
    return ApprovalGranted(
        deployment_id=snapshot.id,
        environment=snapshot.environment,
        payload=ApprovalGrantedPayload(approved_by=by_or_default(args.by), comment=args.reason),
    )


def _cancel(args: argparse.Namespace, snapshot: Deployment | None) -> Event | str:
    assert snapshot
    if (why := refused(snapshot.id, snapshot.phase, "cancel")) is not None:
        return why
    return CancelRequested(
        deployment_id=snapshot.id,
        environment=snapshot.environment,
        payload=CancelRequestedPayload(requested_by=by_or_default(args.by), reason=args.reason),
    )


def _resume(args: argparse.Namespace, snapshot: Deployment | None) -> Event | str:
    assert snapshot
    if (why := refused(snapshot.id, snapshot.phase, "resume")) is not None:
        return why
    return ResumeRequested(
        deployment_id=snapshot.id,
        environment=snapshot.environment,
        payload=ResumeRequestedPayload(
            action="continue" if args.go_on else "retry", requested_by=by_or_default(args.by)
        ),
    )


def _record(args: argparse.Namespace, _: Deployment | None) -> Event | str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return DeploymentRecorded(
        deployment_id=f"rec-{stamp}-{uuid4().hex[:6]}",
        environment=args.env,
        payload=DeploymentRecordedPayload(
            versions={args.service: args.version}, recorded_by=by_or_default(args.by), reason=args.reason
        ),
    )


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    def add(name: str, help_text: str, func: Any, deployment: bool = True) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=help_text)
        if deployment:
            parser.add_argument("deployment", help="the deployment id")
        parser.set_defaults(func=func)
        return parser

    status = add(
        "status",
        "each environment: what runs, what deploys, what needs a person (exit 1)",
        lambda a: run("status", lambda t: _status(t, a)),
        deployment=False,
    )
    history = add(
        "history",
        "recent deployments per environment",
        lambda a: run("history", lambda t: _history(t, a)),
        deployment=False,
    )
    for parser in (status, history):
        parser.add_argument("--env", help="one environment of the plan (default: every one)")
        parser.add_argument("--all", action="store_true", help="every environment (the default)")
        parser.add_argument("--json", action="store_true", help="JSON for machines")
    history.add_argument("--limit", type=int, default=20)
    logs = add("logs", "the output of a deployment's commands", lambda a: run("logs", lambda t: _logs(t, a)))
    logs.add_argument("--follow", "-f", action="store_true", help="keep printing until the deployment ends")
    actions = [
        add("approve", "approve a deployment waiting for it", _acting(_approve, "approve")),
        add("cancel", "cancel a deployment", _acting(_cancel, "cancel")),
        add("resume", "resume a paused deployment (retry its failed services)", _acting(_resume, "resume")),
        add(
            "record",
            "tell Flightdeck about a deployment done by hand",
            _acting(_record, "record", needs_deployment=False),
            deployment=False,
        ),
        add(
            "rollback",
            "roll back the deployment in flight, or the environment's last one",
            run_rollback,
            deployment=False,
        ),
    ]
    actions[2].add_argument("--continue", dest="go_on", action="store_true", help="accept the failure, go on")
    for parser in actions[3:]:
        parser.add_argument("--env", required=True)
        parser.add_argument("--service", required=parser is actions[3])
    actions[3].add_argument("--version", required=True)
    actions[4].add_argument("--to", help="the version to go back to (with --service)")
    for parser in actions:
        parser.add_argument("--by", help="who (default $USER@host)")
        parser.add_argument("--reason", "--comment", dest="reason", default="", help="why")
        parser.add_argument("--yes", "-y", action="store_true", help="ask nothing (CI; production needs it)")
