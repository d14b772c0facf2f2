"""Entry point of the `flightdeck` command."""

import argparse
import os
import sys

from . import alerts, asyncapi, deadletters, deploy, operate_verbs, plan, silences, tokens, up, users, verify
from .demo import command as demo

CUT_OFF = 141  # what a shell reports for a command whose reader went away (128 + SIGPIPE), as for `yes | head`


def _run_service(args: argparse.Namespace) -> int:
    from shared.runtime import main

    from .services import definition

    main(definition(args.service))
    return 0


def _own_usage(parser: argparse.ArgumentParser) -> None:
    """Each command remembers its parser, so an unknown option is shown with that command's usage."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.set_defaults(_parser=sub)
                _own_usage(sub)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="flightdeck", description="Coordinates and watches multi-service deployments.")
    commands = root.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="run one service in the foreground (as `python -m services.NAME`)")
    run.add_argument("service", help="coordinator, monitor, alerter, rollback or dashboard")
    run.set_defaults(func=_run_service)
    up.register(commands)
    demo.register(commands)
    asyncapi.register(commands)
    deadletters.register(commands)
    alerts.register(commands)
    silences.register(commands)
    deploy.register(commands)
    operate_verbs.register(commands)
    plan.register(commands)
    users.register(commands)
    tokens.register(commands)
    verify.register(commands)
    _own_usage(root)
    return root


def _quietly_cut_off() -> None:
    """The reader of our output went away (`flightdeck history | head`): no traceback, and no second one when
    Python flushes stdout on the way out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(CUT_OFF)


def main(argv: list[str] | None = None) -> None:
    root = parser()
    args, unknown = root.parse_known_args(argv)
    if unknown:
        getattr(args, "_parser", root).error(f"unrecognized arguments: {' '.join(unknown)}")
    if not getattr(args, "func", None):
        root.print_help()
        sys.exit(2)
    try:
        code = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        _quietly_cut_off()
    sys.exit(code)
