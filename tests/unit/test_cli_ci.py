"""The CI side of `flightdeck deploy` as pure functions: the CI context, workflow commands, the job summary, and
the request built from the arguments and the context."""

import argparse
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli import ci
from cli.deploy_request import build_request, new_deployment_id

WHEN = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
ACTIONS = {
    "GITHUB_ACTIONS": "true",
    "GITHUB_SHA": "abc123",
    "GITHUB_ACTOR": "ana",
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "acme/shop",
    "GITHUB_RUN_ID": "42",
    "GITHUB_REF_NAME": "main",
    "GITHUB_STEP_SUMMARY": "/tmp/summary.md",
    "CI": "true",
}


def test_github_actions_context_comes_from_its_variables() -> None:
    asked: list[str] = []

    def commit_time(sha: str) -> datetime:
        asked.append(sha)
        return WHEN

    context = ci.ci_context(ACTIONS, commit_time)
    assert context == ci.CIContext(
        "github-actions",
        "abc123",
        WHEN,
        "ana",
        "https://github.com/acme/shop/actions/runs/42",
        "main",
        "/tmp/summary.md",
    )
    assert context.actions and asked == ["abc123"]


def test_a_rerun_links_to_its_attempt_and_no_commit_time_is_fine() -> None:
    context = ci.ci_context({**ACTIONS, "GITHUB_RUN_ATTEMPT": "2"}, lambda _: None)
    assert context.run_url == "https://github.com/acme/shop/actions/runs/42/attempts/2"
    assert context.commit_time is None


def test_generic_ci_reads_the_common_variables() -> None:
    environ = {
        "CI": "true",
        "CI_COMMIT_SHA": "def456",
        "CI_PIPELINE_URL": "https://gitlab.example/p/1",
        "GITLAB_USER_LOGIN": "bo",
        "CI_COMMIT_TIMESTAMP": "2026-01-31T12:00:00Z",
    }
    context = ci.ci_context(environ, lambda _: pytest.fail("the timestamp was given"))
    assert (context.provider, context.commit_sha, context.actor) == ("ci", "def456", "bo")
    assert context.run_url == "https://gitlab.example/p/1" and context.commit_time == WHEN and not context.actions


def test_outside_ci_the_context_is_empty() -> None:
    assert ci.ci_context({"USER": "ana"}) == ci.CIContext()


def test_git_commit_time_is_none_for_an_unknown_commit() -> None:
    assert ci.git_commit_time("0" * 40) is None


def test_workflow_commands_escape_what_github_requires() -> None:
    assert ci.group("wave 1/3: api, web") == "::group::wave 1/3: api, web"
    assert ci.endgroup() == "::endgroup::"
    assert ci.error_annotation("100% broken\r\nsee log", "api: failed, badly") == (
        "::error title=api%3A failed%2C badly::100%25 broken%0D%0Asee log"
    )
    assert ci.error_annotation("plain") == "::error::plain"


def test_summary_is_a_markdown_table() -> None:
    markdown = ci.summary_markdown(
        "d-1", "staging", {"api": "2.0.0", "web": "2|0"}, "rolled back", "12s", "https://ci/run/1"
    )
    assert "### ❌ Deployment to staging: rolled back" in markdown
    assert "| service | version | outcome | duration | deployment |" in markdown
    assert "| api | 2.0.0 | rolled back | 12s | `d-1` |" in markdown
    assert "| web | 2\\|0 |" in markdown and "[CI run](https://ci/run/1)" in markdown


def test_step_summary_is_appended(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_text("earlier step\n")
    ci.write_step_summary(path, "more\n")
    assert path.read_text() == "earlier step\nmore\n"


def _args(**given: object) -> argparse.Namespace:
    defaults = {
        "env": "staging",
        "version": None,
        "service": None,
        "id": None,
        "by": None,
        "reason": None,
        "redeploy": False,
    }
    return argparse.Namespace(**{**defaults, **given})


def test_a_request_carries_the_ci_context_and_versions() -> None:
    context = ci.ci_context(ACTIONS, lambda _: WHEN)
    request = build_request(_args(version="2.0.0", service=["api=2.0.1", "web"], reason="release"), context)
    assert request.deployment_id.startswith("d-") and request.environment == "staging"
    payload = request.payload
    assert (payload.version, payload.versions, payload.services) == ("2.0.0", {"api": "2.0.1"}, ["web"])
    assert (payload.requested_by, payload.commit_sha, payload.commit_time) == ("ana", "abc123", WHEN)
    assert payload.ci_run_url == "https://github.com/acme/shop/actions/runs/42" and payload.reason == "release"


@pytest.mark.parametrize(
    ("given", "complaint"),
    [
        ({}, "say what to deploy"),
        ({"service": ["api"]}, "has no version"),
        ({"service": ["api="]}, "SERVICE=VERSION"),
    ],
)
def test_a_request_without_versions_says_what_to_add(given: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        build_request(_args(**given), ci.CIContext())


def test_deployment_ids_name_the_utc_time() -> None:
    made = new_deployment_id(WHEN)
    assert made.startswith("d-20260131-120000-") and len(made) == len("d-20260131-120000-") + 6
