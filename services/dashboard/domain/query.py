"""What a history query asks for, and the cursor that pages through it: plain values, decided without Redis.

The cursor is opaque to clients: the creation time and id of the last deployment of the page, so the next page
starts strictly after it, and deployments that arrive meanwhile (newer, at the top) never shift what follows."""

import base64
import binascii
from datetime import datetime
from typing import Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .views import Status

T = TypeVar("T")
MAX_PAGE = 200


class CursorError(ValueError):
    """A cursor this dashboard did not hand out (or one that was cut)."""


class DeploymentQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    environment: str | None = None
    service: str | None = None
    status: Status | None = None
    who: str | None = Field(None, description="anyone who asked for something in it: requested, approved, ...")
    since: AwareDatetime | None = Field(None, description="created at or after")
    until: AwareDatetime | None = Field(None, description="created before")
    cursor: str | None = Field(None, description="next_cursor of the page before")
    limit: int = Field(50, ge=1, le=MAX_PAGE)

    def filters(self) -> list[tuple[str, str]]:
        """The indexes to intersect, as (field, value)."""
        asked = {"environment": self.environment, "service": self.service, "status": self.status, "who": self.who}
        return [(field, value) for field, value in asked.items() if value]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="pass it as cursor for the next page; null on the last")


def score_of(at: datetime) -> int:
    """A deployment's place in the history: its creation time in ms."""
    return int(at.timestamp() * 1000)


def encode_cursor(score: int, deployment_id: str) -> str:
    return base64.urlsafe_b64encode(f"{score}:{deployment_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        score, _, deployment_id = raw.partition(":")
        if not deployment_id:
            raise ValueError(raw)
        return int(score), deployment_id
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise CursorError(
            f"cursor {cursor[:40]!r} is not one this dashboard gave out: pass next_cursor as it came"
        ) from None


def after_cursor(candidates: list[tuple[str, int]], cursor: tuple[int, str] | None) -> list[tuple[str, int]]:
    """(id, score) newest first, as Redis lists them (equal scores by id, descending), past the cursor."""
    if cursor is None:
        return candidates
    score, last = cursor
    return [(i, s) for i, s in candidates if s < score or (s == score and i < last)]
