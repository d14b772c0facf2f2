"""`flightdeck plan validate` and `flightdeck plan show`, run in-process as the command line would."""

import argparse
from pathlib import Path

import pytest

from cli import plan as plan_cli
from tests.unit.plan.helpers import base, dump

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "flightdeck.yaml"


def _run(*argv: str) -> int:
    root = argparse.ArgumentParser(prog="flightdeck")
    plan_cli.register(root.add_subparsers(dest="command"))
    args = root.parse_args(list(argv))
    exit_code: int = args.func(args)
    return exit_code


def test_validate_prints_a_one_line_summary_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("plan", "validate", str(EXAMPLE)) == 0
    assert capsys.readouterr().out == (
        f"{EXAMPLE}: valid plan (version 1): 4 services in 3 waves, environments staging and production, "
        "3 alert channels\n"
    )


def test_validate_reads_flightdeck_yaml_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "flightdeck.yaml").write_text(dump(base()))
    monkeypatch.chdir(tmp_path)
    assert _run("plan", "validate") == 0
    assert capsys.readouterr().out.startswith("flightdeck.yaml: valid plan (version 1): 1 service in 1 wave")


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "version: 1\n"
        "environments: {staging: {}}\n"
        "services:\n"
        "  api:\n"
        "    deploy: ./deploy.sh {service}\n"
        "    health:\n"
        "      ready: https://api.example/health/ready\n"
        "      gate_timeout: forever\n"
        "    depnds_on: [db]\n"
    )
    assert _run("plan", "validate", str(path)) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:5: services.api.deploy: a command is a list of arguments, not one shell string (Flightdeck "
        'never runs commands through a shell); write it as ["./deploy.sh", "{service}"]',
        f"{path}:8: services.api.health.gate_timeout: 'forever' is not a duration; write it like 500ms, 30s, 5m or 1h",
        f"{path}:9: services.api.depnds_on: unknown key 'depnds_on'; did you mean 'depends_on'?",
        f"3 problems found in {path}",
    ]


def test_validate_of_a_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("plan", "validate", str(tmp_path / "none.yaml")) == 1
    assert "none.yaml: no such file" in capsys.readouterr().out


def test_show_prints_the_resolved_environment_with_waves_in_order(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/very-secret")
    monkeypatch.setenv("SMTP_PASSWORD", "hunter2")
    assert _run("plan", "show", str(EXAMPLE), "--env", "production") == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"# {EXAMPLE}, environment production (approval required, max parallelism 2)\n"
        "# deploy order (services in one wave run in parallel):\n"
        "#  1. migrate\n#  2. api, worker\n#  3. web\n"
        "# rollback order:\n"
        "#  1. web\n#  2. api, worker\n#  3. migrate\n"
    )
    assert "    deploy: [./deploy-cloudrun-direct.sh, '{service}', '{version}', '{environment}']\n" in out
    assert "      ready: https://api.acme.example/health/ready\n" in out
    assert "      gate_timeout: 10m\n" in out  # production's override of api
    assert "webhook_url: ${SLACK_WEBHOOK_URL}" in out
    assert "password: ${SMTP_PASSWORD}" in out
    assert "very-secret" not in out and "hunter2" not in out


def test_show_of_an_unknown_environment_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("plan", "show", str(EXAMPLE), "--env", "prod") == 1
    assert capsys.readouterr().out == f"{EXAMPLE}: no environment 'prod' in the plan; did you mean 'production'?\n"


def test_show_needs_an_environment(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _run("plan", "show", str(EXAMPLE))
    assert exited.value.code == 2
    assert "the following arguments are required: --env" in capsys.readouterr().err


def test_show_of_an_invalid_plan_lists_its_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("version: 1\nservices: [\n")
    assert _run("plan", "show", str(path), "--env", "staging") == 1
    assert capsys.readouterr().out.startswith(f"{path}:3: YAML syntax error at line 3, column 1")
