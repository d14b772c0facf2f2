"""A silence asked for: its matchers and its window, checked the same way at every door (the CLI's options, the
dashboard's fields). Times are aware and compared in UTC."""

import re
import secrets
from datetime import UTC, datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.durations import DurationError, parse_duration
from shared.events import Matcher, SilenceCreated
from shared.events.alerting import SilenceCreatedPayload

from .errors import RequestError

EVERY_ENVIRONMENT = "*"


class SilenceInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    matchers: list[Matcher] = Field(min_length=1, description="all must match an alert for it to be silenced")
    starts_at: AwareDatetime | None = Field(None, description="default: now")
    ends_at: AwareDatetime | None = Field(None, description="or `duration`")
    duration: str | None = Field(None, description="how long from starts_at, like 2h or 30m")
    comment: str = Field("", max_length=2000)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_silence_id() -> str:
    """Short and url-safe; the `s-` start keeps it from looking like an option (`-x...`) on a command line."""
    return "s-" + "".join(c for c in secrets.token_urlsafe(8) if c.isalnum() or c in "_-")


def silence_window(
    now: datetime, duration_s: float | None, until: datetime | None, starts: datetime | None
) -> tuple[datetime, datetime]:
    """(starts_at, ends_at): from `starts` (default now) for `duration_s`, or until `until`; RequestError naming
    ends_at or duration when the window is empty or over."""
    starts_at = starts or now
    ends_at = until if until is not None else starts_at + timedelta(seconds=duration_s or 0)
    field = "ends_at" if until is not None else "duration"
    if until is not None and until <= now:
        raise RequestError(field, f"the silence would end at {stamp(ends_at)}, which has passed: end it later")
    if ends_at <= starts_at:
        raise RequestError(
            field, f"the silence would end ({stamp(ends_at)}) before it starts ({stamp(starts_at)}): make it longer"
        )
    if ends_at <= now:
        raise RequestError(field, f"the silence would end at {stamp(ends_at)}, which has passed: end it later")
    return starts_at, ends_at


def check_matchers(matchers: list[Matcher]) -> None:
    for index, matcher in enumerate(matchers):
        if matcher.op in ("=~", "!~"):
            try:
                re.compile(matcher.value)
            except re.error as error:
                raise RequestError(
                    f"matchers[{index}]", f"the regex {matcher.value!r} does not compile: {error}"
                ) from None


def silence_environment(matchers: list[Matcher]) -> str:
    """The one environment a silence is held to (an `environment=X` matcher), else every environment ("*")."""
    named = [m.value for m in matchers if m.label == "environment" and m.op == "="]
    return named[0] if named else EVERY_ENVIRONMENT


def silence_request(asked: SilenceInput, by: str, now: datetime) -> SilenceCreated:
    check_matchers(asked.matchers)
    if asked.duration is not None and asked.ends_at is not None:
        raise RequestError("duration", "give duration or ends_at, not both")
    if asked.duration is None and asked.ends_at is None:
        raise RequestError("duration", "say how long: duration (like 2h) or ends_at")
    try:
        duration = parse_duration(asked.duration) if asked.duration is not None else None
    except DurationError as error:
        raise RequestError("duration", str(error)) from None
    starts_at, ends_at = silence_window(now, duration, asked.ends_at, asked.starts_at)
    payload = SilenceCreatedPayload(
        silence_id=new_silence_id(),
        matchers=list(asked.matchers),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=by,
        comment=asked.comment,
    )
    return SilenceCreated(payload=payload)
