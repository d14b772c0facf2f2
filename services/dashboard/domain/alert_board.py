"""The active alerts as the alerter groups them (one group per value of the plan's alerting.group_by labels, the
labels part of its group key), each alert with the silence muting it now, and which alerts a silence would mute
before it is made. Matching is shared/matching.py's, the alerter's own rule. Pure: `now` is passed in."""

from collections.abc import Sequence
from datetime import datetime

from pydantic import Field

from shared.events.alerting import Matcher
from shared.matching import alert_labels, all_match

from .alerts import SEVERITY_RANK, AlertView, SilenceView, most_severe_first
from .views import View

DEFAULT_GROUP_BY = ("environment", "deployment_id")


class BoardAlert(AlertView):
    silenced_by: str | None = Field(None, description="the active silence muting it now")


class AlertGroup(View):
    labels: dict[str, str] = Field(description="group_by label -> value; empty when the alert has none")
    severity: str = Field(description="the most severe of its alerts")
    alerts: list[BoardAlert]


class AlertBoard(View):
    group_by: list[str]
    groups: list[AlertGroup]


def labels_of(alert: AlertView) -> dict[str, str]:
    return alert_labels(alert.name, alert.severity, alert.environment, alert.service, alert.deployment_id)


def silencing(alert: AlertView, silences: Sequence[SilenceView], now: datetime) -> str | None:
    labels = labels_of(alert)
    for silence in silences:
        if silence.state(now) == "active" and all_match(silence.matchers, labels):
            return silence.silence_id
    return None


def would_mute(matchers: Sequence[Matcher], alerts: Sequence[AlertView]) -> list[AlertView]:
    """The alerts a silence with these matchers mutes while it is active."""
    return [alert for alert in alerts if all_match(matchers, labels_of(alert))]


def board(
    alerts: Sequence[AlertView], silences: Sequence[SilenceView], group_by: Sequence[str], now: datetime
) -> AlertBoard:
    """Groups in the order of their most severe, then newest, alert; alerts in a group likewise."""
    grouped: dict[tuple[tuple[str, str], ...], list[BoardAlert]] = {}
    for alert in most_severe_first(list(alerts)):
        labels = labels_of(alert)
        key = tuple((name, labels.get(name, "")) for name in group_by)
        shown = BoardAlert.model_validate({**alert.model_dump(), "silenced_by": silencing(alert, silences, now)})
        grouped.setdefault(key, []).append(shown)
    groups = [
        AlertGroup(
            labels=dict(key), severity=min((a.severity for a in members), key=SEVERITY_RANK.__getitem__), alerts=members
        )
        for key, members in grouped.items()
    ]
    return AlertBoard(group_by=list(group_by), groups=groups)
