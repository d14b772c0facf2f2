"""What the demo prints once its scenario has played (pure): the API's address always, the dashboard's only when it
has pages, the login and the two lines for the CLI over HTTP; and what login.env holds."""

import pytest

from cli.demo.login import Login
from cli.demo.report import has_pages, next_steps

LOGIN = Login("http://127.0.0.1:8700", "demo", "a-random-password-1234", "fd_0123456789abcdef_" + "s" * 43)


def steps(pages: bool) -> list[str]:
    return next_steps("redis://127.0.0.1:6390/0", "/d/flightdeck.yaml", "/d", LOGIN, pages)


@pytest.mark.parametrize(
    ("status", "location", "pages"),
    [
        (200, None, True),
        (303, "/login?next=/", True),
        (302, "http://127.0.0.1:8700/login", True),
        (307, "/login", True),
        (404, None, False),
        (303, "/elsewhere", False),
        (303, None, False),
        (500, "/login", False),
    ],
)
def test_the_dashboard_has_pages_when_it_shows_one_or_sends_you_to_sign_in(
    status: int, location: str | None, pages: bool
) -> None:
    assert has_pages(status, location) is pages


def test_the_api_and_the_login_are_printed_and_the_dashboard_only_with_pages() -> None:
    without, with_pages = steps(False), steps(True)
    assert not any("the dashboard: " in line for line in without)
    assert "   the dashboard: http://127.0.0.1:8700/" in with_pages
    for lines in (without, with_pages):
        assert "   sign in as demo, password a-random-password-1234 (an admin made for this run)" in lines
        assert any(line.startswith("   the API: http://127.0.0.1:8700/api/v1 ") for line in lines)
        assert "   export FLIGHTDECK_URL=http://127.0.0.1:8700" in lines
        assert f"   export FLIGHTDECK_TOKEN={LOGIN.token}" in lines
        assert lines[-1] == "   Ctrl-C stops everything the demo started"


def test_login_env_can_be_sourced_and_the_secrets_stay_out_of_the_repr() -> None:
    text = LOGIN.env_text()
    assert "FLIGHTDECK_USER=demo\nFLIGHTDECK_PASSWORD=a-random-password-1234\n" in text
    assert text.endswith(f"export FLIGHTDECK_URL=http://127.0.0.1:8700\nexport FLIGHTDECK_TOKEN={LOGIN.token}\n")
    assert LOGIN.password not in repr(LOGIN) and LOGIN.token not in repr(LOGIN)
