"""The demo's inbox against what the alerter really sends: its email, Slack and webhook channels' own code."""

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
import httpx
import pytest

from cli.demo.inbox import Inbox
from services.alerter.channels import email_message, post_slack, post_webhook, send_email, slack_payload, webhook_body
from services.alerter.channels.templates import render
from services.alerter.domain.alert import Alert, Delivered, Links, Notification
from shared.plan.alerting import EmailChannel, SlackChannel, WebhookChannel
from shared.plan.secrets import resolve_secrets

pytestmark = pytest.mark.integration

FAILED = Alert(
    fingerprint="3f2a9c1d7e8b4a60",
    name="deployment-failed",
    severity="critical",
    environment="staging",
    service="checkout",
    deployment_id="d-3",
    summary="checkout failed to deploy: migrate exited with 3",
    details={"step": "migrate", "exit_code": "3"},
    starts_at=1_700_000_000.0,
    event_id="e-1",
)
NOTE = Notification(
    id="n-1",
    channel="ops",
    group_key="g-1",
    group_labels={"deployment_id": "d-3"},
    kind="new",
    firing=[FAILED],
    created_at=1_700_000_030.0,
)
LINKS = Links(deployment="http://127.0.0.1:8704/deployments/d-3")
HEADLINE = "[CRITICAL] deployment-failed in staging: checkout (deployment d-3)"


@pytest.fixture
async def inbox(tmp_path: Path) -> AsyncIterator[Inbox]:
    made = Inbox(tmp_path / "inbox")
    await made.start()
    yield made  # stopped even when the test fails
    await made.stop()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as made:
        yield made


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


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


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
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Only HTML"
    message.set_content(
        "<html><head><style>p {color: red}</style></head><body><h2>Rolled back</h2>"
        "<p>checkout &amp; cart</p><table><tr><th>Step</th><td>migrate</td></tr></table></body></html>",
        subtype="html",
    )
    await aiosmtplib.send(message, hostname="127.0.0.1", port=inbox.smtp_port, timeout=5)
    assert await inbox.wait_for(1, 0, within=5)
    assert inbox.mails[0].text == "Rolled back\ncheckout & cart\nStep migrate"
    assert inbox.mails[0].to == ["b@example.com"]


async def test_the_alerters_slack_message_is_kept_without_its_token(
    inbox: Inbox, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    raw = {"type": "slack", "webhook_url": "${SLACK_URL}", "mention": "<!here>"}
    channel = resolve_secrets(SlackChannel.model_validate(raw), {"SLACK_URL": inbox.slack_url})
    payload = slack_payload(NOTE, LINKS, channel)
    assert isinstance(await post_slack(client, inbox.slack_url, payload, 5), Delivered)
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "*Rolled back* d-3 &amp; d-4"}}
    blocks_only = {"blocks": [{"type": "divider"}, section]}
    answer = await client.post(inbox.slack_url, json=blocks_only)
    assert (answer.status_code, answer.text) == (200, "ok")
    assert await inbox.wait_for(0, 2, within=5)
    first, second = inbox.posts
    assert (first.kind, first.path, first.body) == ("slack", "/slack", payload)
    assert first.summary == f"@here {HEADLINE}"
    assert (second.summary, second.path) == ("*Rolled back* d-3 & d-4", "/slack")
    received = (await client.get(f"http://127.0.0.1:{inbox.http_port}/received")).text
    assert json.loads(received)["posts"] == lines(inbox.folder / "posts.jsonl")
    assert [post["summary"] for post in json.loads(received)["posts"]] == [first.summary, second.summary]
    # the inbox's lines, and aiohttp's and aiosmtpd's; not the test client's (shared/logs.py quiets httpx's)
    logged = "\n".join(each.getMessage() for each in caplog.records if not each.name.startswith(("httpx", "httpcore")))
    token = inbox.slack_url.rsplit("/", 1)[1]
    for text in (received, (inbox.folder / "posts.jsonl").read_text(), repr(inbox.posts), logged):
        assert token not in text


async def test_the_alerters_webhooks_are_summed_up(inbox: Inbox, client: httpx.AsyncClient) -> None:
    channel = WebhookChannel.model_validate({"type": "webhook", "url": inbox.webhook_url, "timeout": "5s"})
    for fmt in ("flightdeck", "alertmanager"):
        body = webhook_body(NOTE, LINKS, fmt)  # type: ignore[arg-type]
        assert isinstance(await post_webhook(client, channel, body, notification_id=NOTE.id), Delivered)
    resolved = NOTE.model_copy(
        update={"firing": [], "kind": "update", "resolved": [FAILED.model_copy(update={"status": "resolved"})]}
    )
    await post_webhook(
        client,
        channel.model_copy(update={"url": inbox.webhook_url + "/ops"}),
        webhook_body(resolved, LINKS, "flightdeck"),
    )
    assert await inbox.wait_for(0, 3, within=5)
    assert [(post.kind, post.path) for post in inbox.posts] == [("webhook", "/hook")] * 2 + [("webhook", "/hook/ops")]
    assert [post.summary for post in inbox.posts] == [
        "firing: deployment-failed d-3 (staging)",
        "firing: deployment-failed d-3 (staging)",
        "resolved: deployment-failed d-3 (staging)",
    ]
    assert inbox.posts[0].body == json.loads(webhook_body(NOTE, LINKS, "flightdeck"))
    received = (await client.get(f"http://127.0.0.1:{inbox.http_port}/received")).json()
    assert received["mails"] == [] and len(received["posts"]) == 3


async def test_a_body_that_is_not_json_is_refused_and_not_kept(inbox: Inbox, client: httpx.AsyncClient) -> None:
    for url in (inbox.slack_url, inbox.webhook_url):
        for body in (b"text=hello", b"", b'{"a": NaN}', b"\xff\xfe{"):
            answer = await client.post(url, content=body)
            assert answer.status_code == 400 and "the body is not JSON" in answer.text
    assert not await inbox.wait_for(0, 1, within=0.05)
    assert inbox.posts == [] and not (inbox.folder / "posts.jsonl").exists()


async def test_anything_else_is_not_found(inbox: Inbox, client: httpx.AsyncClient) -> None:
    base = f"http://127.0.0.1:{inbox.http_port}"
    for method, url in (
        ("GET", base + "/"),
        ("POST", base + "/elsewhere"),
        ("POST", base + "/slack"),
        ("GET", inbox.slack_url),
        ("GET", inbox.webhook_url),
        ("POST", base + "/received"),
    ):
        answer = await client.request(method, url, json={"text": "hi"})
        assert answer.status_code == 404, (method, url)
        assert inbox.slack_url.rsplit("/", 1)[1] not in answer.text
    assert inbox.posts == []


async def test_wait_for_says_whether_enough_arrived_in_time(inbox: Inbox, client: httpx.AsyncClient) -> None:
    assert await inbox.wait_for(0, 0, within=0)
    assert not await inbox.wait_for(1, 0, within=0.2)
    assert not await inbox.wait_for(0, 1, within=0.2)
    waiting = asyncio.create_task(inbox.wait_for(0, 1, within=5))
    await client.post(inbox.webhook_url, json={"hello": "there"})
    assert await waiting
    assert inbox.posts[0].summary == "a webhook body Flightdeck does not send (keys: hello)"
    assert not await inbox.wait_for(1, 1, within=0.2)


def bindable(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: connections may be in TIME_WAIT
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
    return True


async def test_stop_frees_both_ports_and_can_be_repeated(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path)
    await inbox.stop()  # never started: nothing to do
    await inbox.start()
    ports = (inbox.smtp_port, inbox.http_port)
    assert all(ports) and not any(bindable(port) for port in ports)
    await aiosmtplib.send(
        "Subject: hi\r\n\r\nhello\r\n",
        sender="a@example.com",
        recipients=["b@example.com"],
        hostname="127.0.0.1",
        port=inbox.smtp_port,
        timeout=5,
    )
    assert await inbox.wait_for(1, 0, within=5) and inbox.mails[0].text == "hello"
    await inbox.stop()
    await inbox.stop()
    assert all(bindable(port) for port in ports)


async def test_a_start_failing_half_way_leaves_nothing_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = Inbox(tmp_path)

    async def refused() -> None:
        raise OSError("no HTTP today")

    monkeypatch.setattr(inbox, "_start_http", refused)
    with pytest.raises(OSError, match="no HTTP today"):
        await inbox.start()
    assert inbox.smtp_port and bindable(inbox.smtp_port)
    await inbox.stop()
