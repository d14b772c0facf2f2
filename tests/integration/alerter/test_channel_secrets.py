"""What a failing channel says names neither its URL (a secret) nor its SMTP password."""

import pytest

from services.alerter.channels.http_client import HttpClient
from tests.support.receivers import Reply, receiver
from tests.support.smtp import smtp_server

from .channel_world import SECRET_PATH, deliver, mail, seen, slack

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("no_secret_in_any_outcome")]


async def test_failures_name_neither_the_url_nor_the_password(http_client: HttpClient) -> None:
    async with receiver() as hook:
        channel = slack(hook)
        hook.respond(Reply(500, f"error at {channel.webhook_url}"), Reply(403, f"{SECRET_PATH} is revoked"))
        for _ in range(2):
            await deliver(channel, http_client)
        await hook.stop()
        await deliver(channel, http_client)
    async with smtp_server("tls", users={"alerts": "not it"}) as box:
        await deliver(mail(box.port, "tls", box.ca_file, login=True), http_client)
    await deliver(mail(box.port, "tls", box.ca_file, login=True), http_client)  # the server is gone
    assert [outcome.kind for outcome in seen] == ["retry", "final", "retry", "final", "retry"]
