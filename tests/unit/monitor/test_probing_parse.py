"""The health body parser at its edges: the HTTP status alone, a status and a body that disagree, bodies that are
malformed, too large or too deep: always a verdict with a reason, never an exception."""

import pytest

from services.monitor.probing import MAX_BODY, Parsed, parse_health
from tests.unit.monitor.health_bodies import HEALTH_JSON, JSON, body

CASES = [
    # HTTP status alone: no body, a plain text body, an HTML error page
    ("200 empty", 200, None, b"", Parsed("pass")),
    ("204 empty json", 204, JSON, b"", Parsed("pass")),
    ("200 text", 200, "text/plain", b"OK", Parsed("pass")),
    ("503 empty", 503, None, b"", Parsed("fail", reason="HTTP 503")),
    ("500 html", 500, "text/html", b"<html>Internal Server Error</html>", Parsed("fail", reason="HTTP 500")),
    ("429", 429, None, b"slow down", Parsed("fail", reason="HTTP 429")),
    ("404", 404, JSON, b"", Parsed("fail", reason="HTTP 404")),
    ("302", 302, None, b"", Parsed("fail", reason="HTTP 302 (redirect not followed)")),
    # disagreements: the worse wins
    (
        "503 body pass",
        503,
        HEALTH_JSON,
        body({"status": "pass", "releaseId": "9"}),
        Parsed("fail", "9", reason="HTTP 503"),
    ),
    ("503 body warn", 503, JSON, body({"status": "warn"}), Parsed("fail", reason="HTTP 503; status 'warn'")),
    ("200 body fail", 200, HEALTH_JSON, body({"status": "fail"}), Parsed("fail", reason="status 'fail'")),
    # malformed: a failure with a reason, never an exception
    (
        "not json",
        200,
        JSON,
        b"{status: up",
        Parsed(
            "fail",
            reason="body is not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
    ),
    (
        "html claiming json",
        200,
        JSON,
        b"<html></html>",
        Parsed("fail", reason="body is not JSON: Expecting value: line 1 column 1 (char 0)"),
    ),
    (
        "not json at 500",
        500,
        JSON,
        b"oops",
        Parsed("fail", reason="HTTP 500; body is not JSON: Expecting value: line 1 column 1 (char 0)"),
    ),
    ("brace in text/plain", 200, "text/plain", b"{not json", Parsed("pass")),
    ("unknown word", 200, JSON, body({"status": "banana"}), Parsed("fail", reason="unrecognised status 'banana'")),
    ("status not a string", 200, JSON, body({"status": True}), Parsed("fail", reason="unrecognised status True")),
    ("status null", 200, JSON, body({"status": None}), Parsed("fail", reason="unrecognised status None")),
    (
        "deeply nested",
        200,
        JSON,
        b"[" * 100_000 + b"]" * 100_000,
        Parsed("fail", reason="body is not JSON: nested too deeply"),
    ),
    ("too large", 200, JSON, b"{" + b" " * MAX_BODY + b"}", Parsed("fail", reason="body larger than 256 KiB")),
    ("too large text", 200, "text/plain", b"x" * (MAX_BODY + 1), Parsed("pass")),
]


@pytest.mark.parametrize(
    ("http_status", "content_type", "raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_parse(http_status: int, content_type: str | None, raw: bytes, expected: Parsed) -> None:
    assert parse_health(http_status, content_type, raw) == expected


def test_not_utf8_is_a_failure_with_the_decoder_s_words() -> None:
    parsed = parse_health(200, JSON, b"{\xff\xfe}")
    assert parsed.status == "fail"
    assert parsed.reason.startswith("body is not JSON: ") and "utf-8" in parsed.reason


def test_long_words_and_versions_are_cut_short() -> None:
    parsed = parse_health(200, JSON, body({"status": "x" * 1000, "version": "v" * 1000}))
    assert parsed.status == "fail" and len(parsed.reason) < 160 and parsed.reason.endswith("...")
    assert parsed.version is not None and len(parsed.version) == 120
