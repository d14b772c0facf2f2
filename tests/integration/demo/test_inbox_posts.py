"""The demo's inbox against what the alerter really posts: its Slack and webhook channels' own code; what is no
JSON, or goes elsewhere, is refused; waiting for what should arrive."""

import asyncio
import json
import logging

import httpx
import pytest

from cli.demo.inbox import Inbox
from services.alerter.channels import post_slack, post_webhook, slack_payload, webhook_body
from services.alerter.channels.http_client import HttpClient
from services.alerter.domain.alert import Delivered
from shared.plan.alerting import SlackChannel, WebhookChannel
from shared.plan.secrets import resolve_secrets
from tests.integration.demo.inbox_support import (  # noqa: F401 (fixtures)
    FAILED,
    HEADLINE,
    LINKS,
    NOTE,
    client_fixture,
    inbox_fixture,
    lines,
    sender_fixture,
)

pytestmark = pytest.mark.integration


async def test_the_alerters_slack_message_is_kept_without_its_token(
    inbox: Inbox, client: httpx.AsyncClient, sender: HttpClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    raw = {"type": "slack", "webhook_url": "${SLACK_URL}", "mention": "<!here>"}
    channel = resolve_secrets(SlackChannel.model_validate(raw), {"SLACK_URL": inbox.slack_url})
    payload = slack_payload(NOTE, LINKS, channel)
    assert isinstance(await post_slack(sender, inbox.slack_url, payload, 5), Delivered)
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


async def test_the_alerters_webhooks_are_summed_up(inbox: Inbox, client: httpx.AsyncClient, sender: HttpClient) -> None:
    channel = WebhookChannel.model_validate({"type": "webhook", "url": inbox.webhook_url, "timeout": "5s"})
    for fmt in ("flightdeck", "alertmanager"):
        body = webhook_body(NOTE, LINKS, fmt)
        assert isinstance(await post_webhook(sender, channel, body, notification_id=NOTE.id), Delivered)
    resolved = NOTE.model_copy(
        update={"firing": [], "kind": "update", "resolved": [FAILED.model_copy(update={"status": "resolved"})]}
    )
    await post_webhook(
        sender,
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
