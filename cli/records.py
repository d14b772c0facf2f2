"""What the commands read through a Transport besides events and snapshots, as plain values: the alerter's active
alerts, the dead letters, a replay. The Redis transport builds them today; the dashboard's HTTP one will too."""

import json
from dataclasses import dataclass
from typing import Any


def load_record(raw: bytes | str | None) -> dict[str, Any]:
    """A JSON object from a stored value; anything unreadable becomes {} so one bad entry never hides the rest."""
    try:
        data = json.loads(raw) if raw is not None else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class AlertBoard:
    """The alerter's active alerts and their acknowledgements, each by fingerprint (as the alerter keeps them)."""

    alerts: dict[str, dict[str, Any]]
    acks: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class DeadLetter:
    """An entry no handler could take, and why."""

    id: str
    reason: str
    group: str
    source_id: str
    error: str


@dataclass(frozen=True)
class DeadLetters:
    """The oldest dead letters, and where they are kept (named in the listing)."""

    where: str
    letters: list[DeadLetter]


@dataclass(frozen=True)
class Replayed:
    """A dead letter put back on its source stream: which stream, and its new entry id there."""

    source: str
    entry_id: str
