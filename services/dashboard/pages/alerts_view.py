"""What the Alerts page shows, decided from plain values: each group of active alerts and each alert's line (since
when, acknowledged by whom, muted by which silence), the silences by state, and which buttons the person may use
(acknowledge and silence need the deployer role in the alert's or the silence's environment).
static/js/alert_rows.js words a live row the same way."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from services.dashboard.domain.alert_board import AlertBoard, BoardAlert
from services.dashboard.domain.alerts import SilenceView
from services.dashboard.domain.roles import Action, Allowed, Principal, authorize
from shared.events.alerting import Matcher
from shared.requests.silence import silence_environment

from .views import when


def may(principal: Principal | None, action: Action, environment: str) -> bool:
    return isinstance(authorize(principal, action, environment), Allowed)


def acts_in(principal: Principal | None) -> str:
    """The environments the person may acknowledge and silence in, space-separated ("*": all; "": none)."""
    allowed = isinstance(authorize(principal, "acknowledge"), Allowed)
    return " ".join(principal.environments) if principal is not None and allowed else ""


def group_title(labels: dict[str, str]) -> str:
    shown = [f"{name} {value}" for name, value in labels.items() if value]
    return " · ".join(shown) or "everything else"


def subject(alert: BoardAlert) -> str:
    return alert.service or ", ".join(alert.services) or alert.deployment_id or "—"


def acknowledged_text(alert: BoardAlert) -> str:
    ack = alert.acknowledged
    if ack is None:
        return ""
    said = f": {ack.comment}" if ack.comment else ""
    return f"Acknowledged by {ack.by} at {when(ack.at)}{said}"


def escalated_text(alert: BoardAlert) -> str:
    if alert.escalation_level <= 0:
        return ""
    to = f": {', '.join(alert.escalated_to)}" if alert.escalated_to else ""
    return f"Escalated to level {alert.escalation_level}{to}"


@dataclass(frozen=True)
class AlertRow:
    fingerprint: str
    state: str  # firing, acknowledged, silenced
    severity: str
    name: str
    environment: str
    subject: str
    summary: str
    since_iso: str
    since_text: str
    acknowledged: str
    escalated: str
    silenced: str
    may_ack: bool


def alert_row(alert: BoardAlert, principal: Principal | None) -> AlertRow:
    state = "silenced" if alert.silenced_by else "acknowledged" if alert.acknowledged else "firing"
    return AlertRow(
        fingerprint=alert.fingerprint,
        state=state,
        severity=alert.severity,
        name=alert.name,
        environment=alert.environment,
        subject=subject(alert),
        summary=alert.summary,
        since_iso=alert.starts_at.astimezone(UTC).isoformat(),
        since_text=f"since {when(alert.starts_at)}",
        acknowledged=acknowledged_text(alert),
        escalated=escalated_text(alert),
        silenced=f"Silenced by {alert.silenced_by}" if alert.silenced_by else "",
        may_ack=alert.acknowledged is None and may(principal, "acknowledge", alert.environment),
    )


BLANK_ALERT = AlertRow("", "firing", "", "", "", "", "", "", "", "", "", "", may_ack=True)  # the live row's <template>


@dataclass(frozen=True)
class GroupPart:
    title: str
    severity: str
    rows: list[AlertRow]


def alert_groups(shown: AlertBoard, principal: Principal | None) -> list[GroupPart]:
    return [
        GroupPart(group_title(g.labels), g.severity, [alert_row(a, principal) for a in g.alerts]) for g in shown.groups
    ]


def matcher_text(matcher: Matcher) -> str:
    plain = matcher.value and not any(ch.isspace() or ch == '"' for ch in matcher.value)
    value = matcher.value if plain else '"' + matcher.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{matcher.label}{matcher.op}{value}"


@dataclass(frozen=True)
class SilenceRow:
    id: str
    state: str  # active, pending, expired
    matchers: str
    window: str
    created_by: str
    comment: str
    ended: str
    may_expire: bool


def silence_row(silence: SilenceView, principal: Principal | None, now: datetime) -> SilenceRow:
    state = {"ended": "expired"}.get(silence.state(now), silence.state(now))
    starts = when(silence.starts_at) if silence.starts_at else "—"
    ends = when(silence.ends_at) if silence.ends_at else "—"
    ended = f"Expired by {silence.expired_by} at {when(silence.expired_at)}" if silence.expired_at else ""
    return SilenceRow(
        id=silence.silence_id,
        state=state,
        matchers=" ".join(matcher_text(m) for m in silence.matchers),
        window=f"{starts} to {ends}",
        created_by=silence.created_by,
        comment=silence.comment,
        ended=ended,
        may_expire=state != "expired" and may(principal, "silence", silence_environment(silence.matchers)),
    )


BLANK_SILENCE = SilenceRow("", "", "", "", "", "", "", may_expire=True)


@dataclass(frozen=True)
class SilencePart:
    key: str
    title: str
    empty: str
    rows: list[SilenceRow]


def silence_parts(silences: Sequence[SilenceView], principal: Principal | None, now: datetime) -> list[SilencePart]:
    rows = [silence_row(s, principal, now) for s in silences]
    titled = (
        ("active", "Active", "No silence is muting anything."),
        ("pending", "Pending", "No silence starts later."),
        ("expired", "Expired", "No silence ended in the last week."),
    )
    return [SilencePart(key, title, empty, [r for r in rows if r.state == key]) for key, title, empty in titled]
