"""Who does something from the command line: --by, else the login name @hostname."""

import argparse
import os
import platform
import pwd


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


def add_who(parser: argparse.ArgumentParser, what: str, comment: str | None = None) -> None:
    """--by (what it means for this command), and --comment when the command takes one."""
    parser.add_argument("--by", metavar="NAME", help=f"{what} (default: $USER@hostname)")
    if comment:
        parser.add_argument("--comment", default="", metavar="TEXT", help=comment)
