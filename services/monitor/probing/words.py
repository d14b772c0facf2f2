"""The status words of every health format, and the short texts that travel in events (pure)."""

from .result import Status

MAX_TEXT = 120  # versions and quoted words stay short: they travel in events
RANK: dict[Status, int] = {"pass": 0, "warn": 1, "fail": 2}

# Lower-cased status words of every format: health+json pass/warn/fail (and the ok/up/down/error aliases its draft
# lists), Actuator UP/DOWN/OUT_OF_SERVICE/UNKNOWN, plain healthy/degraded/unhealthy.
WORDS: dict[str, Status] = {
    "pass": "pass",
    "ok": "pass",
    "up": "pass",
    "healthy": "pass",
    "warn": "warn",
    "degraded": "warn",
    "unknown": "warn",  # actuator: no indicator could tell. It serves (Spring answers 200), but we cannot vouch for it
    "fail": "fail",
    "error": "fail",
    "down": "fail",
    "unhealthy": "fail",
    "out_of_service": "fail",
}


def norm(word: str) -> str:
    return word.strip().lower().replace("-", "_").replace(" ", "_")


def cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."
