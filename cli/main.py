"""Entry point of the `flightdeck` command."""

import argparse
import sys

from . import alerts, asyncapi, deadletters, deploy, operate_verbs, up


def _run_service(args: argparse.Namespace) -> int:
    from shared.runtime import main

    from .services import definition

    main(definition(args.service))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="flightdeck", description="Coordinates and watches multi-service deployments.")
    commands = root.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="run one service in the foreground (as `python -m services.NAME`)")
    run.add_argument("service", help="coordinator, monitor, alerter, rollback or dashboard")
    run.set_defaults(func=_run_service)
    up.register(commands)
    asyncapi.register(commands)
    deadletters.register(commands)
    alerts.register(commands)
    deploy.register(commands)
    operate_verbs.register(commands)
    try:
        from . import plan
    except ImportError:  # the plan commands arrive with the plan-file work
        pass
    else:
        plan.register(commands)
    return root


def main(argv: list[str] | None = None) -> None:
    root = parser()
    args = root.parse_args(argv)
    if not getattr(args, "func", None):
        root.print_help()
        sys.exit(2)
    sys.exit(args.func(args))
