"""Passwords as argon2id hashes (argon2-cffi's defaults, RFC 9106's second recommendation). An unknown user costs
the same verification as a known one, so the time of an answer does not tell which names exist."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("flightdeck: no such user")
MIN_LENGTH = 12


class PasswordError(ValueError):
    """A password that cannot be set; the message says why."""


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"a password needs at least {MIN_LENGTH} characters (a passphrase of a few words is best)")
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; for an unknown user (None) a dummy hash is checked, and False returned."""
    try:
        _HASHER.verify(stored_hash or _DUMMY, password)  # True or raises
    except (VerificationError, InvalidHashError):
        return False
    return stored_hash is not None
