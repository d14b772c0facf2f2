"""Pure text work for `flightdeck alerts` and `flightdeck silence`: matchers, time windows, tables. No I/O."""

import json
import re
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

from pydantic import ValidationError

from shared.events import Matcher
from shared.events.alerting import SilenceCreatedPayload
from shared.events.catalog import describe

LABELS: tuple[str, ...] = get_args(Matcher.model_fields["label"].annotation)
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
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
        return Matcher(label=label, op=op, value=value)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise UsageError(f"--match {text!r}: {describe(exc)}") from None


def new_silence_id() -> str:
    """Short and url-safe; the `s-` start keeps it from looking like an option (`-x...`) on a command line."""
    return "s-" + "".join(c for c in secrets.token_urlsafe(8) if c.isalnum() or c in "_-")


def render_matchers(matchers: Sequence[Matcher]) -> str:
    """`environment="production" service=~"api|web"`, the way Alertmanager writes them."""
    return " ".join(f"{m.label}{m.op}{json.dumps(m.value, ensure_ascii=False)}" for m in matchers)


def parse_time(text: str, option: str) -> datetime:
    """An ISO 8601 moment with a time zone (2026-01-31T12:00:00Z or +01:00), in UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not an ISO 8601 time; write it like 2026-01-31T12:00:00Z") from None
    if moment.tzinfo is None:
        raise UsageError(f"{option} {text!r} has no time zone; add one, like 2026-01-31T12:00:00Z or +01:00")
    return moment.astimezone(UTC)


def window(
    now: datetime, duration_s: float | None, until: datetime | None, starts: datetime | None
) -> tuple[datetime, datetime]:
    """(starts_at, ends_at) of a silence: from --starts (default now) for --for, or until --until."""
    starts_at = starts or now
    ends_at = until if until is not None else starts_at + timedelta(seconds=duration_s or 0)
    passed = UsageError(f"the silence would end at {stamp(ends_at)}, which has passed; give a later --until")
    if until is not None and until <= now:
        raise passed
    if ends_at <= starts_at:
        raise UsageError(
            f"the silence would end ({stamp(ends_at)}) before it starts ({stamp(starts_at)}); "
            "give a positive --for or a later --until"
        )
    if ends_at <= now:
        raise passed
    return starts_at, ends_at


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def span(seconds: float) -> str:
    """Coarse and short: 42s, 5m, 3h, 3h20m, 2d, 2d4h."""
    total = int(max(0.0, seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d" + (f"{hours}h" if hours else "")
    if hours:
        return f"{hours}h" + (f"{minutes}m" if minutes else "")
    return f"{minutes}m" if minutes else f"{secs}s"


def relative(then: float, now: float) -> str:
    """Like "5m ago" for a moment past, "in 2h" for one to come."""
    if abs(now - then) < 1:
        return "just now"
    return f"{span(now - then)} ago" if then < now else f"in {span(then - now)}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns, two spaces apart; the last column is not padded."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]
    return "\n".join(lines)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def sorted_alerts(alerts: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, Mapping[str, Any]]]:
    """Most severe first, then oldest first."""

    def key(item: tuple[str, Mapping[str, Any]]) -> tuple[int, float, str]:
        record = item[1]
        return (SEVERITY_ORDER.get(str(record.get("severity")), 3), _number(record.get("starts_at")) or 0.0, item[0])

    return sorted(alerts.items(), key=key)


def _subject(record: Mapping[str, Any]) -> str:
    service = record.get("service") or ", ".join(str(s) for s in record.get("services") or [])
    parts = [str(part) for part in (service, record.get("deployment_id")) if part]
    return " / ".join(parts) or "-"


def alerts_table(alerts: Mapping[str, Mapping[str, Any]], acks: Mapping[str, Mapping[str, Any]], now: float) -> str:
    if not alerts:
        return "no active alerts"
    rows = []
    for fingerprint, record in sorted_alerts(alerts):
        started = _number(record.get("starts_at"))
        ack = acks.get(fingerprint) or {}
        acked_at = _number(ack.get("at"))
        acked = str(ack.get("by") or "") + (f" ({relative(acked_at, now)})" if ack.get("by") and acked_at else "")
        rows.append(
            [
                fingerprint,
                str(record.get("severity") or "?"),
                str(record.get("environment") or "?"),
                _subject(record),
                str(record.get("summary") or ""),
                relative(started, now) if started is not None else "?",
                acked or "-",
            ]
        )
    headers = ["FINGERPRINT", "SEVERITY", "ENVIRONMENT", "SERVICE/DEPLOYMENT", "SUMMARY", "SINCE", "ACKED BY"]
    return f"{table(headers, rows)}\n{len(rows)} active alert(s)"


def alerts_json(alerts: Mapping[str, Mapping[str, Any]], acks: Mapping[str, Mapping[str, Any]]) -> list[Any]:
    return [{**record, "fingerprint": fp, "acknowledged": acks.get(fp)} for fp, record in sorted_alerts(alerts)]


def current_silences(silences: Sequence[SilenceCreatedPayload], now: datetime) -> list[SilenceCreatedPayload]:
    """Active and pending silences (ends_at still to come), soonest start first."""
    return sorted((s for s in silences if s.ends_at > now), key=lambda s: (s.starts_at, s.silence_id))


def silences_table(silences: Sequence[SilenceCreatedPayload], now: datetime) -> str:
    current = current_silences(silences, now)
    if not current:
        return "no active or pending silences"
    at = now.timestamp()
    rows = [
        [
            s.silence_id,
            "active" if s.starts_at <= now else "pending",
            render_matchers(s.matchers),
            relative(s.starts_at.timestamp(), at),
            relative(s.ends_at.timestamp(), at),
            s.created_by,
            s.comment,
        ]
        for s in current
    ]
    headers = ["ID", "STATE", "MATCHERS", "STARTS", "ENDS", "BY", "COMMENT"]
    return f"{table(headers, rows)}\n{len(rows)} silence(s)"


def silences_json(silences: Sequence[SilenceCreatedPayload], now: datetime) -> list[Any]:
    return [
        {**s.model_dump(mode="json"), "state": "active" if s.starts_at <= now else "pending"}
        for s in current_silences(silences, now)
    ]
