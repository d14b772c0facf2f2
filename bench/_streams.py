"""Stream replies as the benches read them: redis-py types XREAD and XREADGROUP loosely (a union of awaitables, str
and int), so each read is cast to what a client that does not decode answers (RESP2: bytes, lists of pairs)."""

Fields = dict[bytes, bytes]
Rows = list[tuple[bytes, Fields]]  # (entry id, fields), oldest first
Reply = list[tuple[bytes, Rows]]  # (stream name, its rows) for each stream read; empty when the block timed out
