"""An operator's controls: status, history, logs, approve, cancel, rollback, resume and record. On a terminal every
action asks first (production: type its name; elsewhere y/N) and anything but yes does nothing (exit 3); --yes
skips the question. Without a terminal nobody can answer: production refuses (exit 2), elsewhere it goes ahead."""

import argparse
import json
import os
import sys
from collections.abc import Callable

from services.coordinator.domain.model import ACTIVE, Deployment, EnvironmentState
from shared.events import Event

from .environments import chosen, refused
from .operate_text import accepted, history_line, needs_person, question, status_lines
from .transport import Transport, run


async def _status(t: Transport, args: argparse.Namespace) -> int:
    names = await chosen(t, args.env)
    if isinstance(names, int):
        return names
    report = []
    trouble = False
    for name in names:
        env = await t.environment(name) or EnvironmentState(name=name)
        active = await t.deployment(env.active.id) if env.active else None
        recent = await t.history(name, 5)
        last = next((d for d in recent if d.phase not in ACTIVE), None)
        problems = needs_person(env, active, last, await t.attention(name))
        trouble = trouble or bool(problems)
        shown = env.model_dump(mode="json")
        report.append(
            {
                "environment": name,
                "running": shown["desired"],
                "active": active.model_dump(mode="json") if active else None,
                "queue": shown["queue"],
                "needs_person": problems,
            }
        )
        if not args.json:
            print("\n".join(status_lines(name, env, active, problems, colour=_colour())))
    if args.json:
        print(json.dumps({"environments": report, "needs_person": trouble}))
    return 1 if trouble else 0


async def _history(t: Transport, args: argparse.Namespace) -> int:
    names = await chosen(t, args.env)
    if isinstance(names, int):
        return names
    for name in names:
        rows = await t.history(name, args.limit)
        if args.json:
            print(json.dumps({"environment": name, "deployments": [row.model_dump(mode="json") for row in rows]}))
            continue
        print(f"{name}:")
        print("\n".join(f"  {history_line(row)}" for row in rows) or "  (none)")
    return 0


async def _logs(t: Transport, args: argparse.Namespace) -> int:
    since = "0-0"
    if await _about(t, args.deployment) is None:
        return 1
    while True:
        lines = await t.log(args.deployment, since, 1000 if args.follow else None)
        for entry_id, fields in lines:
            since = entry_id
            print(f"{fields.get('ts', '')[11:19]} {fields.get('service', ''):<12} {fields.get('line', '')}")
        if not args.follow:
            return 0
        snapshot = await t.deployment(args.deployment)
        if not lines and snapshot and snapshot.phase not in ACTIVE:
            return 0


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


REFUSED, DECLINED = 2, 3


async def _confirm(t: Transport, environment: str, what: str, yes: bool) -> int | None:
    """None to go ahead, else the exit code: REFUSED (production with nobody to ask), DECLINED (the answer).
    Which environments are production is the plan's word (Transport.production)."""
    return None if yes else _ask(environment, what, await t.production(environment))


def _ask(environment: str, what: str, production: bool) -> int | None:
    if not sys.stdin.isatty():
        if not production:
            return None
        print(
            f"{what} in {environment}: add --yes to confirm (production-like environments ask first)", file=sys.stderr
        )
        return REFUSED
    try:
        answer = input(question(environment, what, production))
    except (EOFError, KeyboardInterrupt):  # Ctrl-D, Ctrl-C: a no, on a line of its own
        print(file=sys.stderr)
        answer = ""
    if accepted(environment, answer, production):
        return None
    print(f"nothing done: {what} in {environment} was not confirmed", file=sys.stderr)
    return DECLINED


async def _about(t: Transport, deployment_id: str) -> Deployment | None:
    snapshot = await t.deployment(deployment_id)
    if snapshot is None:
        print(f"no deployment {deployment_id}: see `flightdeck history`", file=sys.stderr)
    return snapshot


def _acting(
    make: Callable[[argparse.Namespace, Deployment | None], Event | str], what: str, needs_deployment: bool = True
) -> Callable[[argparse.Namespace], int]:
    """A command that publishes one event about a deployment (or an environment), after confirmation."""

    def act(args: argparse.Namespace) -> int:
        async def work(t: Transport) -> int:
            snapshot = await _about(t, args.deployment) if needs_deployment else None
            if needs_deployment and snapshot is None:
                return 1
            made = make(args, snapshot)
            if isinstance(made, str):
                print(made, file=sys.stderr)
                return 1
            if not needs_deployment and (wrong := await refused(t, str(made.environment))) is not None:
                return wrong
            if (declined := await _confirm(t, str(made.environment), what, args.yes)) is not None:
                return declined
            await t.publish(made)
            print(f"{what}: published {made.type} for {made.deployment_id} in {made.environment}")
            return 0

        return run(args.command, work)

    return act
