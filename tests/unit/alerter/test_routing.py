from services.alerter.domain.routing import route
from shared.plan.alerting import Alerting

from .helpers import alert

CHANNELS = {
    "slack": {"type": "slack", "webhook_url": "${SLACK}"},
    "hook": {"type": "webhook", "url": "http://127.0.0.1:1/"},
    "pager": {"type": "webhook", "url": "http://127.0.0.1:2/"},
}


def alerting(**fields: object) -> Alerting:
    return Alerting.model_validate({"channels": CHANNELS} | fields)


def test_first_match_wins() -> None:
    plan = alerting(
        routes=[
            {"match": {"severity": "critical"}, "channels": ["pager"]},
            {"match": {"event": "health-*"}, "channels": ["slack"]},
        ]
    )
    (routed,) = route(alert(severity="critical"), plan)
    assert routed.channels == ("pager",) and routed.route == 0


def test_continue_also_tries_the_next_routes() -> None:
    plan = alerting(
        routes=[
            {"match": {"environment": "production"}, "channels": ["pager"], "continue": True},
            {"match": {"service": "api"}, "channels": ["slack"]},
            {"channels": ["hook"]},
        ]
    )
    assert [r.channels for r in route(alert(), plan)] == [("pager",), ("slack",)]


def test_nothing_matches_no_route() -> None:
    plan = alerting(routes=[{"match": {"environment": "staging", "severity": "critical"}, "channels": ["pager"]}])
    assert route(alert(), plan) == []


def test_without_routes_every_channel_hears_everything() -> None:
    (routed,) = route(alert(), alerting())
    assert routed.channels == ("slack", "hook", "pager") and routed.route == -1


def test_service_matches_any_service_a_deployment_alert_is_about() -> None:
    plan = alerting(routes=[{"match": {"service": "web"}, "channels": ["slack"]}])
    about = alert("deployment-failed", service=None, deployment_id="d-1", services=["api", "web"])
    assert len(route(about, plan)) == 1


def test_groups_by_environment_and_deployment_unless_told_otherwise() -> None:
    plan = alerting()
    a = route(alert(service="api", deployment_id="d-1"), plan)[0]
    b = route(alert(service="web", deployment_id="d-1"), plan)[0]
    c = route(alert(service="api", deployment_id="d-2"), plan)[0]
    assert a.group_key == b.group_key != c.group_key
    assert a.group_labels == {"environment": "production", "deployment_id": "d-1"}
    by_service = alerting(group_by=["service"])
    assert (
        route(alert(service="api", deployment_id="d-1"), by_service)[0].group_key
        == route(alert(service="api", deployment_id="d-2"), by_service)[0].group_key
    )


def test_a_routes_own_escalation_replaces_the_default() -> None:
    plan = alerting(
        escalation=[{"after": "5m", "channels": ["pager"]}],
        routes=[
            {"match": {"service": "api"}, "channels": ["slack"], "escalation": [{"after": "1m", "channels": ["hook"]}]},
            {"channels": ["slack"]},
        ],
    )
    assert route(alert(), plan)[0].escalation[0].channels == ["hook"]
    assert route(alert(service="web"), plan)[0].escalation[0].channels == ["pager"]
