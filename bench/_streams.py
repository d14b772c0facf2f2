"""Stream replies as the benches read them: redis-py types XREAD and XREADGROUP loosely (a union of awaitables, str
and int), so each read is cast to what a client that does not decode answers (RESP2: bytes, lists of pairs)."""

from redis.typing import EncodableT, FieldT

Fields = dict[bytes, bytes]
Rows = list[tuple[bytes, Fields]]  # (entry id, fields), oldest first
Reply = list[tuple[bytes, Rows]]  # (stream name, its rows) for each stream read; empty when the block timed out
Written = dict[FieldT, EncodableT]  # what XADD takes (a dict is invariant: read Fields are cast to it to be written)
