"""Default wording, a channel's own templates, and a broken template falling back instead of failing the message."""

from typing import Any

import pytest

from services.alerter.channels.templates import headline, render, utc
from services.alerter.domain.alert import Alert, Links, Notification

from .helpers import alert

LINKS = Links(deployment="https://fd.example/deployments/d-42?tab=1&x=2", acknowledge={})


def failed(**fields: Any) -> Alert:
    values: dict[str, Any] = {
        "severity": "critical",
        "service": "checkout",
        "deployment_id": "d-42",
        "details": {"step": "migrate", "exit_code": "3"},
    }
    return alert("deployment-failed", **(values | fields))


def notification(firing: list[Alert] | None = None, resolved: list[Alert] | None = None, **fields: Any) -> Notification:
    values: dict[str, Any] = {
        "id": "n-1",
        "channel": "ops",
        "group_key": "g-1",
        "group_labels": {},
        "kind": "new",
        "firing": firing or [],
        "resolved": resolved or [],
        "created_at": 1_700_000_000.0,
    }
    return Notification(**(values | fields))


def test_subject_says_what_and_where() -> None:
    subject = render("subject", notification([failed()]), LINKS, {})
    assert subject == "[CRITICAL] deployment-failed in production: checkout (deployment d-42)"


def test_resolved_escalated_and_repeated_subjects() -> None:
    done = failed(status="resolved", ends_at=2000.0)
    assert render("subject", notification(resolved=[done]), LINKS, {}).startswith("[RESOLVED] deployment-failed in")
    escalated = render("subject", notification([failed()], kind="escalation", escalation_level=2), LINKS, {})
    assert escalated.startswith("[ESCALATED level 2] deployment-failed in production")
    repeat = notification([failed()], kind="repeat")
    assert render("subject", repeat, LINKS, {}) == render("subject", notification([failed()]), LINKS, {})


def test_many_alerts_are_counted_in_the_headline() -> None:
    alerts = [alert(f"rule-{i}", service=f"svc-{i}") for i in range(5)]
    assert headline(notification(alerts)) == "[WARNING] 5 alerts in production: svc-0, svc-1, svc-2 and 2 more"


def test_text_holds_each_alert_with_its_facts() -> None:
    text = render("text", notification([failed()], resolved=[alert(status="resolved", ends_at=1060.0)]), LINKS, {})
    for expected in (
        "FIRING [CRITICAL] deployment-failed on checkout",
        "service: checkout",
        "deployment: d-42",
        f"started: {utc(1000.0)}",
        "step: migrate",
        "exit_code: 3",
        "RESOLVED [WARNING]",
        f"ended: {utc(1060.0)}",
        "Deployment: https://fd.example/deployments/d-42?tab=1&x=2",
    ):
        assert expected in text
    assert utc(1000.0) == "1970-01-01T00:16:40Z"


def test_acknowledge_links_only_for_firing_alerts() -> None:
    firing, done = failed(), alert(status="resolved")
    links = Links(acknowledge={firing.fingerprint: "https://fd.example/ack/1", done.fingerprint: "https://x/ack/2"})
    text = render("text", notification([firing], resolved=[done]), links, {})
    assert "acknowledge: https://fd.example/ack/1" in text and "https://x/ack/2" not in text


def test_html_escapes_alert_text_and_text_does_not() -> None:
    sneaky = failed(summary="<script>alert(1)</script> & more")
    html = render("html", notification([sneaky]), LINKS, {})
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert 'href="https://fd.example/deployments/d-42?tab=1&amp;x=2"' in html
    assert "<script>alert(1)</script> & more" in render("text", notification([sneaky]), LINKS, {})


def test_mrkdwn_escapes_values_but_not_the_template() -> None:
    sneaky = failed(summary="<!channel> now")
    text = render("text", notification([sneaky]), LINKS, {"text": "<!here> {{ firing[0].summary }}"}, mrkdwn=True)
    assert text == "<!here> &lt;!channel&gt; now"


def test_a_channel_template_replaces_the_default() -> None:
    overrides = {
        "subject": "{{ severity | upper }}/{{ environment }}/{{ deployment_id }}/{{ firing | length }}",
        "text": "{{ kind }} {{ status }} {{ group_labels.team }} {{ links.deployment }} {{escalation_level}}",
    }
    note = notification([failed()], group_labels={"team": "pay"})
    assert render("subject", note, LINKS, overrides) == "CRITICAL/production/d-42/1"
    assert render("text", note, LINKS, overrides) == f"new firing pay {LINKS.deployment} 0"
    assert render("html", note, LINKS, overrides).startswith("<!doctype html>")  # no html override: the default


@pytest.mark.parametrize(
    "broken",
    [
        "{{ no_such_variable }}",
        "{{ 1 // 0 }}",
        "{{ notification.nothing_here }}",
        "{{ ''.__class__.__mro__ }}",
        "{% for x in range(10) %}{{ x.missing.deeper }}{% endfor %}",
    ],
)
def test_a_failing_template_falls_back_to_the_default_and_says_so(broken: str) -> None:
    note = notification([failed()])
    text = render("text", note, LINKS, {"text": broken})
    assert text.startswith("[CRITICAL] deployment-failed in production")
    assert "The channel's text template failed" in text
    html = render("html", note, LINKS, {"html": broken})
    assert "<h2>[CRITICAL] deployment-failed" in html and "html template failed" in html
    subject = render("subject", note, LINKS, {"subject": broken})
    assert subject.startswith("[CRITICAL] deployment-failed")
    assert subject.endswith("[default template: the channel's failed]")


def test_a_template_that_does_not_parse_falls_back_too() -> None:
    text = render("title", notification([failed()]), LINKS, {"title": "{% if %}"})
    assert text.startswith("[CRITICAL] deployment-failed in production")
