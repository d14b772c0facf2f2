"""What counts as a yes when an operator's action asks first, and how status is shown (pure)."""

from datetime import UTC, datetime

import pytest

from cli.operate_text import accepted, history_line, needs_person, question, status_lines
from services.coordinator.domain.model import Deployed, Deployment, EnvironmentState, Phase, ServiceProgress


@pytest.mark.parametrize(
    ("environment", "production", "answer", "yes"),
    [
        ("staging", False, "y", True),
        ("staging", False, "YES", True),
        ("local", False, " yes \n", True),
        ("staging", False, "n", False),
        ("staging", False, "", False),
        ("staging", False, "sure", False),
        ("staging", False, "staging", False),
        ("production", True, "production", True),
        ("production", True, "y", False),
        ("production", True, "Production", False),
        ("prod-eu", True, "prod-eu", True),
        ("prod-eu", True, "yes", False),
        ("live", True, "y", False),  # the plan's `production: true` on a name that does not say so
        ("live", True, "live", True),
        ("production", False, "y", True),  # the plan's `production: false` on one that does
    ],
)
def test_only_a_yes_goes_ahead(environment: str, production: bool, answer: str, yes: bool) -> None:
    assert accepted(environment, answer, production) is yes


def test_the_question_says_what_to_type() -> None:
    assert question("staging", "roll back", False) == "roll back in staging? [y/N] "
    assert question("live", "roll back", True).endswith("type the environment name to confirm: ")


def test_status_is_coloured_only_for_a_terminal() -> None:
    env = EnvironmentState(name="staging", desired={"api": Deployed(version="1.0")})
    plain = status_lines("staging", env, None, ["api drifted"])
    assert plain[0] == "staging: NEEDS A PERSON" and "\033[" not in "".join(plain)
    coloured = status_lines("staging", env, None, ["api drifted"], colour=True)
    assert coloured[0] == "staging: \033[31;1mNEEDS A PERSON\033[0m"


def test_a_history_line_and_what_needs_a_person() -> None:
    paused = Deployment(
        id="d1",
        environment="staging",
        phase=Phase.PAUSED,
        requested_by="ana",
        failure="api: boom",
        services={"api": ServiceProgress(version="2.0.0")},
        created_at=datetime(2026, 1, 31, 12, 0, 5, 123456, tzinfo=UTC),
    )
    assert history_line(paused) == f"2026-01-31 12:00:05  {'d1':<32} {'paused':<12} api 2.0.0  by ana"
    failed = paused.model_copy(update={"id": "d0", "phase": Phase.FAILED})
    env = EnvironmentState(name="staging")
    assert needs_person(env, paused, failed, {"drift": {}, "incidents": []}) == [
        "d1 is paused: api: boom; `flightdeck resume d1 --retry|--continue` or `flightdeck rollback`",
        "d0 failed and was not rolled back: api: boom",
    ]
