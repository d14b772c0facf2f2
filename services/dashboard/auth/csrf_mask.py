"""The session's CSRF token as a page carries it: masked afresh for every response (a random pad, then the token
XORed with it, both in URL-safe base64), so a page's compressed bytes never repeat the secret. Compression
(GZip on the dashboard's responses) next to text a request put in the page is how BREACH reads a secret out of
its length; a token that differs in every response leaves it nothing to guess at. Rails and Django mask theirs so.

A write may send either form: the masked one from a page's <meta name="csrf-token">, or the token itself as
/api/v1/me and the login answer give it (JSON that reflects nothing a request sent)."""

import base64
import binascii
import hmac
import secrets

PREFIX = "m."


def mask(token: str) -> str:
    raw = token.encode()
    pad = secrets.token_bytes(len(raw))
    xored = bytes(a ^ b for a, b in zip(raw, pad, strict=True))
    return PREFIX + base64.urlsafe_b64encode(pad + xored).decode().rstrip("=")


def unmask(sent: str) -> str | None:
    """The token a masked value carries; None when it is not one."""
    if not sent.startswith(PREFIX):
        return None
    body = sent.removeprefix(PREFIX)
    try:
        both = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None
    if not both or len(both) % 2:
        return None
    half = len(both) // 2
    try:
        return bytes(a ^ b for a, b in zip(both[:half], both[half:], strict=True)).decode()
    except UnicodeDecodeError:
        return None


def matches(sent: str, token: str) -> bool:
    """Whether `sent` (the token, or a mask of it) is this session's token; compared in constant time."""
    plain = unmask(sent) if sent.startswith(PREFIX) else sent
    return plain is not None and hmac.compare_digest(plain.encode(), token.encode())
