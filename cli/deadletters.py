"""`flightdeck dead-letters`: what could not be handled and why; `--replay ID` puts an entry back once fixed."""

import argparse
import re

from .transport import Transport, run

ENTRY_ID = re.compile(r"^\d+-\d+$")


async def _list(t: Transport, count: int) -> int:
    found = await t.dead_letters(count)
    for letter in found.letters:
        print(f"{letter.id}  {letter.reason:<20} group={letter.group} source={letter.source_id}  {letter.error}")
    print(f"{len(found.letters)} dead letter(s) in {found.where}")
    return 0


async def _replay(t: Transport, ids: list[str]) -> int:
    for entry_id in ids:
        if not ENTRY_ID.match(entry_id):
            print(f"{entry_id}: not a stream entry id (like 1700000000000-0): see `flightdeck dead-letters`")
            return 1
        replayed = await t.replay(entry_id)
        if replayed is None:
            print(f"{entry_id}: no such dead letter (see `flightdeck dead-letters`)")
            return 1
        print(f"{entry_id}: replayed to {replayed.source} as {replayed.entry_id}")
    return 0


def run_dead_letters(args: argparse.Namespace) -> int:
    async def work(t: Transport) -> int:
        return await (_replay(t, args.replay) if args.replay else _list(t, args.count))

    return run("dead-letters", work)


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser("dead-letters", help="list dead-lettered entries, or replay them")
    parser.add_argument("--count", type=int, default=100, help="how many to list (oldest first)")
    parser.add_argument("--replay", nargs="+", metavar="ID", help="put these entries back on their source stream")
    parser.set_defaults(func=run_dead_letters)
