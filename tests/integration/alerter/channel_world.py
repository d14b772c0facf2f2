"""The channels' integration tests' world: a notification, channels pointed at real servers on 127.0.0.1 (their
secrets resolved as the alerter would), and every outcome a test saw, checked for secrets after it."""

from typing import Any

from services.alerter.channels import send, thread_root_for
from services.alerter.channels.http_client import HttpClient
from services.alerter.domain.alert import Links, SendOutcome
from shared.plan.alerting import EmailChannel, SlackChannel, WebhookChannel
from shared.plan.secrets import resolve_secrets
from tests.support.receivers import Receiver
from tests.support.smtp import Security
from tests.unit.alerter.test_templates import failed, notification

SECRET_PATH = "/services/T000/B000/xoxsecrettoken"
PASSWORD = "correct-horse-battery"
NOTE = notification([failed()])
LINKS = Links(deployment="https://fd.example/deployments/d-42")
seen: list[SendOutcome] = []  # the outcomes of the running test, checked for secrets after it (see conftest.py)


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


async def deliver(channel: SlackChannel | EmailChannel | WebhookChannel, client: HttpClient) -> SendOutcome:
    outcome = await send(NOTE, LINKS, channel, client, thread_root=thread_root_for(NOTE.group_key))
    seen.append(outcome)
    return outcome
