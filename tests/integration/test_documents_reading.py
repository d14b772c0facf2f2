"""A document reads the same whatever its layout: the hash the coordinator writes now, or one JSON string (as
earlier releases wrote it, or anything else a string holds: answered as it is, for the reader's models to judge)."""

import json

import pytest
from redis.asyncio import Redis

from shared.documents.layout import STAMP, entry_field, keys_field, part_field
from shared.documents.reading import peek, read_text


async def test_a_hash_and_a_string_read_as_the_same_document(redis_client: Redis) -> None:
    document = {"id": "d1", "waves": [["a"], ["b"]], "services": {"b": {"step": "passed"}, "a": {"step": "waiting"}}}
    await redis_client.set("doc:string", json.dumps(document))
    await redis_client.hset(
        "doc:hash",
        mapping={
            STAMP: "3.me",
            "head": '{"id":"d1"}',
            part_field("waves"): '{"waves":[["a"],["b"]]}',
            keys_field("services"): '["b","a"]',
            entry_field("services", "a"): '{"step":"waiting"}',
            entry_field("services", "b"): '{"step":"passed"}',
        },
    )
    for key in ("doc:string", "doc:hash"):
        text = await read_text(redis_client, key)
        assert text is not None and json.loads(text) == document
        assert list(json.loads(text)["services"]) == ["b", "a"], "in the order written"
    assert await read_text(redis_client, "doc:none") is None


async def test_a_peek_answers_each_key_s_type_and_a_hash_s_stamp(redis_client: Redis) -> None:
    await redis_client.hset("doc:hash", mapping={STAMP: "3.me", "head": "{}"})
    await redis_client.set("plain", "not json {")
    found = await peek(redis_client, ["doc:hash", "plain", "missing"])
    assert [(f.kind, f.value) for f in found] == [("hash", b"3.me"), ("string", b"not json {"), ("none", None)]
    assert await read_text(redis_client, "plain") == "not json {"


async def test_a_key_of_another_type_is_no_document(redis_client: Redis) -> None:
    await redis_client.rpush("doc:list", "x")
    with pytest.raises(ValueError, match="list"):
        await read_text(redis_client, "doc:list")
