"""What `flightdeck alerts` and `flightdeck silence` print (pure): times in words, matchers as Alertmanager writes
them, the alerts and silences tables and their JSON. No I/O."""

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from shared.events import Matcher
from shared.events.alerting import SilenceCreatedPayload

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def render_matchers(matchers: Sequence[Matcher]) -> str:
    """`environment="production" service=~"api|web"`, the way Alertmanager writes them."""
    return " ".join(f"{m.label}{m.op}{json.dumps(m.value, ensure_ascii=False)}" for m in matchers)


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
