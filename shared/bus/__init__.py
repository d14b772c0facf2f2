"""The event bus on Redis Streams: publish, consume with reclaim, dead letters, idempotency, safe trimming."""
