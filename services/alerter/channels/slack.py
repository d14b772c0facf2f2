"""Slack: a Block Kit message within Slack's limits, posted to an incoming webhook."""

import json
from typing import Any

from services.alerter.channels.http import post
from services.alerter.channels.http_client import HttpClient
from services.alerter.channels.templates import escape_mrkdwn, render, utc
from services.alerter.domain.alert import Alert, Links, Notification, SendOutcome
from shared.plan.alerting import SlackChannel

MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION = 3000
MAX_FIELD = 2000
MAX_BUTTONS = 25
MAX_BUTTON_TEXT = 75
MAX_URL = 3000
MAX_ALERTS_TEXT = 12000  # all alert sections together: Slack refuses much longer messages (msg_blocks_too_long)
MAX_FALLBACK = 3000
ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def _alert_text(alert: Alert) -> str:
    lines = [
        f"*{alert.status.upper()}* · *{alert.severity.upper()}* · {escape_mrkdwn(alert.name)}",
        escape_mrkdwn(alert.summary),
    ]
    facts = [f"*Environment:* {escape_mrkdwn(alert.environment)}"]
    if alert.service or alert.services:
        facts.append(f"*Service:* {escape_mrkdwn(alert.service or ', '.join(alert.services))}")
    if alert.deployment_id:
        facts.append(f"*Deployment:* {escape_mrkdwn(alert.deployment_id)}")
    facts.append(f"*Started:* {utc(alert.starts_at)}")
    facts.append(f"*Alert:* `{escape_mrkdwn(alert.fingerprint)}`")
    if alert.ends_at is not None:
        facts.append(f"*Ended:* {utc(alert.ends_at)}")
    lines.append("   ".join(facts))
    lines.extend(f"• {escape_mrkdwn(key)}: {escape_mrkdwn(value)}" for key, value in sorted(alert.details.items()))
    return clip("\n".join(lines), MAX_SECTION)


def _buttons(notification: Notification, links: Links) -> list[dict[str, Any]]:
    buttons: list[dict[str, Any]] = []
    if links.deployment and len(links.deployment) <= MAX_URL:
        buttons.append(
            {
                "type": "button",
                "action_id": "open-deployment",
                "url": links.deployment,
                "text": {"type": "plain_text", "text": "Open deployment"},
            }
        )
    for alert in notification.firing:
        url = links.acknowledge.get(alert.fingerprint)
        if alert.severity != "critical" or not url or len(url) > MAX_URL:
            continue
        label = clip(f"Acknowledge {alert.service or alert.name}", MAX_BUTTON_TEXT)
        buttons.append(
            {
                "type": "button",
                "action_id": f"acknowledge-{alert.fingerprint}",
                "url": url,
                "style": "danger",
                "text": {"type": "plain_text", "text": label},
            }
        )
    return buttons[:MAX_BUTTONS]


def _alert_sections(alerts: list[Alert], room: int) -> list[dict[str, Any]]:
    """As many alerts as fit in `room` blocks and the total text budget; then one section saying how many more."""
    sections: list[dict[str, Any]] = []
    used = 0
    for index, alert in enumerate(alerts):
        text = _alert_text(alert)
        rest = len(alerts) - index
        last_room = len(sections) == room - 1
        if (last_room and rest > 1) or used + len(text) > MAX_ALERTS_TEXT:
            sections.append({"type": "section", "text": _mrkdwn(f"{ELLIPSIS}and {rest} more")})
            return sections
        sections.append({"type": "section", "text": _mrkdwn(text)})
        used += len(text)
    return sections


def mentions(notification: Notification, channel: SlackChannel) -> bool:
    return bool(channel.mention) and any(alert.severity == "critical" for alert in notification.firing)


def slack_payload(notification: Notification, links: Links, channel: SlackChannel) -> dict[str, Any]:
    """The message: header, facts, one section per alert, buttons and context; at most 50 blocks."""
    overrides = channel.templates
    title = " ".join(render("title", notification, links, overrides).split()) or notification.status
    fallback = render("text", notification, links, overrides, mrkdwn=True).strip()
    mention = channel.mention if mentions(notification, channel) else None
    if mention:
        fallback = f"{mention} {fallback}"
    alerts = [*notification.firing, *notification.resolved]
    counts = [
        f"{len(group)} {name}"
        for name, group in (("firing", notification.firing), ("resolved", notification.resolved))
        if group
    ]
    status = f"{notification.status} ({', '.join(counts)})" if len(alerts) > 1 else notification.status
    facts = [
        ("Environment", notification.environment),
        ("Severity", notification.severity),
        ("Deployment", notification.deployment_id or "—"),
        ("Status", status),
    ]
    fields_section: dict[str, Any] = {
        "type": "section",
        "fields": [_mrkdwn(clip(f"*{k}*\n{escape_mrkdwn(v)}", MAX_FIELD)) for k, v in facts],
    }
    if mention:
        fields_section["text"] = _mrkdwn(mention)
    buttons = _buttons(notification, links)
    about = f"{utc(notification.created_at)} · group {notification.group_key} · notification {notification.id}"
    context = {"type": "context", "elements": [_mrkdwn(clip(escape_mrkdwn(about), MAX_SECTION))]}
    fixed = 3 + (1 if buttons else 0)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(title, MAX_HEADER), "emoji": True}},
        fields_section,
        *_alert_sections(alerts, MAX_BLOCKS - fixed),
    ]
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    blocks.append(context)
    return {"text": clip(fallback, MAX_FALLBACK), "blocks": blocks}


async def post_slack(client: HttpClient, url: str, payload: dict[str, Any], timeout: float) -> SendOutcome:  # noqa: ASYNC109
    """2xx delivered; 429 retried after Retry-After (1s without one); 5xx and no answer retried; other 4xx final.

    timeout bounds the whole request, from connecting to the last byte of the answer."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    return await post(
        client,
        "Slack",
        url,
        content=body,
        headers={"Content-Type": "application/json"},
        timeout_s=timeout,
        default_after_s=1.0,
    )
