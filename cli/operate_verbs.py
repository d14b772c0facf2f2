"""The operator commands' arguments and the events they publish (see cli/operate.py for how they run)."""

import argparse
import sys
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from shared.events import (
    ApprovalGranted,
    CancelRequested,
    DeploymentRecorded,
    DeployRequested,
    Event,
    ResumeRequested,
    RollbackRequested,
)

from .alerts import by_or_default
from .environments import refused
from .operate import _acting, _confirm, _history, _logs, _status
from .transport import Transport, run

Verbs = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _ids(snapshot: dict[str, Any]) -> dict[str, str]:
    return {"deployment_id": snapshot["id"], "environment": snapshot["environment"]}


def _approve(args: argparse.Namespace, snapshot: dict[str, Any] | None) -> Event | str:
    assert snapshot
    if snapshot.get("phase") != "awaiting-approval":
        return f"{snapshot['id']} is {snapshot.get('phase')}, not waiting for approval"
    return ApprovalGranted(**_ids(snapshot), payload={"approved_by": by_or_default(args.by), "comment": args.reason})


def _cancel(args: argparse.Namespace, snapshot: dict[str, Any] | None) -> Event | str:
    assert snapshot
    return CancelRequested(**_ids(snapshot), payload={"requested_by": by_or_default(args.by), "reason": args.reason})


def _resume(args: argparse.Namespace, snapshot: dict[str, Any] | None) -> Event | str:
    assert snapshot
    if snapshot.get("phase") != "paused":
        return f"{snapshot['id']} is {snapshot.get('phase')}, not paused"
    return ResumeRequested(
        **_ids(snapshot),
        payload={"action": "continue" if args.go_on else "retry", "requested_by": by_or_default(args.by)},
    )


def _record(args: argparse.Namespace, _: dict[str, Any] | None) -> Event | str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return DeploymentRecorded(
        deployment_id=f"rec-{stamp}-{uuid4().hex[:6]}",
        environment=args.env,
        payload={
            "versions": {args.service: args.version},
            "recorded_by": by_or_default(args.by),
            "reason": args.reason,
        },
    )


def _rollback(args: argparse.Namespace) -> int:
    """The deployment in flight is rolled back; with none, the environment goes back to what ran before its last
    deployment (or --service S --to V) through a normal deployment."""

    async def work(t: Transport) -> int:
        if (wrong := await refused(t, args.env)) is not None:
            return wrong
        env = await t.state("env", args.env) or {}
        by = by_or_default(args.by)
        if env.get("active"):
            made: Event = RollbackRequested(
                deployment_id=env["active"]["id"],
                environment=args.env,
                payload={
                    "reason": args.reason or "asked for from the command line",
                    "requested_by": by,
                    "trigger": "manual",
                    "services": [args.service] if args.service else [],
                },
            )
        else:
            last = next((d for d in await t.history(args.env, 20) if d.get("phase") == "succeeded"), None)
            back = {
                name: item["previous_version"]
                for name, item in (last or {}).get("services", {}).items()
                if item.get("previous_version") and (not args.service or name == args.service)
            }
            if args.to:
                back = {args.service: args.to}
            if not back:
                print(f"nothing to roll back to in {args.env}: name one with --service S --to V", file=sys.stderr)
                return 1
            made = DeployRequested(
                deployment_id=f"rb-{uuid4().hex[:10]}",
                environment=args.env,
                payload={
                    "versions": back,
                    "services": list(back),
                    "requested_by": by,
                    "redeploy": True,
                    "reason": args.reason or f"roll back to {', '.join(f'{s} {v}' for s, v in back.items())}",
                },
            )
        if (declined := _confirm(args.env, "roll back", args.yes)) is not None:
            return declined
        await t.publish(made)
        print(f"roll back: published {made.type} {made.deployment_id} in {args.env}")
        return 0

    if args.to and not args.service:
        print("--to needs --service", file=sys.stderr)
        return 2
    return run("rollback", work)


def register(commands: Verbs) -> None:
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
            "rollback", "roll back the deployment in flight, or the environment's last one", _rollback, deployment=False
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
