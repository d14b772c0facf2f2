"""What each environment gets: plan defaults, environment defaults, the service, the environment's override."""

from typing import Any

import pytest

from shared.plan import UnknownEnvironmentError, effective_service, resolve_for_environment
from tests.unit.plan.helpers import base, parsed


def _layered() -> dict[str, Any]:
    data = base()
    data["defaults"] = {
        "timeouts": {"deploy": "10m", "rollback": "5m"},
        "health": {"interval": "10s", "passes_to_ready": 2},
        "rollback_policy": {"bake_time": "10m", "thresholds": {"error_rate": "5%"}},
        "rollback": ["./rollback.sh", "{service}", "{previous_version}"],
    }
    data["services"]["api"]["health"]["interval"] = "3s"
    data["services"]["api"]["verification"] = {"smoke": [{"url": "https://api.example/a"}]}
    data["services"]["worker"] = {"kind": "job", "deploy": ["./worker.sh"]}
    data["environments"]["production"] |= {
        "defaults": {"rollback_policy": {"bake_time": "30m"}, "timeouts": {"deploy": "20m"}},
        "services": {
            "api": {
                "health": {"gate_timeout": "15m"},
                "timeouts": {"deploy": "25m"},
                "verification": {"smoke": [{"url": "https://api.example/b"}]},
            }
        },
    }
    return data


def test_every_service_inherits_the_defaults() -> None:
    worker = effective_service(parsed(_layered()), "staging", "worker")
    assert worker.timeouts.deploy == 600.0
    assert worker.timeouts.rollback == 300.0
    assert worker.health.passes_to_ready == 2
    assert worker.rollback == ["./rollback.sh", "{service}", "{previous_version}"]
    assert worker.rollback_policy.thresholds.error_rate == pytest.approx(0.05)
    assert worker.deploy == ["./worker.sh"]


def test_what_a_service_sets_wins_over_the_defaults_field_by_field() -> None:
    api = effective_service(parsed(_layered()), "staging", "api")
    assert api.health.interval == 3.0
    assert api.health.passes_to_ready == 2
    assert api.health.ready == "https://api.example/health/ready"
    assert api.health.gate_timeout == 300.0  # built-in default: nobody set it


def test_environment_defaults_apply_to_every_service_there_but_not_over_what_a_service_sets() -> None:
    plan = parsed(_layered())
    assert effective_service(plan, "production", "worker").rollback_policy.bake_time == 1800.0
    assert effective_service(plan, "production", "worker").timeouts.deploy == 1200.0
    assert effective_service(plan, "staging", "worker").rollback_policy.bake_time == 600.0


def test_an_environment_override_of_one_service_wins_over_everything() -> None:
    api = effective_service(parsed(_layered()), "production", "api")
    assert api.timeouts.deploy == 1500.0
    assert api.timeouts.rollback == 300.0
    assert api.health.gate_timeout == 900.0
    assert api.health.interval == 3.0
    assert [request.url for request in api.verification.smoke] == ["https://api.example/b"]  # a list replaces


def test_an_override_to_null_removes_an_inherited_value() -> None:
    data = _layered()
    data["environments"]["staging"]["services"] = {"worker": {"rollback": None}}
    assert effective_service(parsed(data), "staging", "worker").rollback is None


def test_dependencies_and_kind_survive_resolution() -> None:
    data = _layered()
    data["services"]["api"]["depends_on"] = ["worker"]
    resolved = resolve_for_environment(parsed(data), "production")
    assert resolved.services["api"].depends_on == ["worker"]
    assert resolved.services["worker"].kind == "job"
    assert resolved.waves == [["worker"], ["api"]]
    assert resolved.rollback_waves == [["api"], ["worker"]]
    assert resolved.approval_required is True


def test_environment_variables_fill_in_and_secrets_stay_references() -> None:
    data = base()
    data["environments"]["staging"]["variables"] = {"API_URL": "https://api.staging.example", "PORT": 8080}
    data["environments"]["production"]["variables"] = {"API_URL": "https://api.example"}
    data["services"]["api"]["health"]["ready"] = "${API_URL}/health/ready"
    data["services"]["api"]["deploy"] = ["./deploy.sh", "--port=${PORT}", "--token=${DEPLOY_TOKEN}"]
    api = effective_service(parsed(data), "staging", "api")
    assert api.health.ready == "https://api.staging.example/health/ready"
    assert api.deploy == ["./deploy.sh", "--port=8080", "--token=${DEPLOY_TOKEN}"]
    production = effective_service(parsed(data), "production", "api")
    assert production.health.ready == "https://api.example/health/ready"
    assert production.deploy == ["./deploy.sh", "--port=${PORT}", "--token=${DEPLOY_TOKEN}"]


def test_max_parallelism_comes_from_the_environment_before_the_plan() -> None:
    data = base()
    data["max_parallelism"] = 3
    data["environments"]["production"]["max_parallelism"] = 1
    data["services"] |= {name: {"kind": "job", "deploy": ["./x.sh"]} for name in ("a", "b")}
    plan = parsed(data)
    assert resolve_for_environment(plan, "staging").waves == [["a", "api", "b"]]
    assert resolve_for_environment(plan, "production").waves == [["a"], ["api"], ["b"]]


def test_an_unknown_environment_is_named_with_a_hint() -> None:
    with pytest.raises(UnknownEnvironmentError) as caught:
        resolve_for_environment(parsed(base()), "prod")
    assert str(caught.value) == "no environment 'prod' in the plan; did you mean 'production'?"
    with pytest.raises(UnknownEnvironmentError) as caught:
        resolve_for_environment(parsed(base()), "qa")
    assert str(caught.value) == "no environment 'qa' in the plan; the environments are 'staging' and 'production'"


def test_resolution_leaves_the_loaded_plan_unchanged() -> None:
    plan = parsed(_layered())
    before = plan.model_dump()
    resolve_for_environment(plan, "production")
    assert plan.model_dump() == before
