"""Human-friendly durations ("500ms", "30s", "5m", "1h", "1h30m") and percentages ("5%"), as pure functions."""

import re

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_WHOLE = re.compile(r"^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$")


class DurationError(ValueError):
    """A value that is not a duration; the message says what was given and what is accepted."""


def parse_duration(value: str | int | float) -> float:
    """Seconds from "500ms", "30s", "5m", "1h", "1h30m" or a bare number of seconds."""
    if isinstance(value, bool):
        raise DurationError(f"{value!r} is not a duration; write it like 500ms, 30s, 5m or 1h")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = value.strip().replace(" ", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            seconds = float(text)
        elif _WHOLE.match(text):
            seconds = sum(float(n) * _UNITS[unit] for n, unit in _PART.findall(text))
        else:
            raise DurationError(f"{value!r} is not a duration; write it like 500ms, 30s, 5m or 1h")
    if seconds < 0:
        raise DurationError(f"{value!r} is negative; a duration must be zero or more")
    return seconds


def format_duration(seconds: float) -> str:
    """The shortest readable form: 0.5 -> "500ms", 90 -> "1m30s", 3600 -> "1h"."""
    if seconds < 1:
        return f"{round(seconds * 1000)}ms"
    parts, rest = [], round(seconds, 3)
    for unit, size in (("h", 3600), ("m", 60)):
        whole = int(rest // size)
        if whole:
            parts.append(f"{whole}{unit}")
            rest -= whole * size
    if rest or not parts:
        parts.append(f"{rest:g}s")
    return "".join(parts)


def parse_percent(value: str | int | float) -> float:
    """A fraction from "5%" (0.05) or a bare number meant as a percentage (5 -> 0.05)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a percentage; write it like 5%")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = value.strip()
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%?", text)
        if not match:
            raise ValueError(f"{value!r} is not a percentage; write it like 5% or 0.5%")
        number = float(match.group(1))
    if not 0 <= number <= 100:
        raise ValueError(f"{value!r} is out of range; a percentage is between 0% and 100%")
    return number / 100
