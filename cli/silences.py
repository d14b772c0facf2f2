"""`flightdeck silence add|list|expire`: stop alerts matching labels from being sent, for a while. The alerter
keeps the silences; these commands read them and publish silence-created or silence-expired for it to apply."""

import argparse
import json
import sys
from datetime import UTC, datetime

from pydantic import ValidationError

from shared.durations import DurationError, parse_duration
from shared.events import SilenceCreated, SilenceExpired
from shared.events.alerting import SilenceCreatedPayload
from shared.events.catalog import describe
from shared.requests.silence import new_silence_id

from . import alerting_text as text
from . import silence_input as typed
from .alerter_commands import Verbs, add_listing, fail, send
from .transport import Transport, run
from .who import add_who, by_or_default


def run_silence_add(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    try:
        matchers = [typed.parse_matcher(item) for item in args.match]
        duration = parse_duration(args.duration) if args.duration is not None else None
        until = typed.parse_time(args.until, "--until") if args.until else None
        starts = typed.parse_time(args.starts, "--starts") if args.starts else None
        starts_at, ends_at = typed.window(now, duration, until, starts)
    except (typed.UsageError, DurationError) as error:
        return fail(f"flightdeck silence add: {error}")
    silence_id = new_silence_id()
    begins = "now" if starts_at <= now else text.relative(starts_at.timestamp(), now.timestamp())
    said = (
        f"silence {silence_id} created: {text.render_matchers(matchers)}\n"
        f"  from {text.stamp(starts_at)} ({begins}) until {text.stamp(ends_at)} "
        f"({text.span((ends_at - starts_at).total_seconds())})\n"
        f"  end it early with: flightdeck silence expire {silence_id}"
    )
    return send(
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
    by = by_or_default(args.by)
    silence_id = args.silence_id
    return send(
        "silence expire",
        lambda: SilenceExpired.model_validate({"payload": {"silence_id": silence_id, "by": by}}),
        f"expired silence {silence_id} (by {by}); what it matched is sent again once the alerter reads this",
        (
            lambda t: t.silence_stored(silence_id),
            f"no silence {silence_id} is stored (see `flightdeck silence list`); expired anyway",
        ),
    )


def register(commands: Verbs) -> None:
    silence = commands.add_parser("silence", help="stop alerts matching labels from being sent, for a while")
    verbs = silence.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help="create a silence")
    add.add_argument(
        "--match",
        action="append",
        required=True,
        metavar="MATCHER",
        help=f"{typed.FORMS}; labels: {', '.join(typed.LABELS)}; repeat to require all",
    )
    until = add.add_mutually_exclusive_group(required=True)
    until.add_argument("--for", dest="duration", metavar="DURATION", help="how long, like 30m or 2h")
    until.add_argument("--until", metavar="ISO8601", help="when it ends, like 2026-01-31T18:00:00Z")
    add.add_argument("--starts", metavar="ISO8601", help="when it starts (default: now)")
    add_who(add, "who silences", comment="why")
    add.set_defaults(func=run_silence_add)
    add_listing(verbs, "active and pending silences", run_silence_list)
    expire = verbs.add_parser("expire", help="end a silence now")
    expire.add_argument("silence_id", help="from `flightdeck silence list`")
    add_who(expire, "who ends it")
    expire.set_defaults(func=run_silence_expire)
