"""`flightdeck rollback`: the deployment in flight is rolled back; with none, the environment goes back to what ran
before its last deployment (or --service S --to V) through a normal deployment. Where it goes back to is the
coordinator domain's decision (rollback_target); this module asks first and publishes."""

import argparse
import sys
from uuid import uuid4

from services.coordinator.domain.rollback_target import NoRollbackTarget, rollback_target
from shared.events import DeployRequested, Event, RollbackRequested
from shared.events.deployment import DeployRequestedPayload
from shared.events.rollback import RollbackRequestedPayload
from shared.requests.actions import refused as not_now

from .environments import refused
from .operate import _confirm
from .transport import Transport, run
from .who import by_or_default

HISTORY = 20  # how far back the last successful deployment is looked for


async def _rollback(t: Transport, args: argparse.Namespace) -> int:
    if (wrong := await refused(t, args.env)) is not None:
        return wrong
    env = await t.environment(args.env)
    by = by_or_default(args.by)
    made: Event
    if env is not None and env.active is not None:
        snapshot = await t.deployment(env.active.id)
        if snapshot is not None and (why := not_now(snapshot.id, snapshot.phase, "rollback")) is not None:
            print(why, file=sys.stderr)  # awaiting approval, or rolling back already: the coordinator would ignore it
            return 1
        made = RollbackRequested(
            deployment_id=env.active.id,
            environment=args.env,
            payload=RollbackRequestedPayload(
                reason=args.reason or "asked for from the command line",
                requested_by=by,
                trigger="manual",
                services=[args.service] if args.service else [],
            ),
        )
    else:
        target = rollback_target(await t.history(args.env, HISTORY), args.service or None, args.to or None)
        if isinstance(target, NoRollbackTarget):
            print(
                f"nothing to roll back to in {args.env} ({target.reason}): name one with --service S --to V",
                file=sys.stderr,
            )
            return 1
        back = target.versions
        made = DeployRequested(
            deployment_id=f"rb-{uuid4().hex[:10]}",
            environment=args.env,
            payload=DeployRequestedPayload(
                versions=back,
                services=list(back),
                requested_by=by,
                redeploy=True,
                reason=args.reason or f"roll back to {', '.join(f'{s} {v}' for s, v in back.items())}",
            ),
        )
    if (declined := await _confirm(t, args.env, "roll back", args.yes)) is not None:
        return declined
    await t.publish(made)
    print(f"roll back: published {made.type} {made.deployment_id} in {args.env}")
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    if args.to and not args.service:
        print("--to needs --service", file=sys.stderr)
        return 2
    return run("rollback", lambda t: _rollback(t, args))
