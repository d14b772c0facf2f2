"""What a person types for a silence, read (pure): matchers, times with a zone, the window they make, and the
silence's id. A mistake is a UsageError that names it and says how to write it."""

import re
from datetime import UTC, datetime
from typing import get_args

from pydantic import ValidationError

from shared.events import Matcher
from shared.events.catalog import describe
from shared.requests import RequestError
from shared.requests.silence import silence_window

LABELS: tuple[str, ...] = get_args(Matcher.model_fields["label"].annotation)
_MATCHER = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)(.*)$", re.DOTALL)
FORMS = "LABEL=VALUE, LABEL!=VALUE, LABEL=~REGEX or LABEL!~REGEX"


class UsageError(ValueError):
    """Something the person typed is wrong; the message names it and says how to write it."""


def parse_matcher(text: str) -> Matcher:
    """`environment=production`, `service=~"api|web"`: one matcher; surrounding double quotes are dropped."""
    found = _MATCHER.match(text)
    if not found:
        raise UsageError(f"--match {text!r}: write it like {FORMS} (for example environment=production)")
    label, op, value = found.group(1), found.group(2), found.group(3).strip()
    if label not in LABELS:
        raise UsageError(f"--match {text!r}: unknown label {label!r}; use one of {', '.join(LABELS)}")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if op in ("=~", "!~"):
        try:
            re.compile(value)
        except re.error as exc:
            raise UsageError(f"--match {text!r}: the regex {value!r} does not compile: {exc}") from None
    try:
        return Matcher.model_validate({"label": label, "op": op, "value": value})
    except ValidationError as exc:
        raise UsageError(f"--match {text!r}: {describe(exc)}") from None


def parse_time(text: str, option: str) -> datetime:
    """An ISO 8601 moment with a time zone (2026-01-31T12:00:00Z or +01:00), in UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not an ISO 8601 time; write it like 2026-01-31T12:00:00Z") from None
    if moment.tzinfo is None:
        raise UsageError(f"{option} {text!r} has no time zone; add one, like 2026-01-31T12:00:00Z or +01:00")
    return moment.astimezone(UTC)


_OPTIONS = {"ends_at": "--until", "duration": "--for"}


def window(
    now: datetime, duration_s: float | None, until: datetime | None, starts: datetime | None
) -> tuple[datetime, datetime]:
    """(starts_at, ends_at) of a silence: from --starts (default now) for --for, or until --until (the rules are
    shared/requests/silence.py's, named here by the option)."""
    try:
        return silence_window(now, duration_s, until, starts)
    except RequestError as error:
        raise UsageError(f"{_OPTIONS.get(error.field, error.field)}: {error.message}") from None
