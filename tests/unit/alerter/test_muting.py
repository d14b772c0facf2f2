from datetime import UTC, datetime

from services.alerter.domain.muting import dependents, inhibited_by, muted, silenced_by
from shared.events.alerting import Matcher, SilenceCreatedPayload

from .helpers import alert

GRAPH = {"db": [], "api": ["db"], "web": ["api"], "mail": []}


def silence(*matchers: Matcher, start: float = 0, end: float = 100) -> SilenceCreatedPayload:
    return SilenceCreatedPayload(
        silence_id="s-1",
        matchers=list(matchers),
        created_by="ana",
        starts_at=datetime.fromtimestamp(start, UTC),
        ends_at=datetime.fromtimestamp(end, UTC),
    )


def test_a_silence_mutes_matching_alerts_only_inside_its_window() -> None:
    rule = silence(Matcher(label="service", value="api"), Matcher(label="severity", op="!=", value="critical"))
    assert silenced_by(alert(service="api"), [rule], 50) == "s-1"
    assert silenced_by(alert(service="api"), [rule], 100) is None
    assert silenced_by(alert(service="web"), [rule], 50) is None
    assert silenced_by(alert(service="api", severity="critical"), [rule], 50) is None


def test_regex_matchers_match_the_whole_value() -> None:
    rule = silence(Matcher(label="service", op="=~", value="ap"))
    assert silenced_by(alert(service="api"), [rule], 1) is None
    rule = silence(Matcher(label="service", op="=~", value="api|web"))
    assert silenced_by(alert(service="web"), [rule], 1) == "s-1"
    rule = silence(Matcher(label="environment", op="!~", value="prod.*"))
    assert silenced_by(alert(), [rule], 1) is None


def test_dependents_are_transitive() -> None:
    assert dependents(GRAPH)["db"] == {"api", "web"} and dependents(GRAPH)["web"] == set()


def test_a_critical_root_cause_mutes_the_warnings_of_what_it_impacts() -> None:
    root = alert(service="db", severity="critical")
    impacts = dependents(GRAPH)
    assert inhibited_by(alert(service="web"), [root], impacts) is not None
    assert inhibited_by(alert(service="db", name="performance-degraded"), [root], impacts) is not None
    assert inhibited_by(alert(service="mail"), [root], impacts) is None
    assert inhibited_by(alert(service="web", severity="critical"), [root], impacts) is None
    assert inhibited_by(alert(service="web", environment="staging"), [root], impacts) is None
    resolved = root.model_copy(update={"status": "resolved"})
    assert inhibited_by(alert(service="web"), [resolved], impacts) is None


def test_a_critical_deployment_alert_mutes_the_deployments_warnings() -> None:
    failed = alert("deployment-failed", service=None, deployment_id="d-1", severity="critical")
    step = alert("service-deploy-failed", service="mail", deployment_id="d-1")
    assert inhibited_by(step, [failed], {}) is not None
    assert inhibited_by(step.model_copy(update={"deployment_id": "d-2"}), [failed], {}) is None


def test_a_rollback_in_progress_mutes_health_alerts_of_the_services_it_rolls_back() -> None:
    rolling = alert("rollback-started", service=None, deployment_id="d-1", severity="info", services=["api"])
    assert inhibited_by(alert(service="api", severity="critical"), [rolling], {}) is not None
    assert inhibited_by(alert(service="web"), [rolling], {}) is None
    assert inhibited_by(alert("deployment-failed", service="api"), [rolling], {}) is None


def test_muted_says_why() -> None:
    root = alert(service="db", severity="critical")
    web, mail = alert(service="web"), alert(service="mail")
    found = muted([web, mail], [root], [silence(Matcher(label="service", value="mail"))], dependents(GRAPH), 1)
    assert found == {web.fingerprint: "inhibited: health-degraded on db", mail.fingerprint: "silenced by s-1"}
