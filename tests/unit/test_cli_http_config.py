"""FLIGHTDECK_URL and FLIGHTDECK_TOKEN read (pure), and what an answer of the API means for the command: both
variables or neither, an address that is one, a token never shown; each status's message and exit code."""

import pytest

from cli.http_config import ConfigError, HttpConfig, http_config, masked_token
from cli.http_errors import answered, unreachable

TOKEN = "fd_0123456789abcdef_" + "s" * 43
CONFIG = HttpConfig("https://fd.example.com", TOKEN)


def test_neither_variable_is_redis_and_both_make_the_apis_address() -> None:
    assert http_config({}) is None
    for url in ("https://fd.example.com", "https://fd.example.com/", "https://fd.example.com/api/v1/"):
        found = http_config({"FLIGHTDECK_URL": url, "FLIGHTDECK_TOKEN": f" {TOKEN}\n"})
        assert found == HttpConfig("https://fd.example.com", TOKEN) and found.api == "https://fd.example.com/api/v1"
    assert TOKEN not in repr(found)


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        ({"FLIGHTDECK_TOKEN": TOKEN}, "FLIGHTDECK_TOKEN is set but FLIGHTDECK_URL is not"),
        ({"FLIGHTDECK_URL": "https://fd.example.com"}, "is set but FLIGHTDECK_TOKEN is not"),
        ({"FLIGHTDECK_URL": "fd.example.com", "FLIGHTDECK_TOKEN": TOKEN}, "write it like https://"),
        ({"FLIGHTDECK_URL": "https://h:port", "FLIGHTDECK_TOKEN": TOKEN}, "write it like https://"),
        ({"FLIGHTDECK_URL": "ftp://fd.example.com", "FLIGHTDECK_TOKEN": TOKEN}, "write it like https://"),
        ({"FLIGHTDECK_URL": "https://fd.example.com", "FLIGHTDECK_TOKEN": "hunter2"}, "those start with fd_"),
    ],
)
def test_a_variable_missing_or_wrong_is_named(environ: dict[str, str], said: str) -> None:
    with pytest.raises(ConfigError) as wrong:
        http_config(environ)
    assert said in str(wrong.value) and TOKEN not in str(wrong.value) and "hunter2" not in str(wrong.value)


def test_a_password_in_the_url_is_masked() -> None:
    with pytest.raises(ConfigError) as wrong:
        http_config({"FLIGHTDECK_URL": "https://ana:pw1@fd.example.com"})
    assert "ana:***@fd.example.com" in str(wrong.value) and "pw1" not in str(wrong.value)


def test_a_token_is_shown_by_its_id_only() -> None:
    assert masked_token(TOKEN) == "fd_0123456789abcdef_…"
    assert masked_token("whatever") == "(a token not made by Flightdeck)"


@pytest.mark.parametrize(
    ("status", "body", "said", "code"),
    [
        (401, {"error": "sign in"}, "refused the token in FLIGHTDECK_TOKEN (fd_0123456789abcdef_…)", 4),
        (403, {"error": "deploy needs the deployer role; vi has viewer"}, "refused: deploy needs the deployer", 4),
        (404, {"error": "no deployment 'd-1' in the dashboard's history"}, "no deployment 'd-1'", 1),
        (409, {"error": "d-1 is succeeded, not waiting for approval"}, "d-1 is succeeded, not waiting", 1),
        (422, {"error": "version: '1;x' is not a version"}, "version: '1;x' is not a version", 1),
        (500, {"error": "the dashboard failed"}, "failed on this request (500)", 4),
        (502, None, "answered 502, not as the dashboard's API does", 4),
        (404, {"detail": "Not Found"}, "is it its address?", 4),
    ],
)
def test_each_answer_says_what_it_means_with_the_commands_exit_code(
    status: int, body: object, said: str, code: int
) -> None:
    error = answered(status, body, CONFIG)
    assert said in str(error) and error.exit_code == code and TOKEN not in str(error)


def test_a_redirect_names_where_and_a_servers_text_never_carries_the_token() -> None:
    assert "redirects to https://new.example.com/" in str(answered(301, None, CONFIG, "https://new.example.com/"))
    assert TOKEN not in str(answered(403, {"error": f"no {TOKEN}"}, CONFIG))


def test_no_answer_says_what_to_check() -> None:
    assert "cannot reach Flightdeck at FLIGHTDECK_URL=https://fd.example.com (ConnectError)" in str(
        unreachable("ConnectError", "[Errno 111] Connection refused", CONFIG)
    )
    assert "SSL_CERT_FILE" in str(unreachable("ConnectError", "[SSL: CERTIFICATE_VERIFY_FAILED] ...", CONFIG))
    assert "did not answer in time (ReadTimeout)" in str(unreachable("ReadTimeout", "", CONFIG))
    assert unreachable("ConnectError", "", CONFIG).exit_code == 4
