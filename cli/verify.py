"""`flightdeck verify --env ENV [--service S]`: the plan's verification checks against what runs in the environment
now, the report printed, exit 1 when a check fails. For a person, or a CI job after a manual deployment. Secrets are
read from this process's environment, as the rollback service reads them from its own."""

import argparse
import os
import sys

from shared.plan.loader import DEFAULT_PLAN_FILE

from .environments import USAGE, not_in_plan
from .plan import load_reported
from .transport import Transport
from .transport import run as run_on

FAILED = 1


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    verify = subparsers.add_parser("verify", help="run the plan's verification checks against what runs now")
    verify.add_argument("--env", required=True, metavar="ENV", help="the environment, e.g. staging")
    verify.add_argument("--service", action="append", metavar="S", help="only this service (repeat for more)")
    verify.add_argument("--file", default=DEFAULT_PLAN_FILE, help=f"the plan file (default: {DEFAULT_PLAN_FILE})")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    plan = load_reported(args.file)
    if plan is None:
        return FAILED
    if args.env not in plan.environments:
        print(not_in_plan(args.env, sorted(plan.environments)), file=sys.stderr)
        return USAGE
    unknown = [s for s in args.service or [] if s not in plan.services]
    if unknown:
        print(f"no service {unknown[0]!r} in {args.file}; it has {', '.join(plan.services)}", file=sys.stderr)
        return USAGE

    # imported here: the checks' clients (aiohttp, cryptography) would slow every other command's start
    from services.rollback.domain.verification.report import summary
    from services.rollback.verification.baselines import Baselines, NoBaselines
    from services.rollback.verification.runner import integration_checks, run, targets

    from .redis_transport import RedisTransport
    from .verify_text import report

    async def work(t: Transport) -> int:
        state = await t.environment(args.env)
        live = {name: d.version for name, d in (state.desired if state else {}).items() if name in plan.services}
        chosen = {n: v for n, v in live.items() if not args.service or n in args.service}
        if not chosen:
            asked = ", ".join(args.service) if args.service else "any service"
            print(f"nothing of {asked} runs in {args.env} yet: deploy it first", file=sys.stderr)
            return FAILED
        baselines = Baselines(t.redis, t.keys) if isinstance(t, RedisTransport) else NoBaselines()
        services = targets(plan, args.env, chosen, chosen)  # judged against the baseline its version recorded
        checks = integration_checks(plan, args.env, list(chosen))
        print(f"verifying {', '.join(f'{n} {v}' for n, v in chosen.items())} in {args.env} ...", file=sys.stderr)
        results = await run(services, checks, baselines, os.environ, record=False)
        print(report(results, summary(results)), end="")
        return 0 if all(r.passed for r in results) else FAILED

    return run_on("verify", work)
