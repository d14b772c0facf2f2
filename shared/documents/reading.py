"""Reading documents, whatever their layout: a hash (layout.py) or, as earlier releases wrote them, one JSON
string under the same key. One script answers each key's type with its value, so one round trip tells both."""

from dataclasses import dataclass
from typing import cast

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.text import text, texts

from .layout import STAMP, compose

# KEYS: the keys; ARGV[1]: "stamp" (a hash answers its stamp) or "every" (a hash answers all its fields).
PEEK = """
local out = {}
for _, key in ipairs(KEYS) do
  local kind = redis.call('TYPE', key)['ok']
  local value = false
  if kind == 'string' then
    value = redis.call('GET', key)
  elseif kind == 'hash' then
    if ARGV[1] == 'every' then value = redis.call('HGETALL', key) else value = redis.call('HGET', key, ARGV[2]) end
  end
  table.insert(out, kind)
  table.insert(out, value)
end
return out
"""


@dataclass(frozen=True)
class Found:
    """One key as found: `kind` is Redis's type ("none", "string", "hash", ...); `value` a string's bytes or a
    hash's stamp; `fields` a hash's every field (when asked for)."""

    kind: str
    value: bytes | None = None
    fields: dict[str, str] | None = None


async def peek(client: "Redis | Pipeline", keys: list[str], every: bool = False, errors: str = "strict") -> list[Found]:
    """Each key's type and value in one round trip (on a pipeline that watches, at once: reads under WATCH);
    `errors` for decoding a hash's fields."""
    reply = cast(list[object], await client.eval(PEEK, len(keys), *keys, "every" if every else "stamp", STAMP))
    found = []
    for kind_raw, value in zip(reply[::2], reply[1::2], strict=True):
        kind = text(cast(bytes | str, kind_raw))
        if kind == "hash" and every:
            flat = cast(list[bytes | str], value)
            found.append(Found(kind, fields=texts(dict(zip(flat[::2], flat[1::2], strict=True)), errors)))
        else:
            raw = cast(bytes | str | None, value)
            found.append(Found(kind, raw.encode() if isinstance(raw, str) else raw))
    return found


def as_text(found: Found, errors: str = "strict") -> str | None:
    """The document's JSON text; None when there is none. A string is answered as it is (JSON or not: the
    reader's models decide); a hash is composed (ValueError when it is no document)."""
    if found.kind == "string":
        return text(found.value, errors) if found.value else None
    if found.kind == "hash" and found.fields:
        return compose(found.fields)
    if found.kind in ("none", "hash"):
        return None
    raise ValueError(f"a {found.kind} where a document was expected")


async def read_text(redis: "Redis | Pipeline", key: str, errors: str = "strict") -> str | None:
    """The document under `key` as JSON text, whatever its layout; None when there is none."""
    (found,) = await peek(redis, [key], every=True, errors=errors)
    return as_text(found, errors)
