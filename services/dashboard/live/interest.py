"""What a live client watches, and where its stream starts: decisions, kept apart from the sockets.

A client watches everything, one environment, or one deployment. Events of no environment (a plan applied, a
silence made or ended) concern every environment's view; a deployment's view gets that deployment's events only."""

from dataclasses import dataclass
from typing import Literal

from .frames import LiveEvent, StreamId


@dataclass(frozen=True)
class Interest:
    environment: str | None = None
    deployment: str | None = None

    def wants(self, event: LiveEvent) -> bool:
        if self.deployment is not None:
            return event.deployment_id == self.deployment
        if self.environment is not None:
            return event.environment in (None, self.environment)
        return True

    def describe(self) -> str:
        if self.deployment is not None:
            return f"deployment {self.deployment}"
        return f"environment {self.environment}" if self.environment is not None else "everything"


Start = Literal["live", "replay", "snapshot"]


@dataclass(frozen=True)
class StreamState:
    """What Redis says of the stream, as far as where a client starts depends on it."""

    first_kept: StreamId | None  # the first entry still there; None: the stream is empty
    removed: bool  # entries were ever trimmed or deleted (XINFO STREAM: entries-added > length)
    last_deleted: StreamId | None = None  # max-deleted-entry-id (XDEL only, not trimming); None where not said


def start_of(last_seen: StreamId | None, seen_kept: bool, stream: StreamState) -> Start:
    """How a client's stream begins.

    - live: it saw nothing before (no last id): events from now on.
    - replay: every event after its last id is still on the stream: those, then live, without a gap.
    - snapshot: something after its last id may be gone: the read model as it stands first, since the missed
      events cannot be sent.

    Trimming removes the oldest entries, so while the entry the client saw last (`seen_kept`) is still there, all
    after it are, unless one was deleted by id after it. When it is gone too and the stream now starts after it,
    what lay between may have been trimmed: a snapshot then (one too many at worst, never an event too few)."""
    if last_seen is None:
        return "live"
    if stream.last_deleted is not None and stream.last_deleted > last_seen:
        return "snapshot"
    if seen_kept or not stream.removed:
        return "replay"
    if stream.first_kept is None or last_seen < stream.first_kept:
        return "snapshot"
    return "replay"
