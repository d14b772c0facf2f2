"""Mistakes in keys and values: unknown keys, durations, percentages, version, YAML syntax, duplicates."""

from pathlib import Path

import pytest

from shared.plan import PlanError, load_plan, parse_plan
from tests.unit.plan.helpers import base, dump, parsed, problems


def test_a_typo_in_a_key_gets_a_did_you_mean_hint() -> None:
    data = base()
    data["services"]["api"]["depnds_on"] = []
    assert problems(data) == ["services.api.depnds_on: unknown key 'depnds_on'; did you mean 'depends_on'?"]


def test_an_unknown_key_with_nothing_close_lists_the_keys_that_exist() -> None:
    data = base()
    data["services"]["api"]["health"]["zzz"] = 1
    assert problems(data) == [
        "services.api.health.zzz: unknown key 'zzz'; the keys here are 'ready', 'detailed', 'interval', "
        "'timeout', 'passes_to_ready', 'failures_to_degraded', 'gate_timeout', 'bake_interval', "
        "'metrics' and 'lighthouse'"
    ]


def test_unknown_keys_are_found_at_the_top_in_environments_and_in_alerting() -> None:
    data = base()
    data["servics"] = {}
    data["environments"]["production"]["aproval_required"] = True
    data["alerting"] = {"channels": {"ops": {"type": "slack", "webhook_url": "${SLACK}", "webhok": "x"}}}
    assert problems(data) == [  # in the order they appear in the file
        "environments.production.aproval_required: unknown key 'aproval_required'; did you mean 'approval_required'?",
        "servics: unknown key 'servics'; did you mean 'services'?",
        "alerting.channels.ops.webhok: unknown key 'webhok'; did you mean 'webhook_url'?",
    ]


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("500ms", 0.5), ("30s", 30.0), ("5m", 300.0), ("1h", 3600.0), ("1h30m", 5400.0), (45, 45.0)],
)
def test_durations_accept_human_units(written: object, seconds: float) -> None:
    data = base()
    data["services"]["api"]["health"]["gate_timeout"] = written
    assert parsed(data).services["api"].health.gate_timeout == seconds


def test_a_bad_duration_says_what_was_given_and_how_to_write_one() -> None:
    data = base()
    data["services"]["api"]["timeouts"] = {"deploy": "5 minutes", "rollback": [1]}
    assert problems(data) == [
        "services.api.timeouts.deploy: '5 minutes' is not a duration; write it like 500ms, 30s, 5m or 1h",
        "services.api.timeouts.rollback: expected a duration like 500ms, 30s, 5m or 1h, not a list",
    ]


def test_an_interval_of_zero_is_refused() -> None:
    data = base()
    data["services"]["api"]["health"]["interval"] = "0s"
    assert problems(data) == ["services.api.health.interval: must be longer than zero"]


def test_percentages_accept_the_percent_sign_and_refuse_nonsense() -> None:
    data = base()
    data["services"]["api"]["rollback_policy"] = {"thresholds": {"error_rate": "5%"}}
    assert parsed(data).services["api"].rollback_policy.thresholds.error_rate == pytest.approx(0.05)
    data["services"]["api"]["rollback_policy"] = {"thresholds": {"error_rate": "lots"}}
    assert problems(data) == [
        "services.api.rollback_policy.thresholds.error_rate: 'lots' is not a percentage; write it like 5% or 0.5%"
    ]


def test_a_choice_outside_the_allowed_values_is_named_with_a_hint() -> None:
    data = base()
    data["services"]["api"]["kind"] = "fronted"
    data["services"]["api"]["rollback_policy"] = {"on_failure": "stop"}
    assert problems(data) == [
        "services.api.kind: must be backend, frontend or job; did you mean 'frontend'?",
        "services.api.rollback_policy.on_failure: must be rollback, pause or freeze",
    ]


def test_the_version_must_be_1() -> None:
    data = base()
    del data["version"]
    assert problems(data) == [
        "version: the file must start with `version: 1` (the version of the plan format this Flightdeck reads)"
    ]
    data["version"] = 2
    assert problems(data) == ["version: this Flightdeck reads plan format version 1, not 2"]


def test_an_empty_file_and_a_list_are_not_plans() -> None:
    assert problems("") == ["the file is empty; a plan starts with `version: 1`"]
    assert problems("- a\n- b\n") == ["the file is a list, not a mapping of keys; a plan starts with `version: 1`"]


def test_a_yaml_syntax_error_reports_line_and_column() -> None:
    text = "version: 1\nservices:\n  api:\n    deploy: [./d.sh, '{service}'\n  web: {}\n"
    with pytest.raises(PlanError) as caught:
        parse_plan(text, source="plan.yaml")
    (problem,) = caught.value.problems
    assert problem.message.startswith("YAML syntax error at line 5, column 3: ")
    assert "expected ',' or ']'" in problem.message
    assert str(caught.value).startswith("plan.yaml:5: YAML syntax error at line 5, column 3")


def test_a_key_written_twice_is_reported_with_both_lines() -> None:
    text = (
        "version: 1\n"
        "environments: {staging: {}}\n"
        "services:\n"
        "  api: {kind: job, deploy: [./a.sh]}\n"
        "  api: {kind: job, deploy: [./b.sh]}\n"
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(text)
    assert str(caught.value) == (
        "flightdeck.yaml:5: services.api: 'api' appears twice (lines 4 and 5); YAML keeps only the last one"
    )


def test_every_problem_is_reported_with_its_line_not_only_the_first() -> None:
    text = (
        "version: 1\n"
        "environments: {staging: {}}\n"
        "services:\n"
        "  api:\n"
        "    depnds_on: [db]\n"
        "    deploy: ./deploy.sh api\n"
        "    health: {ready: 'https://api/health', interval: soon}\n"
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(text, source="flightdeck.yaml")
    report = str(caught.value).splitlines()
    assert report == [
        "flightdeck.yaml:5: services.api.depnds_on: unknown key 'depnds_on'; did you mean 'depends_on'?",
        "flightdeck.yaml:6: services.api.deploy: a command is a list of arguments, not one shell string "
        '(Flightdeck never runs commands through a shell); write it as ["./deploy.sh", "api"]',
        "flightdeck.yaml:7: services.api.health.interval: 'soon' is not a duration; write it like 500ms, 30s, 5m or 1h",
    ]


def test_a_missing_file_is_a_plan_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(PlanError) as caught:
        load_plan(missing)
    assert str(caught.value) == f"{missing}: no such file; pass the plan's path, or run where flightdeck.yaml is"


def test_load_plan_names_the_file_in_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "flightdeck.yaml"
    data = base()
    data["services"]["api"]["kind"] = "jbo"
    path.write_text(dump(data))
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert str(caught.value).startswith(f"{path}:")
    assert caught.value.source == str(path)
