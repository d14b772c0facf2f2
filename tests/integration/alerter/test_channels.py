"""Each channel against a real server on 127.0.0.1: what it delivers, when it retries, when it gives up."""

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from services.alerter.channels import send, thread_root_for
from services.alerter.channels.slack import post_slack, slack_payload
from services.alerter.channels.webhook import ID_HEADER, SIGNATURE_HEADER, post_webhook, verify, webhook_body
from services.alerter.domain.alert import Delivered, Final, Links, Retry, SendOutcome
from shared.plan.alerting import EmailChannel, SlackChannel, WebhookChannel
from shared.plan.secrets import resolve_secrets
from tests.support.receivers import Receiver, Reply, receiver, wait_for_requests
from tests.support.smtp import Security, smtp_server
from tests.unit.alerter.test_templates import failed, notification

pytestmark = pytest.mark.integration

SECRET_PATH = "/services/T000/B000/xoxsecrettoken"
PASSWORD = "correct-horse-battery"
NOTE = notification([failed()])
LINKS = Links(deployment="https://fd.example/deployments/d-42")
seen: list[SendOutcome] = []  # the outcomes of the running test, checked for secrets after it


def slack(hook: Receiver) -> SlackChannel:
    channel = SlackChannel.model_validate({"type": "slack", "webhook_url": "${SLACK_URL}", "mention": "<!here>"})
    return resolve_secrets(channel, {"SLACK_URL": hook.url + SECRET_PATH})


def webhook(hook: Receiver, **fields: Any) -> WebhookChannel:
    raw = {"type": "webhook", "url": hook.url + "/hook", "secret": "${HOOK_SECRET}", "timeout": "2s"} | fields
    return resolve_secrets(WebhookChannel.model_validate(raw), {"HOOK_SECRET": "hmac-key"})


def mail(port: int, security: Security, ca_file: str | None = None, login: bool = False) -> EmailChannel:
    smtp: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "security": security,
        "timeout": "5s",
        "ca_file": ca_file,
    }
    if login:
        smtp |= {"username": "alerts", "password": "${SMTP_PASSWORD}"}
    raw = {"type": "email", "to": ["ops@example.com"], "from": "flightdeck@example.com", "smtp": smtp}
    return resolve_secrets(EmailChannel.model_validate(raw), {"SMTP_PASSWORD": PASSWORD})


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as made:
        yield made


async def deliver(channel: SlackChannel | EmailChannel | WebhookChannel, client: httpx.AsyncClient) -> SendOutcome:
    outcome = await send(NOTE, LINKS, channel, client, thread_root=thread_root_for(NOTE.group_key))
    seen.append(outcome)
    return outcome


async def test_slack_accepts(client: httpx.AsyncClient) -> None:
    async with receiver() as hook:
        assert isinstance(await deliver(slack(hook), client), Delivered)
        (request,) = await wait_for_requests(hook, 1)
        assert request.path == SECRET_PATH and request.headers["content-type"] == "application/json"
        assert request.json() == slack_payload(NOTE, LINKS, slack(hook))


async def test_slack_rate_limit_waits_as_told(client: httpx.AsyncClient) -> None:
    async with receiver() as hook:
        hook.respond(Reply(429, "rate_limited", {"Retry-After": "7"}), Reply(429, "rate_limited"))
        assert await deliver(slack(hook), client) == Retry(reason="Slack answered 429: rate_limited", after_s=7.0)
        assert await deliver(slack(hook), client) == Retry(reason="Slack answered 429: rate_limited", after_s=1.0)


async def test_slack_refusal_is_final_and_names_slacks_error(client: httpx.AsyncClient) -> None:
    async with receiver() as hook:
        hook.respond(Reply(400, "invalid_blocks"), Reply(404, f"no_service for {hook.url + SECRET_PATH}"))
        assert await deliver(slack(hook), client) == Final(reason="Slack answered 400: invalid_blocks")
        assert await deliver(slack(hook), client) == Final(reason="Slack answered 404: no_service for <url>")


async def test_slack_outage_and_slowness_are_retried(client: httpx.AsyncClient) -> None:
    async with receiver() as hook:
        hook.respond(Reply(503, "down"), Reply(200, delay_s=3))
        assert await deliver(slack(hook), client) == Retry(reason="Slack answered 503: down")
        slow = await post_slack(client, slack(hook).webhook_url, {"text": "x"}, timeout=0.2)
        seen.append(slow)
        assert isinstance(slow, Retry) and "did not answer in time" in slow.reason


async def test_webhook_receiver_down_then_up(client: httpx.AsyncClient) -> None:
    async with receiver() as hook:
        channel = webhook(hook)
        await hook.stop()
        down = await deliver(channel, client)
        assert isinstance(down, Retry) and down.reason == "could not reach the webhook (ConnectError)"
        await hook.start()
        assert isinstance(await deliver(channel, client), Delivered)
        (request,) = await wait_for_requests(hook, 1)
        assert verify(request.body, request.headers[SIGNATURE_HEADER.lower()], "hmac-key")
        assert not verify(request.body + b" ", request.headers[SIGNATURE_HEADER.lower()], "hmac-key")
        assert request.headers[ID_HEADER.lower()] == NOTE.id
        assert request.headers["user-agent"] == "flightdeck-alerter"
        assert request.json()["id"] == NOTE.id and request.json()["alerts"][0]["summary"] == NOTE.firing[0].summary


async def test_webhook_answers(client: httpx.AsyncClient) -> None:
    async with receiver() as hook:
        channel = webhook(hook, format="alertmanager", secret=None)
        hook.respond(
            Reply(429, headers={"Retry-After": "3"}),
            Reply(503, headers={"Retry-After": "5"}),
            Reply(500, "boom"),
            Reply(422, "bad payload"),
            Reply(204, ""),
        )
        body = webhook_body(NOTE, LINKS, "alertmanager")
        outcomes = [await post_webhook(client, channel, body, notification_id=NOTE.id) for _ in range(5)]
        seen.extend(outcomes)
        assert [type(o).__name__ for o in outcomes] == ["Retry", "Retry", "Retry", "Final", "Delivered"]
        assert [getattr(o, "after_s", None) for o in outcomes[:3]] == [3.0, 5.0, None]
        assert outcomes[3] == Final(reason="the webhook answered 422: bad payload")
        assert SIGNATURE_HEADER.lower() not in hook.received[0].headers
        assert hook.received[0].json()["version"] == "4"


@pytest.mark.parametrize("security", ["none", "starttls", "tls"])
async def test_email_is_delivered(security: Security, client: httpx.AsyncClient) -> None:
    async with smtp_server(security) as box:
        outcome = await deliver(mail(box.port, security, box.ca_file if security != "none" else None), client)
        assert isinstance(outcome, Delivered)
        (message,) = box.messages
        # a long Subject is folded onto its own line, which Python's parser reads back with a leading space
        assert message["Subject"].strip() == "[CRITICAL] deployment-failed in production: checkout (deployment d-42)"
        assert message["Message-ID"] == thread_root_for(NOTE.group_key)
        assert message.get_content_type() == "multipart/alternative"


async def test_email_untrusted_certificate_is_final(client: httpx.AsyncClient) -> None:
    async with smtp_server("tls") as box:
        untrusted = await deliver(mail(box.port, "tls"), client)
    assert isinstance(untrusted, Final) and "certificate we do not trust" in untrusted.reason


async def test_email_login(client: httpx.AsyncClient) -> None:
    async with smtp_server("starttls", users={"alerts": PASSWORD}) as box:
        assert isinstance(await deliver(mail(box.port, "starttls", box.ca_file, login=True), client), Delivered)
        assert box.logins == ["alerts"] and len(box.messages) == 1
    async with smtp_server("starttls", users={"alerts": "another password"}) as box:
        refused = await deliver(mail(box.port, "starttls", box.ca_file, login=True), client)
        assert isinstance(refused, Final) and "refused the login of alerts: 535" in refused.reason
        assert box.logins == [] and box.messages == []


async def test_email_temporary_refusal_then_accepted(client: httpx.AsyncClient) -> None:
    async with smtp_server() as box:
        channel = mail(box.port, "none")
        box.refuse(1, 451, "try later")
        later = await deliver(channel, client)
        assert isinstance(later, Retry) and "451 try later" in later.reason
        assert isinstance(await deliver(channel, client), Delivered)
        assert len(box.messages) == 1


async def test_email_permanent_refusals_are_final(client: httpx.AsyncClient) -> None:
    async with smtp_server() as box:
        channel = mail(box.port, "none")
        box.refuse(1, 550, "no such user", at="rcpt")
        box.refuse(1, 554, "rejected as spam")
        for expected in ("550 no such user", "554 rejected as spam"):
            outcome = await deliver(channel, client)
            assert isinstance(outcome, Final) and expected in outcome.reason
        assert box.messages == []


async def test_email_server_down_is_retried(client: httpx.AsyncClient) -> None:
    async with smtp_server() as box:
        port = box.port
    outcome = await deliver(mail(port, "none"), client)
    assert isinstance(outcome, Retry) and "could not reach the mail server" in outcome.reason


async def test_failures_name_neither_the_url_nor_the_password(client: httpx.AsyncClient) -> None:
    async with receiver() as hook:
        channel = slack(hook)
        hook.respond(Reply(500, f"error at {channel.webhook_url}"), Reply(403, f"{SECRET_PATH} is revoked"))
        for _ in range(2):
            await deliver(channel, client)
        await hook.stop()
        await deliver(channel, client)
    async with smtp_server("tls", users={"alerts": "not it"}) as box:
        await deliver(mail(box.port, "tls", box.ca_file, login=True), client)
    await deliver(mail(box.port, "tls", box.ca_file, login=True), client)  # the server is gone
    assert [outcome.kind for outcome in seen] == ["retry", "final", "retry", "final", "retry"]


@pytest.fixture(autouse=True)
def no_secret_in_any_outcome() -> Iterator[None]:
    """After each test: nothing it saw names the webhook URL (or its token) or the SMTP password."""
    seen.clear()
    yield
    for outcome in seen:
        text = outcome.model_dump_json()
        assert SECRET_PATH not in text and "xoxsecrettoken" not in text and PASSWORD not in text, text
        assert "127.0.0.1:" not in text or "mail server" in text, text  # the SMTP host may be named; URLs never
