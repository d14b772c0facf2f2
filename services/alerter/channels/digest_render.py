"""A scheduled digest as each channel says it: an email's subject, text and HTML (every value escaped), a Slack
Block Kit message (mrkdwn escaped, within Slack's limits), and a webhook's JSON document."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, StrictUndefined

from services.alerter.domain.alert import Links, Notification
from shared.events.digests import DigestReadyPayload

from .templates import escape_mrkdwn, utc

HTML = Environment(autoescape=True, undefined=StrictUndefined).from_string(
    """<!doctype html>
<html lang="en"><body style="font-family: system-ui, sans-serif; color: #111827">
<h1 style="font-size: 18px">{{ title }}</h1>
<p>{{ counts }}</p>
<table style="border-collapse: collapse" cellpadding="4">
<thead><tr><th align="left">DORA metric</th><th align="left">Value</th><th align="left">Level</th></tr></thead>
<tbody>{% for f in d.figures %}
<tr><td>{{ f.name }}</td><td>{{ f.text }}</td><td>{{ f.level or "—" }}</td></tr>{% endfor %}
</tbody></table>
{% if d.rollback_causes %}<h2 style="font-size: 16px">Rollbacks, by what asked for them</h2>
<ul>{% for c in d.rollback_causes %}<li>{{ c.cause }}: {{ c.count }}</li>{% endfor %}</ul>{% endif %}
<h2 style="font-size: 16px">Uptime</h2>
{% if uptime %}<ul>{% for line in uptime %}<li>{{ line }}</li>{% endfor %}</ul>
{% else %}<p>No health was observed.</p>{% endif %}
{% if link %}<p><a href="{{ link }}">Open the period on the dashboard</a></p>{% endif %}
</body></html>
"""
)


def _day(at: datetime, zone: str) -> str:
    return at.astimezone(ZoneInfo(zone)).strftime("%a %d %b %Y %H:%M")


def title(d: DigestReadyPayload, environment: str) -> str:
    period = f"{_day(d.period_start, d.timezone)} to {_day(d.period_end, d.timezone)} ({d.timezone})"
    return f"Flightdeck {d.every} digest for {environment}: {period}"


def counts(d: DigestReadyPayload) -> str:
    said = f"{d.deployments} deployments ended: {d.succeeded} succeeded, {d.failed} failed"
    return f"{said}, {d.rollbacks} rolled back." if d.rollbacks != 1 else f"{said}, 1 rolled back."


def uptime_lines(d: DigestReadyPayload) -> list[str]:
    lines = []
    for row in d.uptime:
        up = "not observed" if row.uptime is None else f"{row.uptime * 100:.2f}%"
        down = f", down {row.down_s:.0f} s" if row.down_s else ""
        lines.append(f"{row.service}: {up}{down}")
    return lines


def subject(notification: Notification) -> str:
    d = notification.digest
    assert d is not None
    return f"{title(d, notification.environment)}: {d.deployments} deployments, {d.failed} failed"


def text(notification: Notification, links: Links) -> str:
    d = notification.digest
    assert d is not None
    lines = [title(d, notification.environment), "", counts(d), "", "DORA metrics:"]
    lines += [f"  {f.name}: {f.text}" + (f" ({f.level})" if f.level else "") for f in d.figures]
    if d.rollback_causes:
        lines += ["", "Rollbacks, by what asked for them:"]
        lines += [f"  {c.cause}: {c.count}" for c in d.rollback_causes]
    lines += ["", "Uptime:", *(f"  {line}" for line in uptime_lines(d) or ["no health was observed"])]
    if links.analytics:
        lines += ["", f"Open the period on the dashboard: {links.analytics}"]
    return "\n".join(lines) + "\n"


def html(notification: Notification, links: Links) -> str:
    d = notification.digest
    assert d is not None
    return HTML.render(
        d=d, title=title(d, notification.environment), counts=counts(d), uptime=uptime_lines(d), link=links.analytics
    )


def slack_digest(notification: Notification, links: Links) -> dict[str, Any]:
    """Header, the counts, the four figures as fields, rollbacks and uptime, and a button to the period."""
    d = notification.digest
    assert d is not None
    heading = title(d, notification.environment)
    figures = [
        {"type": "mrkdwn", "text": f"*{escape_mrkdwn(f.name)}*\n{escape_mrkdwn(f.text)} · {f.level or '—'}"}
        for f in d.figures
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": heading[:150], "emoji": False}},
        {"type": "section", "text": {"type": "mrkdwn", "text": escape_mrkdwn(counts(d))}, "fields": figures},
    ]
    rest = [f"• {c.cause}: {c.count}" for c in d.rollback_causes]
    rest = (["*Rollbacks*", *rest] if rest else []) + ["*Uptime*", *(f"• {u}" for u in uptime_lines(d) or ["—"])]
    blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": escape_mrkdwn("\n".join(rest))[:3000]}})
    if links.analytics and len(links.analytics) <= 3000:
        button = {"type": "button", "text": {"type": "plain_text", "text": "Open on the dashboard"}}
        blocks.append({"type": "actions", "elements": [{**button, "url": links.analytics}]})
    about = f"{utc(notification.created_at)} · notification {notification.id}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape_mrkdwn(about)}]})
    return {"text": f"{heading}: {counts(d)}", "blocks": blocks}


def webhook_digest(notification: Notification, links: Links, sent_at: float) -> dict[str, Any]:
    d = notification.digest
    assert d is not None
    return {
        "version": "1",
        "type": "digest",
        "notification_id": notification.id,
        "environment": notification.environment,
        "sent_at": utc(sent_at),
        "link": links.analytics,
        "digest": d.model_dump(mode="json"),
    }
