"""What the services keep, decoded for the commands from the values shared/reads gives (read over Redis, or sent
by the dashboard's API, which sends those same values): both transports decode here, so they say the same."""

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from shared.events.catalog import describe

from .listening import Readers
from .records import AlertBoard, DeadLetter, Replayed
from .transport import TransportError

Snapshot = TypeVar("Snapshot", bound=BaseModel)


def snapshot(model: type[Snapshot], raw: str | dict[str, Any] | None, what: str) -> Snapshot | None:
    """The coordinator's JSON as its model; one this CLI cannot read (another version's) says so, in a line."""
    if not raw:
        return None
    try:
        return model.model_validate_json(raw if isinstance(raw, str) else json.dumps(raw))
    except ValidationError as error:
        raise TransportError(
            f"the coordinator's snapshot of {what} does not read as this CLI's ({describe(error)}): "
            "use the CLI of the coordinator's version"
        ) from None


def readers(found: dict[str, Any]) -> Readers:
    if not found.get("exists"):
        return Readers(exists=False)
    return Readers(True, str(found["last_delivered"]), tuple(float(idle) for idle in found["idle_s"]))


def board(found: dict[str, Any]) -> AlertBoard:
    return AlertBoard(alerts=dict(found["alerts"]), acks=dict(found["acks"]))


def letters(found: list[dict[str, str]]) -> list[DeadLetter]:
    return [DeadLetter(row["id"], row["reason"], row["group"], row["source_id"], row["error"]) for row in found]


def replayed(found: dict[str, str] | None) -> Replayed | None:
    return Replayed(found["source"], found["entry_id"]) if found is not None else None
