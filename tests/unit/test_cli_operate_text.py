"""What counts as a yes when an operator's action asks first (pure)."""

import pytest

from cli.operate_text import accepted, question


@pytest.mark.parametrize(
    ("environment", "answer", "yes"),
    [
        ("staging", "y", True),
        ("staging", "YES", True),
        ("local", " yes \n", True),
        ("staging", "n", False),
        ("staging", "", False),
        ("staging", "sure", False),
        ("staging", "staging", False),
        ("production", "production", True),
        ("production", "y", False),
        ("production", "Production", False),
        ("prod-eu", "prod-eu", True),
        ("prod-eu", "yes", False),
    ],
)
def test_only_a_yes_goes_ahead(environment: str, answer: str, yes: bool) -> None:
    assert accepted(environment, answer) is yes


def test_the_question_says_what_to_type() -> None:
    assert question("staging", "roll back") == "roll back in staging? [y/N] "
    assert question("production", "roll back").endswith("type the environment name to confirm: ")
