"""`flightdeck alerts` (list, ack) and `flightdeck silence` (add, list, expire). They read the alerter's hashes
and never write them: each change is an event on the events stream, which the alerter applies."""

import argparse
import json
import os
import platform
import pwd
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeAlias

from pydantic import ValidationError

from shared.durations import DurationError, parse_duration
from shared.events import AlertAcknowledged, Event, SilenceCreated, SilenceExpired
from shared.events.alerting import SilenceCreatedPayload
from shared.events.catalog import describe

from . import alerting_text as text
from .transport import Transport, run

Verbs: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Stored = Callable[[Transport], Awaitable[bool]]  # whether the alerter keeps what the command is about


def login_name() -> str:
    """$USER (or $LOGNAME), else the account we run as (a container or cron job often sets neither)."""
    named = os.environ.get("USER") or os.environ.get("LOGNAME") or os.environ.get("USERNAME")
    if named:
        return named
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except (KeyError, OSError):  # a uid without a passwd entry (docker run --user 1234)
        return "someone"


def by_or_default(by: str | None) -> str:
    """--by, or the login name @hostname."""
    return by if by is not None else f"{login_name()}@{platform.node() or 'localhost'}"


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def _send(
    command: str,
    make: Callable[[], Event],
    said: str,
    warn_unless: tuple[Stored, str] | None = None,
    refuse_unless: tuple[Stored, str] | None = None,
) -> int:
    """Validates the event before connecting, then publishes it. `warn_unless` is (stored, note): the note is
    printed when the alerter keeps no such thing (published anyway: the alerter may lag); `refuse_unless` is the
    same, but nothing is published and the command fails."""
    try:
        event = make()
    except ValidationError as error:
        return _fail(f"not published: {describe(error)}")

    async def work(t: Transport) -> int:
        if refuse_unless and not await refuse_unless[0](t):
            return _fail(f"flightdeck {command}: {refuse_unless[1]}", 1)
        if warn_unless and not await warn_unless[0](t):
            print(f"note: {warn_unless[1]}", file=sys.stderr)
        await t.publish(event)
        print(said)
        return 0

    return run(command, work)


def run_ack(args: argparse.Namespace) -> int:
    by, fingerprint = by_or_default(args.by), args.fingerprint
    return _send(
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


def run_silence_add(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    try:
        matchers = [text.parse_matcher(item) for item in args.match]
        duration = parse_duration(args.duration) if args.duration is not None else None
        until = text.parse_time(args.until, "--until") if args.until else None
        starts = text.parse_time(args.starts, "--starts") if args.starts else None
        starts_at, ends_at = text.window(now, duration, until, starts)
    except (text.UsageError, DurationError) as error:
        return _fail(f"flightdeck silence add: {error}")
    silence_id = text.new_silence_id()
    begins = "now" if starts_at <= now else text.relative(starts_at.timestamp(), now.timestamp())
    said = (
        f"silence {silence_id} created: {text.render_matchers(matchers)}\n"
        f"  from {text.stamp(starts_at)} ({begins}) until {text.stamp(ends_at)} "
        f"({text.span((ends_at - starts_at).total_seconds())})\n"
        f"  end it early with: flightdeck silence expire {silence_id}"
    )
    return _send(
        "silence add",
        lambda: SilenceCreated.model_validate(
            {
                "payload": {
                    "silence_id": silence_id,
                    "matchers": matchers,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "created_by": by_or_default(args.by),
                    "comment": args.comment,
                }
            }
        ),
        said,
    )


def run_silence_list(args: argparse.Namespace) -> int:
    async def work(t: Transport) -> int:
        silences = []
        for silence_id, raw in (await t.silences()).items():
            try:
                silences.append(SilenceCreatedPayload.model_validate_json(raw))
            except ValidationError as error:
                print(f"skipping unreadable silence {silence_id}: {describe(error)}", file=sys.stderr)
        now = datetime.now(UTC)
        if args.json:
            print(json.dumps(text.silences_json(silences, now), indent=2))
        else:
            print(text.silences_table(silences, now))
        return 0

    return run("silence list", work)


def run_silence_expire(args: argparse.Namespace) -> int:
    by, silence_id = by_or_default(args.by), args.silence_id
    return _send(
        "silence expire",
        lambda: SilenceExpired.model_validate({"payload": {"silence_id": silence_id, "by": by}}),
        f"expired silence {silence_id} (by {by}); what it matched is sent again once the alerter reads this",
        (
            lambda t: t.silence_stored(silence_id),
            f"no silence {silence_id} is stored (see `flightdeck silence list`); expired anyway",
        ),
    )


def _who(parser: argparse.ArgumentParser, what: str, comment: str | None = None) -> None:
    parser.add_argument("--by", metavar="NAME", help=f"{what} (default: $USER@hostname)")
    if comment:
        parser.add_argument("--comment", default="", metavar="TEXT", help=comment)


def _listing(verbs: Verbs, about: str, func: Callable[..., int]) -> None:
    listing = verbs.add_parser("list", help=about)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(func=func)


def register(commands: Verbs) -> None:
    alerts = commands.add_parser("alerts", help="list active alerts, or acknowledge one")
    verbs = alerts.add_subparsers(dest="verb", metavar="VERB", required=True)
    for ack in (
        verbs.add_parser("ack", help="acknowledge an alert: its escalation stops"),
        commands.add_parser("ack", help="acknowledge an alert (as `flightdeck alerts ack`)"),
    ):
        ack.add_argument("fingerprint", help="from `flightdeck alerts list`")
        _who(ack, "who is on it", comment="what you are doing about it")
        ack.set_defaults(func=run_ack)
    _listing(verbs, "active alerts, most severe first", run_alert_list)

    silence = commands.add_parser("silence", help="stop alerts matching labels from being sent, for a while")
    verbs = silence.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="create a silence")
    add.add_argument(
        "--match",
        action="append",
        required=True,
        metavar="MATCHER",
        help=f"{text.FORMS}; labels: {', '.join(text.LABELS)}; repeat to require all",
    )
    until = add.add_mutually_exclusive_group(required=True)
    until.add_argument("--for", dest="duration", metavar="DURATION", help="how long, like 30m or 2h")
    until.add_argument("--until", metavar="ISO8601", help="when it ends, like 2026-01-31T18:00:00Z")
    add.add_argument("--starts", metavar="ISO8601", help="when it starts (default: now)")
    _who(add, "who silences", comment="why")
    add.set_defaults(func=run_silence_add)
    _listing(verbs, "active and pending silences", run_silence_list)
    expire = verbs.add_parser("expire", help="end a silence now")
    expire.add_argument("silence_id", help="from `flightdeck silence list`")
    _who(expire, "who ends it")
    expire.set_defaults(func=run_silence_expire)
