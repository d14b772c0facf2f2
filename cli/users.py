"""`flightdeck users`: add, list, change and remove the dashboard's users. The first admin is made here:
`flightdeck users add NAME --role admin` (the password asked twice without echo, or read from --password-stdin)."""

import argparse
import getpass
import sys

from services.dashboard.auth.passwords import PasswordError
from services.dashboard.auth.users import UserError
from services.dashboard.domain.roles import ROLES

from .auth_access import USAGE, Stores, with_stores


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        print("the two passwords differ: nothing changed", file=sys.stderr)
        return None
    return first


def _environments(args: argparse.Namespace) -> tuple[str, ...] | None:
    return tuple(args.env) if args.env else None


async def _add(stores: Stores, args: argparse.Namespace) -> int:
    password = _password(args)
    if password is None:
        return USAGE
    user = await stores.users.add(args.name, args.role, password, _environments(args) or ("*",))
    print(f"added {user.name} ({user.role} in {', '.join(user.environments)})")
    return 0


async def _set(stores: Stores, args: argparse.Namespace) -> int:
    wants = args.password or args.password_stdin
    password = _password(args) if wants else None
    if wants and password is None:
        return USAGE
    user = await stores.users.change(args.name, args.role, _environments(args), password)
    print(f"{user.name} is {user.role} in {', '.join(user.environments)}")
    return 0


async def _list(stores: Stores, _: argparse.Namespace) -> int:
    users = await stores.users.all()
    for user in users:
        print(f"{user.name:<24} {user.role:<9} {', '.join(user.environments)}")
    print(f"{len(users)} user(s)" + ("" if users else ": add the first with `flightdeck users add NAME --role admin`"))
    return 0


async def _remove(stores: Stores, args: argparse.Namespace) -> int:
    if not await stores.users.remove(args.name):
        print(f"no user {args.name} (see `flightdeck users list`)", file=sys.stderr)
        return 1
    print(f"removed {args.name}")
    return 0


def run_users(args: argparse.Namespace) -> int:
    async def work(stores: Stores) -> int:
        try:
            return int(await args.verb(stores, args))
        except (UserError, PasswordError) as error:
            print(f"flightdeck users: {error}", file=sys.stderr)
            return USAGE

    return with_stores("users", work)


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser("users", help="the dashboard's users: add, list, set, remove")
    verbs = parser.add_subparsers(dest="users_verb", metavar="VERB", required=True)
    for name, verb, text in (("add", _add, "add a user"), ("set", _set, "change a user's role or password")):
        sub = verbs.add_parser(name, help=text)
        sub.add_argument("name")
        sub.add_argument("--role", choices=ROLES, required=name == "add")
        sub.add_argument("--env", action="append", help="an environment the user may act in (repeat; default all)")
        sub.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        if name == "set":
            sub.add_argument("--password", action="store_true", help="set a new password")
        sub.set_defaults(func=run_users, verb=verb, **({"password": True} if name == "add" else {}))
    listing = verbs.add_parser("list", help="every user with role and environments")
    listing.set_defaults(func=run_users, verb=_list)
    remove = verbs.add_parser("remove", help="remove a user (their tokens stop working)")
    remove.add_argument("name")
    remove.set_defaults(func=run_users, verb=_remove)
