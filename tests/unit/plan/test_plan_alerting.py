"""The alerting section's newer parts: templates, escalation repeats, delivery, webhook format, production."""

from shared.plan.alerting import WebhookChannel
from shared.plan.model import is_production
from tests.unit.plan.helpers import base, parsed, problems

SLACK = {"type": "slack", "webhook_url": "${SLACK}"}


def test_a_template_with_a_syntax_error_is_refused_with_its_line() -> None:
    data = base()
    data["alerting"] = {"channels": {"ops": SLACK | {"templates": {"title": "ok", "text": "line\n{% if x %}"}}}}
    (problem,) = problems(data)
    assert problem.startswith("alerting.channels.ops.templates:") and "'text' line 2" in problem


def test_an_unknown_template_part_names_the_parts_there_are() -> None:
    data = base()
    data["alerting"] = {"channels": {"ops": SLACK | {"templates": {"body": "x"}}}}
    (problem,) = problems(data)
    assert "unknown template 'body'" in problem and "title, text, subject, html" in problem


def test_escalation_delivery_and_webhook_format_are_read() -> None:
    data = base()
    data["alerting"] = {
        "channels": {"ops": SLACK, "hook": {"type": "webhook", "url": "https://h.example", "format": "alertmanager"}},
        "routes": [{"channels": ["ops"], "escalation": [{"after": "1m", "channels": ["hook"], "repeat": 2}]}],
        "delivery": {"retry_initial": "2s", "deadline": "5m"},
    }
    alerting = parsed(data).alerting
    assert alerting.routes[0].escalation is not None and alerting.routes[0].escalation[0].repeat == 2
    assert alerting.delivery.retry_initial == 2 and alerting.delivery.deadline == 300
    hook = alerting.channels["hook"]
    assert isinstance(hook, WebhookChannel) and hook.format == "alertmanager"
    assert alerting.group_by == ["environment", "deployment_id"] and alerting.group_wait == 5


def test_production_is_the_environments_say_or_its_name() -> None:
    data = base()
    data["environments"]["live"] = {"production": True}
    data["environments"]["production"]["production"] = False
    plan = parsed(data)
    assert is_production("live", plan.environments["live"])
    assert not is_production("production", plan.environments["production"])
    assert is_production("prod-eu", None) and not is_production("staging", None)
