"""Redis answers bytes (or str, on a client that decodes): one way to read them as text."""

from collections.abc import Mapping


def text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def texts(fields: Mapping[bytes, bytes] | Mapping[str, str] | Mapping[bytes | str, bytes | str]) -> dict[str, str]:
    """A hash or stream entry as str -> str."""
    return {text(name): text(value) for name, value in fields.items()}
