"""Each smoke expectation passing and failing, with a message that says what was expected and what came back."""

from collections.abc import Mapping

import pytest

from services.rollback.domain.verification.expectations import mismatches
from services.rollback.domain.verification.reply import Reply
from shared.plan.smoke import Expectation

BODY = '{"data": {"items": [{"id": 7, "name": "first"}], "open": true, "total": 1.0}}'
OK = Reply(200, {"content-type": "application/json; charset=utf-8", "x-version": "1.4.0"}, BODY, 0.012)


def said(expect: Mapping[str, object], reply: Reply = OK) -> list[str]:
    return [m.sentence() for m in mismatches(Expectation.model_validate(expect), reply)]


def test_a_reply_meeting_every_expectation_has_no_mismatch() -> None:
    expect = {
        "status": [200, 204],
        "body_contains": '"first"',
        "headers": {"Content-Type": "application/json", "X-Version": "1.4"},
        "json": [
            {"path": "data.items[0].id"},
            {"path": "data.items[0].id", "equals": 7},
            {"path": "data.total", "equals": 1},
            {"path": "data.items[-1].name", "matches": "^fir"},
            {"path": "data.missing", "exists": False},
        ],
        "max_latency": "50ms",
    }
    assert said(expect) == []


def test_a_wrong_status_names_both_and_shows_the_body() -> None:
    assert said({"status": 201}) == [f"expected HTTP 201, got HTTP 200: {BODY}"]


def test_a_missing_body_text_shows_what_came() -> None:
    assert said({"body_contains": "second"}) == [f"expected a body containing 'second', got {BODY!r}"]


@pytest.mark.parametrize(
    ("field", "sentence"),
    [
        ({"path": "data.items[1].id"}, "expected data.items[1].id present, got no data.items[1].id in the body"),
        ({"path": "data.items[0].id", "equals": "7"}, 'expected data.items[0].id = "7", got data.items[0].id = 7'),
        ({"path": "data.open", "equals": 1}, "expected data.open = 1, got data.open = true"),
        (
            {"path": "data.items[0].name", "matches": "^sec"},
            'expected data.items[0].name matching /^sec/, got data.items[0].name = "first"',
        ),
        ({"path": "data.open", "exists": False}, "expected no data.open, got data.open = true"),
    ],
)
def test_each_json_test_fails_with_the_value_it_found(field: dict[str, object], sentence: str) -> None:
    assert said({"json": [field]}) == [sentence]


def test_a_body_that_is_not_json_fails_every_json_expectation() -> None:
    reply = Reply(200, {}, "<html>oops</html>", 0.01)
    assert said({"json": [{"path": "a"}, {"path": "b"}]}, reply) == [
        "expected a JSON body with a, got a body that is not JSON: '<html>oops</html>'",
        "expected a JSON body with b, got a body that is not JSON: '<html>oops</html>'",
    ]


def test_headers_are_looked_up_by_name_in_any_case_and_compared_by_content() -> None:
    assert said({"headers": {"x-version": "2."}}) == [
        "expected a x-version header containing '2.', got x-version: 1.4.0"
    ]
    assert said({"headers": {"ETag": "abc"}}) == ["expected a ETag header containing 'abc', got no ETag header"]


def test_a_slow_answer_fails_its_latency_bound() -> None:
    slow = Reply(200, {}, "", 0.3125)
    assert said({"max_latency": "200ms"}, slow) == ["expected an answer within 200ms, got one after 312 ms"]


def test_no_answer_is_one_mismatch_naming_the_error() -> None:
    assert said({"status": 200}, Reply(error="connection refused")) == ["expected HTTP 200, got connection refused"]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ({"path": "data..id"}, "is not understood at character 5"),
        ({"path": "a", "matches": "("}, "is not a regular expression"),
        (
            {"path": "a", "equals": 1, "exists": True},
            "give one of exists, equals or matches for a, not exists and equals",
        ),
    ],
)
def test_a_bad_json_expectation_is_refused_when_the_plan_loads(field: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Expectation.model_validate({"json": [field]})
