"""`flightdeck tokens`: API tokens for CI and scripts (FLIGHTDECK_TOKEN), made for a user, shown once."""

import argparse
import sys
from datetime import UTC, datetime, timedelta

from services.dashboard.domain.roles import ROLES, narrowed
from shared.durations import parse_duration

from .auth_access import USAGE, Stores, with_stores


async def _create(stores: Stores, args: argparse.Namespace) -> int:
    owner = await stores.users.get(args.user)
    if owner is None:
        print(f"flightdeck tokens: no user {args.user}: add one with `flightdeck users add`", file=sys.stderr)
        return USAGE
    role, environments = args.role or owner.role, tuple(args.env) if args.env else owner.environments
    refused = narrowed(owner, role, environments)
    if refused is not None:
        print(f"flightdeck tokens: {refused.why}", file=sys.stderr)
        return USAGE
    try:
        lasts = None if args.expires == "never" else timedelta(seconds=parse_duration(args.expires))
    except ValueError as error:
        print(f"flightdeck tokens: --expires {args.expires!r}: {error} (like 90d, 12h, or never)", file=sys.stderr)
        return USAGE
    made = await stores.tokens.create(args.name, owner.name, role, environments, lasts)
    until = f"until {made.record.expires_at:%Y-%m-%d %H:%M} UTC" if made.record.expires_at else "with no expiry"
    print(made.secret)
    print(f"token {made.record.id} for {owner.name} ({role} in {', '.join(environments)}), {until}.", file=sys.stderr)
    print("It is shown this once: store it as a secret (FLIGHTDECK_TOKEN).", file=sys.stderr)
    return 0


async def _list(stores: Stores, args: argparse.Namespace) -> int:
    found, now = await stores.tokens.all(args.user), datetime.now(UTC)
    for t in found:
        state = "revoked" if t.revoked_at else ("expired" if t.expires_at and t.expires_at <= now else "active")
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        print(f"{t.id}  {t.name:<20} {t.owner:<16} {t.role:<9} {state:<8} last used {used}")
    print(f"{len(found)} token(s)")
    return 0


async def _revoke(stores: Stores, args: argparse.Namespace) -> int:
    revoked = await stores.tokens.revoke(args.id)
    if revoked is None:
        print(f"no token {args.id} (see `flightdeck tokens list`)", file=sys.stderr)
        return 1
    print(f"revoked {revoked.id} ({revoked.name} of {revoked.owner})")
    return 0


def run_tokens(args: argparse.Namespace) -> int:
    async def work(stores: Stores) -> int:
        return int(await args.verb(stores, args))

    return with_stores("tokens", work)


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser("tokens", help="API tokens for CI and scripts: create, list, revoke")
    verbs = parser.add_subparsers(dest="tokens_verb", metavar="VERB", required=True)
    create = verbs.add_parser("create", help="make a token (printed once, on standard output)")
    create.add_argument("name", help="what it is for, e.g. github-actions")
    create.add_argument("--user", required=True, help="whose token it is: it can do no more than they can")
    create.add_argument("--role", choices=ROLES, help="default: the user's")
    create.add_argument("--env", action="append", help="an environment it may act in (repeat; default: the user's)")
    create.add_argument("--expires", default="90d", help="how long it lasts (90d, 12h) or never; default 90d")
    create.set_defaults(func=run_tokens, verb=_create)
    listing = verbs.add_parser("list", help="every token (never its secret)")
    listing.add_argument("--user", help="only this user's")
    listing.set_defaults(func=run_tokens, verb=_list)
    revoke = verbs.add_parser("revoke", help="stop a token working, at once")
    revoke.add_argument("id")
    revoke.set_defaults(func=run_tokens, verb=_revoke)
