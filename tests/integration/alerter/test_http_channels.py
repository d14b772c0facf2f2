"""Slack and webhooks against a real server on 127.0.0.1: what they deliver, when they retry, when they give up."""

import pytest

from services.alerter.channels.http_client import HttpClient
from services.alerter.channels.slack import post_slack, slack_payload
from services.alerter.channels.webhook import ID_HEADER, SIGNATURE_HEADER, post_webhook, verify, webhook_body
from services.alerter.domain.alert import Delivered, Final, Retry
from tests.support.receivers import Reply, receiver, wait_for_requests

from .channel_world import LINKS, NOTE, SECRET_PATH, deliver, seen, slack, webhook

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("no_secret_in_any_outcome")]


async def test_slack_accepts(http_client: HttpClient) -> None:
    async with receiver() as hook:
        assert isinstance(await deliver(slack(hook), http_client), Delivered)
        (request,) = await wait_for_requests(hook, 1)
        assert request.path == SECRET_PATH and request.headers["content-type"] == "application/json"
        assert request.json() == slack_payload(NOTE, LINKS, slack(hook))


async def test_slack_rate_limit_waits_as_told(http_client: HttpClient) -> None:
    async with receiver() as hook:
        hook.respond(Reply(429, "rate_limited", {"Retry-After": "7"}), Reply(429, "rate_limited"))
        assert await deliver(slack(hook), http_client) == Retry(reason="Slack answered 429: rate_limited", after_s=7.0)
        assert await deliver(slack(hook), http_client) == Retry(reason="Slack answered 429: rate_limited", after_s=1.0)


async def test_slack_refusal_is_final_and_names_slacks_error(http_client: HttpClient) -> None:
    async with receiver() as hook:
        hook.respond(Reply(400, "invalid_blocks"), Reply(404, f"no_service for {hook.url + SECRET_PATH}"))
        assert await deliver(slack(hook), http_client) == Final(reason="Slack answered 400: invalid_blocks")
        assert await deliver(slack(hook), http_client) == Final(reason="Slack answered 404: no_service for <url>")


async def test_slack_outage_and_slowness_are_retried(http_client: HttpClient) -> None:
    async with receiver() as hook:
        hook.respond(Reply(503, "down"), Reply(200, delay_s=3))
        assert await deliver(slack(hook), http_client) == Retry(reason="Slack answered 503: down")
        slow = await post_slack(http_client, slack(hook).webhook_url, {"text": "x"}, timeout=0.2)
        seen.append(slow)
        assert isinstance(slow, Retry) and "did not answer in time" in slow.reason


async def test_webhook_receiver_down_then_up(http_client: HttpClient) -> None:
    async with receiver() as hook:
        channel = webhook(hook)
        await hook.stop()
        down = await deliver(channel, http_client)
        assert isinstance(down, Retry) and down.reason == "could not reach the webhook (ClientConnectorError)"
        await hook.start()
        assert isinstance(await deliver(channel, http_client), Delivered)
        (request,) = await wait_for_requests(hook, 1)
        assert verify(request.body, request.headers[SIGNATURE_HEADER.lower()], "hmac-key")
        assert not verify(request.body + b" ", request.headers[SIGNATURE_HEADER.lower()], "hmac-key")
        assert request.headers[ID_HEADER.lower()] == NOTE.id
        assert request.headers["user-agent"] == "flightdeck-alerter"
        assert request.json()["id"] == NOTE.id and request.json()["alerts"][0]["summary"] == NOTE.firing[0].summary


async def test_webhook_answers(http_client: HttpClient) -> None:
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
        outcomes = [await post_webhook(http_client, channel, body, notification_id=NOTE.id) for _ in range(5)]
        seen.extend(outcomes)
        assert [type(o).__name__ for o in outcomes] == ["Retry", "Retry", "Retry", "Final", "Delivered"]
        assert [getattr(o, "after_s", None) for o in outcomes[:3]] == [3.0, 5.0, None]
        assert outcomes[3] == Final(reason="the webhook answered 422: bad payload")
        assert SIGNATURE_HEADER.lower() not in hook.received[0].headers
        assert hook.received[0].json()["version"] == "4"
