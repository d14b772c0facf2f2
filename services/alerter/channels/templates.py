"""Message text: a channel's own Jinja templates when it has them, else the defaults (default_templates.py), and never
a crash."""

import logging
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from services.alerter.channels.default_templates import DEFAULTS
from services.alerter.domain.alert import Links, Notification

Part = Literal["title", "text", "subject", "html"]
log = logging.getLogger("flightdeck.alerter.channels")


def utc(timestamp: float | None) -> str:
    """A Unix time as UTC ISO 8601, like 2024-05-01T12:00:00Z."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def escape_mrkdwn(text: str) -> str:
    """Slack's three control characters; a value can then neither link nor mention (<!channel>)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def headline(notification: Notification) -> str:
    """What and where in one line: [CRITICAL] deployment-failed in production: checkout (deployment d-42)."""
    alerts = notification.firing or notification.resolved
    if notification.kind == "escalation":
        prefix = f"[ESCALATED level {notification.escalation_level}]"
    elif not notification.firing:
        prefix = "[RESOLVED]"
    else:
        prefix = f"[{notification.severity.upper()}]"
    names = list(dict.fromkeys(alert.name for alert in alerts))
    what = ", ".join(names) if len(names) <= 3 else f"{len(alerts)} alerts"
    where = f" in {notification.environment}" if notification.environment else ""
    subjects = list(dict.fromkeys(s for a in alerts for s in ([a.service] if a.service else a.services)))
    about = ""
    if subjects:
        about = ": " + ", ".join(subjects[:3]) + (f" and {len(subjects) - 3} more" if len(subjects) > 3 else "")
    deployment = f" (deployment {notification.deployment_id})" if notification.deployment_id else ""
    return f"{prefix} {what}{where}{about}{deployment}"


def context(notification: Notification, links: Links) -> dict[str, Any]:
    """What every template can use."""
    return {
        "notification": notification,
        "firing": list(notification.firing),
        "resolved": list(notification.resolved),
        "status": notification.status,
        "severity": notification.severity,
        "environment": notification.environment,
        "deployment_id": notification.deployment_id,
        "group_labels": dict(notification.group_labels),
        "links": links,
        "kind": notification.kind,
        "escalation_level": notification.escalation_level,
        "headline": headline(notification),
    }


def _environment(html: bool, mrkdwn: bool) -> SandboxedEnvironment:
    finalize = (lambda value: escape_mrkdwn(str(value))) if mrkdwn else None
    env = SandboxedEnvironment(
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    env.filters["utc"] = utc
    return env


_ENVIRONMENTS = {(html, mrkdwn): _environment(html, mrkdwn) for html in (False, True) for mrkdwn in (False, True)}


@lru_cache(maxsize=256)
def _compiled(source: str, html: bool, mrkdwn: bool) -> Template:
    return _ENVIRONMENTS[(html, mrkdwn)].from_string(source)


def _note(part: str, error: str) -> str:
    if part == "html":
        return f"\n<p><em>(The channel's html template failed ({error}); this is the default message.)</em></p>\n"
    if part == "text":
        return f"\n(The channel's text template failed ({error}); this is the default message.)\n"
    return " [default template: the channel's failed]"


def render(
    part: Part, notification: Notification, links: Links, overrides: dict[str, str], *, mrkdwn: bool = False
) -> str:
    """One part of a message: the channel's template when it has one, else the default.

    A channel's template that fails (a syntax error, an unknown variable, a sandbox refusal) gives the default
    instead, with a note saying so. mrkdwn=True escapes Slack's control characters in every value.
    """
    html = part == "html"
    values = context(notification, links)
    source = overrides.get(part)
    if source is not None:
        try:
            return _compiled(source, html, mrkdwn).render(values)
        except Exception as exc:  # a team's template must never stop the message
            error = type(exc).__name__
            log.warning("template %r of channel %s failed (%s); using the default", part, notification.channel, error)
            return _compiled(DEFAULTS[part], html, mrkdwn).render(values).rstrip("\n") + _note(part, error)
    return _compiled(DEFAULTS[part], html, mrkdwn).render(values)
