"""The demo's inbox against what the alerter really sends by email: its email channel's own code, with and without
a login; and a mail that has only HTML, read without its tags."""

from email.message import EmailMessage
from typing import Any

import aiosmtplib
import pytest

from cli.demo.inbox import Inbox
from services.alerter.channels import email_message, send_email
from services.alerter.channels.templates import render
from services.alerter.domain.alert import Delivered
from shared.plan.alerting import EmailChannel
from shared.plan.secrets import resolve_secrets
from tests.integration.demo.inbox_support import HEADLINE, LINKS, NOTE, inbox_fixture, lines  # noqa: F401 (a fixture)

pytestmark = pytest.mark.integration


def mail_channel(port: int, login: bool = False) -> EmailChannel:
    smtp: dict[str, Any] = {"host": "127.0.0.1", "port": port, "security": "none", "timeout": "5s"}
    if login:
        smtp |= {"username": "alerts", "password": "${SMTP_PASSWORD}"}
    raw = {
        "type": "email",
        "to": ["ops@example.com", "dev@example.com"],
        "from": "flightdeck@example.com",
        "smtp": smtp,
    }
    return resolve_secrets(EmailChannel.model_validate(raw), {"SMTP_PASSWORD": "any-password"})


@pytest.mark.parametrize("login", [False, True])
async def test_the_alerters_email_arrives_as_its_text(inbox: Inbox, login: bool) -> None:
    channel = mail_channel(inbox.smtp_port, login)
    outcome = await send_email(email_message(NOTE, LINKS, channel, "<group-1@flightdeck>"), channel.smtp)
    assert isinstance(outcome, Delivered)
    assert await inbox.wait_for(mails=1, posts=0, within=5)
    (mail,) = inbox.mails
    assert (mail.sender, mail.to, mail.subject) == (
        "flightdeck@example.com",
        ["ops@example.com", "dev@example.com"],
        HEADLINE,
    )
    assert mail.text == render("text", NOTE, LINKS, {}).rstrip() and "\r" not in mail.text
    assert "FIRING [CRITICAL] checkout failed to deploy" in mail.text and "<h2>" not in mail.text
    (kept,) = lines(inbox.folder / "mails.jsonl")
    assert kept == {"at": mail.at, "sender": mail.sender, "to": mail.to, "subject": HEADLINE, "text": mail.text}


async def test_an_html_only_mail_is_read_without_its_tags(inbox: Inbox) -> None:
    message = EmailMessage()
    message["From"] = "a@example.com"
    message["To"] = "b@example.com"
    message["Subject"] = "Only HTML"
    message.set_content(
        "<html><head><style>p {color: red}</style></head><body><h2>Rolled back</h2>"
        "<p>checkout &amp; cart</p><table><tr><th>Step</th><td>migrate</td></tr></table></body></html>",
        subtype="html",
    )
    await aiosmtplib.send(message, hostname="127.0.0.1", port=inbox.smtp_port, timeout=5)
    assert await inbox.wait_for(1, 0, within=5)
    assert inbox.mails[0].text == "Rolled back\ncheckout & cart\nStep migrate"
    assert inbox.mails[0].to == ["b@example.com"]
