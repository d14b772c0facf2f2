"""Redis answers bytes (or str, on a client that decodes): one way to read them as text."""

from collections.abc import Mapping


def text(value: bytes | str, errors: str = "strict") -> str:
    """`errors="replace"` where people read what others wrote (a command's output), so one bad byte never hides
    the rest; strict where we wrote it ourselves and a bad byte is a bug worth hearing about."""
    return value.decode(errors=errors) if isinstance(value, bytes) else value


def texts(
    fields: Mapping[bytes, bytes] | Mapping[str, str] | Mapping[bytes | str, bytes | str], errors: str = "strict"
) -> dict[str, str]:
    """A hash or stream entry as str -> str."""
    return {text(name, errors): text(value, errors) for name, value in fields.items()}
