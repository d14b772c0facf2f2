"""The Slack message: Block Kit within Slack's limits, a plain-text fallback, mentions and buttons."""

import json
from typing import Any

from services.alerter.channels.slack import MAX_BLOCKS, slack_payload
from services.alerter.domain.alert import Links
from shared.plan.alerting import SlackChannel

from .helpers import alert
from .test_templates import failed, notification

CHANNEL = SlackChannel.model_validate({"type": "slack", "webhook_url": "${SLACK_URL}", "mention": "<!here>"})
LINKS = Links(deployment="https://fd.example/deployments/d-42")


def blocks(payload: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [block for block in payload["blocks"] if block["type"] == kind]


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [element for block in blocks(payload, "actions") for element in block["elements"]]


def test_a_critical_alert_makes_a_full_message() -> None:
    critical = failed()
    links = Links(deployment=LINKS.deployment, acknowledge={critical.fingerprint: "https://fd.example/ack/abc"})
    payload = slack_payload(notification([critical]), links, CHANNEL)
    json.dumps(payload)  # what is posted
    kinds = [block["type"] for block in payload["blocks"]]
    assert kinds == ["header", "section", "section", "actions", "context"]
    assert payload["blocks"][0]["text"] == {
        "type": "plain_text",
        "emoji": True,
        "text": "[CRITICAL] deployment-failed in production: checkout (deployment d-42)",
    }
    fields = [field["text"] for field in payload["blocks"][1]["fields"]]
    assert fields == ["*Environment*\nproduction", "*Severity*\ncritical", "*Deployment*\nd-42", "*Status*\nfiring"]
    section = payload["blocks"][2]["text"]
    assert section["type"] == "mrkdwn" and "deployment-failed on checkout" in section["text"]
    assert "• exit_code: 3" in section["text"] and "*Started:* 1970-01-01T00:16:40Z" in section["text"]
    assert [(b["text"]["text"], b["url"]) for b in buttons(payload)] == [
        ("Open deployment", "https://fd.example/deployments/d-42"),
        ("Acknowledge checkout", "https://fd.example/ack/abc"),
    ]
    context = payload["blocks"][-1]["elements"][0]["text"]
    assert "g-1" in context and "n-1" in context and "2023-11-14T22:13:20Z" in context


def test_fallback_text_is_the_rendered_text_template() -> None:
    payload = slack_payload(notification([alert()]), LINKS, CHANNEL)
    assert payload["text"].startswith("[WARNING] health-degraded in production: api")
    assert "health-degraded on api" in payload["text"]
    custom = CHANNEL.model_copy(update={"templates": {"text": "{{ firing | length }} firing", "title": "T {{ kind }}"}})
    payload = slack_payload(notification([alert()]), LINKS, custom)
    assert payload["text"] == "1 firing" and payload["blocks"][0]["text"]["text"] == "T new"


def test_mention_only_in_front_of_critical_firing_messages() -> None:
    critical = slack_payload(notification([failed()]), LINKS, CHANNEL)
    assert critical["text"].startswith("<!here> [CRITICAL]")
    assert critical["blocks"][1]["text"] == {"type": "mrkdwn", "text": "<!here>"}
    for quiet in (notification([alert()]), notification(resolved=[failed(status="resolved", ends_at=2000.0)])):
        payload = slack_payload(quiet, LINKS, CHANNEL)
        assert "<!here>" not in json.dumps(payload)
    unset = CHANNEL.model_copy(update={"mention": None})
    assert not slack_payload(notification([failed()]), LINKS, unset)["text"].startswith("<")


def test_no_buttons_without_links_and_none_for_warnings() -> None:
    warning = alert()
    links = Links(acknowledge={warning.fingerprint: "https://fd.example/ack/w"})
    payload = slack_payload(notification([warning]), links, CHANNEL)
    assert not blocks(payload, "actions")
    resolved = failed(status="resolved", ends_at=2000.0)
    links = Links(acknowledge={resolved.fingerprint: "https://fd.example/ack/r"})
    assert not buttons(slack_payload(notification(resolved=[resolved]), links, CHANNEL))


def test_alert_text_cannot_mention_or_link() -> None:
    payload = slack_payload(notification([failed(summary="<!channel> <https://evil|click> & co")]), LINKS, CHANNEL)
    section = payload["blocks"][2]["text"]["text"]
    assert "&lt;!channel&gt; &lt;https://evil|click&gt; &amp; co" in section
    assert "<!channel>" not in payload["text"]


def test_long_texts_are_cut_to_slacks_limits() -> None:
    huge = failed(summary="x" * 5000, service="s" * 300, details={f"k{i}": "v" * 100 for i in range(60)})
    payload = slack_payload(notification([huge]), LINKS, CHANNEL)
    header = payload["blocks"][0]["text"]["text"]
    assert len(header) == 150 and header.endswith("…")
    section = payload["blocks"][2]["text"]["text"]
    assert len(section) == 3000 and section.endswith("…")
    assert all(len(field["text"]) <= 2000 for field in payload["blocks"][1]["fields"])
    assert len(payload["text"]) <= 3000


def test_many_alerts_stay_within_fifty_blocks() -> None:
    alerts = [failed(service=f"svc-{i:03}") for i in range(120)]
    links = Links(
        deployment=LINKS.deployment, acknowledge={a.fingerprint: f"https://x/ack/{i}" for i, a in enumerate(alerts)}
    )
    payload = slack_payload(notification(alerts), links, CHANNEL)
    assert len(payload["blocks"]) == MAX_BLOCKS
    sections = [block["text"]["text"] for block in blocks(payload, "section") if "fields" not in block]
    shown = len(sections) - 1
    assert sections[-1] == f"…and {120 - shown} more"
    assert "svc-000" in sections[0] and f"svc-{shown - 1:03}" in sections[shown - 1]
    assert len(buttons(payload)) == 25  # Slack's most per actions block: the deployment and the first 24 acks
    assert len(json.dumps(payload)) < 40_000


def test_exactly_as_many_alerts_as_fit_need_no_more_line() -> None:
    room = MAX_BLOCKS - 3  # header, facts, context; no links so no actions
    payload = slack_payload(notification([alert(service=f"s{i}") for i in range(room)]), Links(), CHANNEL)
    assert len(payload["blocks"]) == MAX_BLOCKS
    assert not any("…and" in json.dumps(block) for block in blocks(payload, "section"))
    payload = slack_payload(notification([alert(service=f"s{i}") for i in range(room + 1)]), Links(), CHANNEL)
    assert len(payload["blocks"]) == MAX_BLOCKS and payload["blocks"][-2]["text"]["text"] == "…and 2 more"


def test_mixed_groups_count_firing_and_resolved() -> None:
    payload = slack_payload(notification([failed()], resolved=[alert(status="resolved", ends_at=1.0)]), LINKS, CHANNEL)
    assert payload["blocks"][1]["fields"][3]["text"] == "*Status*\nfiring (1 firing, 1 resolved)"
    assert "*RESOLVED*" in payload["blocks"][3]["text"]["text"] and "*Ended:*" in payload["blocks"][3]["text"]["text"]
