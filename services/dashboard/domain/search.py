"""The text search's answers and the arithmetic behind them, without Redis.

The inverted index keeps, per term, the numbers of the deployments that have it (each deployment gets a number,
its `seq`, the first time the dashboard sees it), in one of three places by how many have it:
- up to FEW: a field of a shared hash (one of BUCKETS, by the term's CRC-32), "12,40,977": most terms of command
  logs (request ids, hashes, durations) are in one or two deployments, and a key of their own each would cost
  several times what they hold;
- up to BITMAP_FROM: a set of their own;
- more: a bitmap (bit `seq` set), one bit per deployment in the history instead of a set entry per deployment.
A search intersects its terms' numbers, newest (highest) first; the cursor is the last number handed out."""

import zlib

from pydantic import Field

from .query import decode_cursor, encode_cursor
from .views import DeploymentView, View

FEW = 8  # numbers a bucket field holds ("n,n,...", within Redis's 64-byte listpack values)
BITMAP_FROM = 256  # members after which a term's set becomes a bitmap (an intset of 256 is about 1 KiB)
BUCKETS = 65_536


def bucket_of(term: str) -> int:
    return zlib.crc32(term.encode()) % BUCKETS


class SearchHit(View):
    deployment: DeploymentView
    where: str = Field(description="what matched: reason, failure, rollback, log, ... (a service's name for its log)")
    snippet: str = Field(description="the matching line, cut around the first word searched for")
    log_id: str | None = Field(None, description="the log line's stream id, when the match is in the log")


def bit_positions(bitmap: bytes) -> set[int]:
    """The numbers whose bit is set, as Redis numbers them (SETBIT offset: bit 0 is the first byte's high bit)."""
    found: set[int] = set()
    for at, byte in enumerate(bitmap):
        if byte:
            found.update(at * 8 + bit for bit in range(8) if byte & (0x80 >> bit))
    return found


def term_members(held: bytes | None, members: list[bytes] | set[bytes], bitmap: bytes | None) -> set[int]:
    """A term's deployment numbers from what Redis holds for it: its bucket field, its set or its bitmap (a term
    is in one of them; reading all three in one round trip costs less than asking which first)."""
    found = {int(member) for member in held.split(b",")} if held else set()
    found |= {int(member) for member in members}
    if bitmap:
        found |= bit_positions(bitmap)
    return found


def intersect(each: list[set[int]]) -> set[int]:
    """The numbers every term has, smallest set first."""
    if not each:
        return set()
    ordered = sorted(each, key=len)
    found = set(ordered[0])
    for other in ordered[1:]:
        found &= other
        if not found:
            break
    return found


def newest_first(numbers: set[int], below: int | None) -> list[int]:
    return sorted((n for n in numbers if below is None or n < below), reverse=True)


def search_cursor(seq: int, deployment_id: str) -> str:
    return encode_cursor(seq, deployment_id)


def search_position(cursor: str | None) -> int | None:
    """The number to continue below; CursorError for a cursor not handed out."""
    return decode_cursor(cursor)[0] if cursor else None
