"""What the inbox's HTTP side keeps of a post, and the one line a terminal shows of it.

The lines follow what the alerter really sends: a Slack message's fallback text starts with the headline
(services/alerter/channels/slack.py); a webhook body is Flightdeck's document or Alertmanager's (webhook.py).
"""

import re
from dataclasses import dataclass
from typing import Any

MAX_SUMMARY = 200
_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


@dataclass(frozen=True)
class Post:
    at: float  # time.time() when it arrived
    kind: str  # "slack" (path under /slack/) or "webhook" (path /hook...)
    path: str  # request path without anything secret: for slack, "/slack" only (the URL path holds the token)
    body: Any  # the parsed JSON body
    summary: str  # one line, see slack_summary and webhook_summary


def one_line(text: str) -> str:
    """The first line that says something, clipped."""
    line = next((" ".join(each.split()) for each in text.splitlines() if each.strip()), "")
    return line if len(line) <= MAX_SUMMARY else line[: MAX_SUMMARY - 1] + "…"


def _unlink(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if label:
        return label
    return "@" + target[1:] if target.startswith("!") else target


def plain(mrkdwn: str) -> str:
    """Slack mrkdwn as a terminal shows it: <!here> as @here, <url|label> as label, &lt; as <."""
    text = _LINK.sub(_unlink, mrkdwn)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _block_text(blocks: Any) -> str:
    """The first header or section that has text: what Slack shows first of a message without a fallback."""
    for block in blocks if isinstance(blocks, list) else []:
        text = block.get("text") if isinstance(block, dict) and block.get("type") in ("header", "section") else None
        inner = text.get("text") if isinstance(text, dict) else None
        if isinstance(inner, str) and inner.strip():
            return inner
    return ""


def slack_summary(body: Any) -> str:
    """The message's fallback `text` (the alerter starts it with the headline), else its first block's text."""
    found = ""
    if isinstance(body, dict):
        text = body.get("text")
        found = text if isinstance(text, str) and text.strip() else _block_text(body.get("blocks"))
    return one_line(plain(found)) or "a Slack message with no text"


def _names(names: list[str]) -> str:
    unique = list(dict.fromkeys(name for name in names if name))
    return ", ".join(unique) if len(unique) <= 3 else f"{len(unique)} alerts"


def _line(status: str, kind: str, names: list[str], about: str, environment: str) -> str:
    tag = f"{status} ({kind})" if kind in ("repeat", "escalation") else status
    what = " ".join(part for part in (_names(names), about) if part) or "no alerts"
    return one_line(f"{tag}: {what}" + (f" ({environment})" if environment else ""))


def _flightdeck(body: dict[str, Any]) -> str:
    alerts = [each for each in body.get("alerts") or [] if isinstance(each, dict)]
    services = list(dict.fromkeys(str(each["service"]) for each in alerts if each.get("service")))
    about = body.get("deployment_id") or ", ".join(services)
    names = [str(each.get("name", "")) for each in alerts]
    return _line(
        str(body.get("status", "?")), str(body.get("kind", "")), names, str(about), str(body.get("environment") or "")
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _alertmanager(body: dict[str, Any]) -> str:
    alerts = [each for each in body.get("alerts") or [] if isinstance(each, dict)]
    labels = [_mapping(each.get("labels")) for each in alerts]
    common = _mapping(body.get("commonLabels"))

    def values(key: str) -> str:
        return ", ".join(dict.fromkeys(str(each[key]) for each in labels if each.get(key)))

    about = common.get("deployment_id") or values("deployment_id") or values("service")
    return _line(
        str(body.get("status", "?")),
        "",
        [str(each.get("alertname", "")) for each in labels],
        str(about),
        values("environment"),
    )


def webhook_summary(body: Any) -> str:
    """Status, alerts and what they are about: "firing: deployment-failed d-3 (staging)"."""
    if not isinstance(body, dict):
        return f"a webhook body that is a JSON {type(body).__name__}, not an object"
    if body.get("version") == 1 and "alerts" in body:
        return _flightdeck(body)
    if "alerts" in body and "groupKey" in body:
        return _alertmanager(body)
    return one_line(f"a webhook body Flightdeck does not send (keys: {', '.join(sorted(map(str, body)))})")
