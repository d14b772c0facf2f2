"""Secrets stay ${NAME} references in the plan; the process that uses one resolves it; displays mask them."""

from typing import Any

import pytest

from shared.plan import MissingSecretError, SlackChannel, mask_secret, references, resolve_secrets
from tests.unit.plan.helpers import base, parsed, problems

SLACK_URL = "https://hooks.slack.com/services/T000/B000/s3cr3t-t0k3n"


def _alerting() -> dict[str, Any]:
    data = base()
    data["alerting"] = {
        "channels": {
            "ops-slack": {"type": "slack", "webhook_url": "${SLACK_WEBHOOK_URL}"},
            "oncall": {
                "type": "email",
                "to": "oncall@acme.example",
                "from": "flightdeck@acme.example",
                "smtp": {"host": "smtp.acme.example", "username": "flightdeck", "password": "${SMTP_PASSWORD}"},
            },
            "audit": {"type": "webhook", "url": "https://audit.acme.example/hook", "secret": "${AUDIT_SECRET}"},
        },
        "routes": [{"channels": ["ops-slack", "oncall", "audit"]}],
    }
    return data


def test_a_literal_secret_is_refused_without_echoing_it() -> None:
    data = _alerting()
    data["alerting"]["channels"]["ops-slack"]["webhook_url"] = SLACK_URL
    data["alerting"]["channels"]["oncall"]["smtp"]["password"] = "hunter2"
    found = problems(data)
    assert found == [
        "alerting.channels.ops-slack.webhook_url: holds a literal secret; write a reference such as "
        "${SLACK_WEBHOOK_URL} and set that variable in the environment of the service that uses it",
        "alerting.channels.oncall.smtp.password: holds a literal secret; write a reference such as "
        "${SMTP_PASSWORD} and set that variable in the environment of the service that uses it",
    ]
    assert not any("s3cr3t" in line or "hunter2" in line for line in found)


def test_the_loaded_plan_keeps_references_unresolved() -> None:
    alerting = parsed(_alerting()).alerting
    assert isinstance(alerting.channels["ops-slack"], SlackChannel)
    assert alerting.channels["ops-slack"].webhook_url == "${SLACK_WEBHOOK_URL}"
    assert references(alerting) == ["AUDIT_SECRET", "SLACK_WEBHOOK_URL", "SMTP_PASSWORD"]


def test_the_process_that_uses_a_secret_resolves_it_from_its_own_environment() -> None:
    plan = parsed(_alerting())
    env = {"SLACK_WEBHOOK_URL": SLACK_URL, "SMTP_PASSWORD": "hunter2", "AUDIT_SECRET": "k3y"}
    slack = resolve_secrets(plan.alerting.channels["ops-slack"], env)
    assert isinstance(slack, SlackChannel)
    assert slack.webhook_url == SLACK_URL
    assert plan.alerting.model_dump()["channels"]["ops-slack"]["webhook_url"] == "${SLACK_WEBHOOK_URL}"


def test_a_missing_secret_names_the_variable_and_never_a_value() -> None:
    plan = parsed(_alerting())
    with pytest.raises(MissingSecretError) as caught:
        resolve_secrets(plan.alerting, {"SLACK_WEBHOOK_URL": SLACK_URL}, where="alerting")
    assert caught.value.names == ["AUDIT_SECRET", "SMTP_PASSWORD"]
    assert [f"{problem.path}: {problem.message}" for problem in caught.value.problems] == [
        "alerting.channels.oncall.smtp.password: ${SMTP_PASSWORD} is not set in this process's environment",
        "alerting.channels.audit.secret: ${AUDIT_SECRET} is not set in this process's environment",
    ]
    assert "s3cr3t" not in str(caught.value)


def test_displays_mask_secrets_even_once_resolved() -> None:
    plan = parsed(_alerting())
    env = {"SLACK_WEBHOOK_URL": SLACK_URL, "SMTP_PASSWORD": "hunter2", "AUDIT_SECRET": "k3y"}
    shown = resolve_secrets(plan.alerting, env).model_dump_json(by_alias=True)
    assert "s3cr3t" not in shown and "hunter2" not in shown and "k3y" not in shown
    assert plan.alerting.model_dump(mode="json")["channels"]["ops-slack"]["webhook_url"] == "${SLACK_WEBHOOK_URL}"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("${SLACK_WEBHOOK_URL}", "${SLACK_WEBHOOK_URL}"),
        (SLACK_URL, "****"),
        ("Bearer ${SMOKE_TOKEN}", "**** (from ${SMOKE_TOKEN})"),
        ("", "****"),
    ],
)
def test_mask_secret(value: str, shown: str) -> None:
    assert mask_secret(value) == shown


def test_credentials_in_smoke_request_headers_are_masked_for_display() -> None:
    data = base()
    data["services"]["api"]["verification"] = {
        "smoke": [{"url": "https://api.example/x", "headers": {"Authorization": "Bearer abc123", "Accept": "json"}}]
    }
    smoke = parsed(data).services["api"].verification.smoke[0]
    assert smoke.headers["Authorization"] == "Bearer abc123"
    assert smoke.model_dump(mode="json")["headers"] == {"Authorization": "****", "Accept": "json"}
