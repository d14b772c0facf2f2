"""The email: text and HTML alternatives, headers, and one thread per group."""

import email
import email.policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from services.alerter.channels.email import email_message, thread_root_for
from services.alerter.domain.alert import Links
from shared.plan.alerting import EmailChannel

from .test_templates import failed, notification

CHANNEL = EmailChannel.model_validate(
    {
        "type": "email",
        "to": ["ops@example.com", "pay@example.com"],
        "from": "Flightdeck <flightdeck@example.com>",
        "smtp": {"host": "mail.example.com"},
    }
)
ROOT = thread_root_for("route-0:environment=production,deployment_id=d-42")
LINKS = Links(deployment="https://fd.example/deployments/d-42")


def parts(message: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}


def test_a_message_has_text_and_html_alternatives() -> None:
    message = email_message(notification([failed()]), LINKS, CHANNEL, ROOT)
    assert message.get_content_type() == "multipart/alternative"
    bodies = parts(message)
    assert list(bodies) == ["text/plain", "text/html"]
    assert "FIRING [CRITICAL] deployment-failed on checkout" in bodies["text/plain"]
    assert "<h2>[CRITICAL] deployment-failed in production" in bodies["text/html"]


def test_headers() -> None:
    message = email_message(notification([failed()]), LINKS, CHANNEL, ROOT)
    assert message["From"] == "Flightdeck <flightdeck@example.com>"
    assert message["To"] == "ops@example.com, pay@example.com"
    assert message["Subject"] == "[CRITICAL] deployment-failed in production: checkout (deployment d-42)"
    assert parsedate_to_datetime(message["Date"]).timestamp() == 1_700_000_000.0
    assert message["X-Flightdeck-Notification-Id"] == "n-1"
    assert message["Auto-Submitted"] == "auto-generated"


def test_the_first_message_starts_the_thread_and_the_others_answer_it() -> None:
    first = email_message(notification([failed()], kind="new"), LINKS, CHANNEL, ROOT)
    assert first["Message-ID"] == ROOT and first["In-Reply-To"] is None and first["References"] is None
    for kind in ("update", "repeat", "escalation"):
        later = email_message(notification([failed()], kind=kind, id=f"n-{kind}"), LINKS, CHANNEL, ROOT)
        assert later["Message-ID"] == f"<n-{kind}@flightdeck>"
        assert later["In-Reply-To"] == ROOT and later["References"] == ROOT


def test_thread_roots_are_stable_per_group() -> None:
    assert ROOT == thread_root_for("route-0:environment=production,deployment_id=d-42")
    assert ROOT != thread_root_for("route-0:environment=staging,deployment_id=d-42")
    assert ROOT.startswith("<group-") and ROOT.endswith("@flightdeck>") and " " not in ROOT


def test_html_escapes_alert_text() -> None:
    sneaky = failed(summary='<script>alert("x")</script>', details={"note": "<b>bold</b>"})
    bodies = parts(email_message(notification([sneaky]), LINKS, CHANNEL, ROOT))
    assert "<script>" not in bodies["text/html"] and "&lt;script&gt;" in bodies["text/html"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in bodies["text/html"]
    assert '<script>alert("x")</script>' in bodies["text/plain"]


def test_channel_templates_and_a_broken_one() -> None:
    channel = CHANNEL.model_copy(
        update={
            "templates": {
                "subject": "Deploy {{ deployment_id }}\nbroke",
                "text": "{{ oops }}",
                "html": "<p>{{ firing[0].summary }}</p>",
            }
        }
    )
    message = email_message(notification([failed(summary="<i>x</i>")]), LINKS, channel, ROOT)
    assert message["Subject"] == "Deploy d-42 broke"  # a header is one line
    bodies = parts(message)
    assert bodies["text/html"].strip() == "<p>&lt;i&gt;x&lt;/i&gt;</p>"
    assert "FIRING [CRITICAL]" in bodies["text/plain"]
    assert "text template failed (UndefinedError)" in bodies["text/plain"]


def test_the_message_survives_the_wire() -> None:
    message = email_message(notification([failed(summary="Ünïcode ✓ summary")]), LINKS, CHANNEL, ROOT)
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    assert parsed["Message-ID"] == ROOT
    assert "Ünïcode ✓ summary" in parts(parsed)["text/plain"]
