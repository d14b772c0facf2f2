"""`flightdeck dead-letters`: what could not be handled and why; `--replay ID` puts an entry back once fixed."""

import argparse
import re

from redis.asyncio import Redis

from shared.bus.deadletter import original_fields, read_dead_letters
from shared.streams import Keys

from .transport import run_redis

ENTRY_ID = re.compile(r"^\d+-\d+$")


async def _list(redis: "Redis", keys: Keys, count: int) -> int:
    rows = await read_dead_letters(redis, keys, count)
    for row in rows:
        print(f"{row['id']}  {row['reason']:<20} group={row['group']} source={row['source_id']}  {row['error']}")
    print(f"{len(rows)} dead letter(s) in {keys.dead_letters}")
    return 0


async def _replay(redis: "Redis", keys: Keys, ids: list[str]) -> int:
    for entry_id in ids:
        if not ENTRY_ID.match(entry_id):
            print(f"{entry_id}: not a stream entry id (like 1700000000000-0): see `flightdeck dead-letters`")
            return 1
        found = await redis.xrange(keys.dead_letters, min=entry_id, max=entry_id)
        if not found:
            print(f"{entry_id}: no such dead letter (see `flightdeck dead-letters`)")
            return 1
        record = found[0][1]
        source = record[b"source_stream"].decode()
        async with redis.pipeline(transaction=True) as pipe:
            new_id = await pipe.xadd(source, original_fields(record)).xdel(keys.dead_letters, entry_id).execute()
        print(f"{entry_id}: replayed to {source} as {new_id[0].decode()}")
    return 0


def run(args: argparse.Namespace) -> int:
    async def work(redis: Redis, keys: Keys) -> int:
        return await (_replay(redis, keys, args.replay) if args.replay else _list(redis, keys, args.count))

    return run_redis("dead-letters", work)


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser("dead-letters", help="list dead-lettered entries, or replay them")
    parser.add_argument("--count", type=int, default=100, help="how many to list (oldest first)")
    parser.add_argument("--replay", nargs="+", metavar="ID", help="put these entries back on their source stream")
    parser.set_defaults(func=run)
