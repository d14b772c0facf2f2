"""E-mail against a real SMTP server on 127.0.0.1 (plain, STARTTLS, TLS; with a login or not): what it delivers,
when it retries, when it gives up."""

import pytest

from services.alerter.channels import thread_root_for
from services.alerter.channels.http_client import HttpClient
from services.alerter.domain.alert import Delivered, Final, Retry
from tests.support.smtp import Security, smtp_server

from .channel_world import NOTE, PASSWORD, deliver, mail

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("no_secret_in_any_outcome")]


@pytest.mark.parametrize("security", ["none", "starttls", "tls"])
async def test_email_is_delivered(security: Security, http_client: HttpClient) -> None:
    async with smtp_server(security) as box:
        outcome = await deliver(mail(box.port, security, box.ca_file if security != "none" else None), http_client)
        assert isinstance(outcome, Delivered)
        (message,) = box.messages
        # a long Subject is folded onto its own line, which Python's parser reads back with a leading space
        assert message["Subject"].strip() == "[CRITICAL] deployment-failed in production: checkout (deployment d-42)"
        assert message["Message-ID"] == thread_root_for(NOTE.group_key)
        assert message.get_content_type() == "multipart/alternative"


async def test_email_untrusted_certificate_is_final(http_client: HttpClient) -> None:
    async with smtp_server("tls") as box:
        untrusted = await deliver(mail(box.port, "tls"), http_client)
    assert isinstance(untrusted, Final) and "certificate we do not trust" in untrusted.reason


async def test_email_login(http_client: HttpClient) -> None:
    async with smtp_server("starttls", users={"alerts": PASSWORD}) as box:
        assert isinstance(await deliver(mail(box.port, "starttls", box.ca_file, login=True), http_client), Delivered)
        assert box.logins == ["alerts"] and len(box.messages) == 1
    async with smtp_server("starttls", users={"alerts": "another password"}) as box:
        refused = await deliver(mail(box.port, "starttls", box.ca_file, login=True), http_client)
        assert isinstance(refused, Final) and "refused the login of alerts: 535" in refused.reason
        assert box.logins == [] and box.messages == []


async def test_email_temporary_refusal_then_accepted(http_client: HttpClient) -> None:
    async with smtp_server() as box:
        channel = mail(box.port, "none")
        box.refuse(1, 451, "try later")
        later = await deliver(channel, http_client)
        assert isinstance(later, Retry) and "451 try later" in later.reason
        assert isinstance(await deliver(channel, http_client), Delivered)
        assert len(box.messages) == 1


async def test_email_permanent_refusals_are_final(http_client: HttpClient) -> None:
    async with smtp_server() as box:
        channel = mail(box.port, "none")
        box.refuse(1, 550, "no such user", at="rcpt")
        box.refuse(1, 554, "rejected as spam")
        for expected in ("550 no such user", "554 rejected as spam"):
            outcome = await deliver(channel, http_client)
            assert isinstance(outcome, Final) and expected in outcome.reason
        assert box.messages == []


async def test_email_server_down_is_retried(http_client: HttpClient) -> None:
    async with smtp_server() as box:
        port = box.port
    outcome = await deliver(mail(port, "none"), http_client)
    assert isinstance(outcome, Retry) and "could not reach the mail server" in outcome.reason
