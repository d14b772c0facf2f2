from services.alerter.domain.rollout_muting import Known, Settling, explained, quieted, settling
from services.alerter.domain.rollouts import Window
from shared.plan.model import Plan

from .helpers import alert

TIMING = Settling(settle_s=20, stuck_s=1000)
RUNNING = frozenset({"api", "web"})


def known(deployed: frozenset[str] = RUNNING, **windows: Window) -> Known:
    return Known(deployed, windows)


def test_a_service_never_deployed_there_is_not_alerted_as_unhealthy() -> None:
    reason = explained(alert(service="worker"), known(), TIMING, 100)
    assert reason == "quiet: worker is not deployed in production yet"
    assert explained(alert(service="api"), known(), TIMING, 100) is None


def test_a_service_being_deployed_is_not_alerted_as_unhealthy() -> None:
    deploying = known(api=Window(deployment_id="d-1", started_at=90))
    assert explained(alert(service="api", starts_at=95), deploying, TIMING, 100) == "quiet: d-1 is deploying api"
    assert explained(alert(service="web", starts_at=95), deploying, TIMING, 100) is None
    first = known(frozenset(), api=Window(deployment_id="d-1", started_at=90))  # its first deployment
    assert explained(alert(service="api", starts_at=95), first, TIMING, 100) == "quiet: d-1 is deploying api"


def test_after_the_gate_an_alert_from_the_deployment_waits_for_the_monitor_then_is_told() -> None:
    done = known(api=Window(deployment_id="d-1", started_at=90, ended_at=100))
    during = alert(service="api", starts_at=95)
    assert explained(during, done, TIMING, 110) is not None  # the monitor needs a few probes to agree
    assert explained(during, done, TIMING, 121) is None  # still unhealthy well after: told
    before = alert(service="api", starts_at=50)  # unhealthy before the deployment began: explained the same way
    assert explained(before, done, TIMING, 110) is not None


def test_a_degradation_after_the_gate_passed_is_alerted_as_before() -> None:
    done = known(api=Window(deployment_id="d-1", started_at=90, ended_at=100))
    assert explained(alert(service="api", starts_at=105), done, TIMING, 106) is None


def test_a_window_open_far_too_long_lost_its_deployment_and_mutes_no_more() -> None:
    stuck = known(api=Window(deployment_id="d-1", started_at=0))
    assert explained(alert(service="api", starts_at=5), stuck, TIMING, 999) is not None
    assert explained(alert(service="api", starts_at=5), stuck, TIMING, 1001) is None


def test_only_health_degraded_is_kept_back() -> None:
    deploying = known(frozenset(), api=Window(deployment_id="d-1", started_at=90))
    for name in ("health-gate-failed", "performance-degraded", "service-deploy-failed"):
        assert explained(alert(name, service="api", starts_at=95), deploying, TIMING, 100) is None
    resolved = alert(service="api", starts_at=95, status="resolved")
    assert explained(resolved, deploying, TIMING, 100) is None


def test_quieted_says_why_per_alert_and_environment() -> None:
    staging, prod = alert(service="worker", environment="staging"), alert(service="worker")
    found = quieted(
        [staging, prod],
        {"staging": known(), "production": known(frozenset({"worker"}))},
        {("staging", "worker"): TIMING, ("production", "worker"): TIMING},
        100,
    )
    assert found == {staging.fingerprint: "quiet: worker is not deployed in staging yet"}


def test_settling_follows_the_services_health_settings_and_falls_back_to_the_defaults() -> None:
    plan = Plan.model_validate(
        {
            "version": 1,
            "environments": {"staging": {"services": {"api": {"health": {"interval": "10s"}}}}},
            "services": {
                "api": {
                    "health": {"passes_to_ready": 2, "timeout": "1s", "gate_timeout": "60s"},
                    "timeouts": {"deploy": "100s", "rollback": "50s", "switch": "10s"},
                }
            },
        }
    )
    assert settling(plan, "staging", "api") == Settling(settle_s=31, stuck_s=220)
    defaults = settling(None, "staging", "api")
    assert settling(plan, "staging", "gone") == defaults == settling(plan, "nowhere", "api")
    assert defaults.settle_s == 22 and defaults.stuck_s == 900 + 300 + 60
