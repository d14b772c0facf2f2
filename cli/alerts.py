"""`flightdeck alerts list` and `flightdeck alerts ack` (or `flightdeck ack`): what the alerter has firing, and
telling it somebody is on one, which stops its escalation."""

import argparse
import json
import time

from shared.events import AlertAcknowledged

from . import alerting_text as text
from .alerter_commands import Verbs, add_listing, send
from .transport import Transport, run
from .who import add_who, by_or_default


def run_ack(args: argparse.Namespace) -> int:
    by = by_or_default(args.by)
    fingerprint = args.fingerprint
    return send(
        "alerts ack",
        lambda: AlertAcknowledged.model_validate(
            {"payload": {"fingerprint": fingerprint, "by": by, "via": "cli", "comment": args.comment}}
        ),
        f"acknowledged alert {fingerprint} as {by}; its escalation stops once the alerter reads this",
        refuse_unless=(
            lambda t: t.alert_active(fingerprint),
            f"no active alert {fingerprint}: nothing acknowledged; see "
            "`flightdeck alerts list` for the active ones (a resolved alert needs no acknowledgement)",
        ),
    )


def run_alert_list(args: argparse.Namespace) -> int:
    async def work(t: Transport) -> int:
        board = await t.alerts()
        if args.json:
            print(json.dumps(text.alerts_json(board.alerts, board.acks), indent=2))
        else:
            print(text.alerts_table(board.alerts, board.acks, time.time()))
        return 0

    return run("alerts list", work)


def register(commands: Verbs) -> None:
    alerts = commands.add_parser("alerts", help="list active alerts, or acknowledge one")
    verbs = alerts.add_subparsers(dest="verb", metavar="VERB", required=True)
    for ack in (
        verbs.add_parser("ack", help="acknowledge an alert: its escalation stops"),
        commands.add_parser("ack", help="acknowledge an alert (as `flightdeck alerts ack`)"),
    ):
        ack.add_argument("fingerprint", help="from `flightdeck alerts list`")
        add_who(ack, "who is on it", comment="what you are doing about it")
        ack.set_defaults(func=run_ack)
    add_listing(verbs, "active alerts, most severe first", run_alert_list)
