"""Commands are argument lists with placeholders; they are checked in the plan and rendered without a shell."""

import pytest

from shared.plan import PLACEHOLDERS, RenderError, render, render_command
from tests.unit.plan.helpers import base, parsed, problems

DEPLOYMENT = {
    "service": "api",
    "version": "1.4.2",
    "previous_version": "1.4.1",
    "environment": "staging",
    "color": "green",
    "artifact": "europe-docker.pkg.dev/acme/api:1.4.2",
}


def _with_deploy(command: object) -> list[str]:
    data = base()
    data["services"]["api"]["deploy"] = command
    return problems(data)


def test_a_shell_string_is_refused_with_the_list_to_write_instead() -> None:
    assert _with_deploy("./deploy-cloudrun-direct.sh {service} {version} {environment}") == [
        "services.api.deploy: a command is a list of arguments, not one shell string (Flightdeck never runs "
        'commands through a shell); write it as ["./deploy-cloudrun-direct.sh", "{service}", "{version}", '
        '"{environment}"]'
    ]


def test_a_shell_string_with_quotes_is_split_as_a_shell_would() -> None:
    (problem,) = _with_deploy("./notify.sh 'deploy done' {service}")
    assert problem.endswith('write it as ["./notify.sh", "deploy done", "{service}"]')


def test_shell_syntax_gets_advice_to_use_a_script() -> None:
    (problem,) = _with_deploy("./build.sh && ./deploy.sh | tee log")
    assert problem.endswith(
        'write it as ["./build.sh", "&&", "./deploy.sh", "|", "tee", "log"]; pipes, && and redirections need a '
        'shell: put them in a script, or write ["bash", "-c", "..."]'
    )


def test_a_list_holding_one_shell_string_is_refused_too() -> None:
    (problem,) = _with_deploy(["./deploy.sh {service} {version}"])
    assert problem.endswith('write it as ["./deploy.sh", "{service}", "{version}"]')


def test_an_empty_command_is_refused() -> None:
    assert _with_deploy([]) == [
        'services.api.deploy: a command needs at least the program to run, like ["./deploy.sh", "{service}"]'
    ]


def test_an_unknown_placeholder_names_its_argument_and_the_closest_placeholder() -> None:
    assert _with_deploy(["./deploy.sh", "{service}", "{verison}"]) == [
        "services.api.deploy[2]: {verison} is not a placeholder; did you mean {version}? "
        "(write {{ and }} for a literal brace)"
    ]


def test_an_unknown_placeholder_without_a_close_one_lists_them_all() -> None:
    assert _with_deploy(["./deploy.sh", "--zone={zone}"]) == [
        "services.api.deploy[1]: {zone} is not a placeholder; the placeholders are {service}, {version}, "
        "{previous_version}, {environment}, {color} and {artifact} (write {{ and }} for a literal brace)"
    ]


def test_placeholders_are_checked_in_health_urls_and_switch_commands() -> None:
    data = base()
    data["services"]["api"]["health"]["ready"] = "https://{colour}---api.run.app/health/ready"
    data["services"]["api"]["strategy"] = {"type": "blue-green", "switch": ["./switch.sh", "{servce}"]}
    assert problems(data) == [
        "services.api.health.ready: {colour} is not a placeholder; did you mean {color}? "
        "(write {{ and }} for a literal brace)",
        "services.api.strategy.switch[1]: {servce} is not a placeholder; did you mean {service}? "
        "(write {{ and }} for a literal brace)",
    ]


def test_an_unquoted_placeholder_in_a_yaml_list_is_explained() -> None:
    text = "version: 1\nenvironments: {staging: {}}\nservices:\n  api:\n    kind: job\n"
    text += "    deploy: [./d.sh, {service}]\n"
    assert problems(text) == [
        'services.api.deploy: write "{service}" in quotes: without them YAML reads {service} as a mapping'
    ]


def test_a_dollar_variable_without_braces_would_not_expand_and_is_refused() -> None:
    assert _with_deploy(["./deploy.sh", "--project=$GCP_PROJECT"]) == [
        "services.api.deploy[1]: $GCP_PROJECT would be passed on literally because no shell runs the command; "
        "write ${GCP_PROJECT} to use the variable (or $$ for a literal dollar sign)"
    ]


def test_numbers_in_a_command_become_text() -> None:
    data = base()
    data["services"]["api"]["deploy"] = ["./deploy.sh", "--retries", 3]
    assert parsed(data).services["api"].deploy == ["./deploy.sh", "--retries", "3"]


def test_render_fills_every_placeholder_and_variable_in_each_argument() -> None:
    command = ["./deploy-cloudrun-direct.sh", "{service}", "{version}", "{environment}", "--project=${GCP_PROJECT}"]
    assert render_command(command, DEPLOYMENT, {"GCP_PROJECT": "acme-staging"}) == [
        "./deploy-cloudrun-direct.sh",
        "api",
        "1.4.2",
        "staging",
        "--project=acme-staging",
    ]
    assert set(PLACEHOLDERS) == set(DEPLOYMENT)


def test_a_value_is_never_split_or_read_again_as_a_template() -> None:
    hostile = "1.0 {service} ${HOME}; rm -rf /"
    rendered = render_command(["./deploy.sh", "{version}"], DEPLOYMENT | {"version": hostile}, {})
    assert rendered == ["./deploy.sh", hostile]


def test_literal_braces_and_dollars_are_written_doubled() -> None:
    assert render('{{"color": "{color}"}} costs $$5', DEPLOYMENT) == '{"color": "green"} costs $5'


def test_a_placeholder_without_a_value_is_a_render_error() -> None:
    with pytest.raises(RenderError, match=r"^\{previous_version\} is used but has no value for this deployment$"):
        render("{previous_version}", DEPLOYMENT | {"previous_version": None})


def test_a_missing_variable_is_named_and_no_other_value_is_echoed() -> None:
    with pytest.raises(RenderError) as caught:
        render_command(["./d.sh", "${API_TOKEN}", "${GCP_PROJECT}"], DEPLOYMENT, {"GCP_PROJECT": "acme-secret-42"})
    assert str(caught.value) == "${API_TOKEN} is used but the variable API_TOKEN is not set"
