"""The report's pieces: the curl line with secrets masked, the summary, and the JSON path syntax."""

import pytest

from services.rollback.domain.verification.reply import Mismatch
from services.rollback.domain.verification.report import outcome, summary
from services.rollback.domain.verification.reproduce import curl_line
from shared.plan.json_path import MISSING, parse, walk


def test_the_curl_line_is_pasteable_and_masks_credentials() -> None:
    line = curl_line("POST", "http://api/v1/orders?q=a b", {"Authorization": "Bearer s3cret", "X-Id": "7"}, '{"a": 1}')
    assert line == (
        "curl -sS -i -X POST -H 'Authorization: ****' -H 'X-Id: 7' --data-raw '{\"a\": 1}' 'http://api/v1/orders?q=a b'"
    )
    assert curl_line("GET", "http://api/health", {}, None) == "curl -sS -i http://api/health"


def test_a_summary_names_the_failures_first_three() -> None:
    passed = outcome("smoke", "status", "api", [], passed_detail="HTTP 200 in 3 ms")
    failed = [outcome("smoke", f"c{i}", "api", [Mismatch("HTTP 200", "HTTP 500")]) for i in range(4)]
    assert summary([passed]) == "all 1 checks passed"
    assert summary([passed, *failed]) == (
        "4 of 5 checks failed: smoke api c0: expected HTTP 200, got HTTP 500; smoke api c1: expected HTTP 200, "
        "got HTTP 500; smoke api c2: expected HTTP 200, got HTTP 500; and 1 more"
    )
    assert (failed[0].expected, failed[0].actual, passed.detail) == ("HTTP 200", "HTTP 500", "HTTP 200 in 3 ms")


def test_json_paths_walk_keys_indexes_and_quoted_keys() -> None:
    document = {"data": {"items": [{"id": 1}, {"id": 2}], "a.b": True}}
    assert parse('data.items[-1]["id"]') == ("data", "items", -1, "id")
    assert walk(document, "data.items[1].id") == 2
    assert walk(document, 'data["a.b"]') is True
    assert walk(document, "data.items[2].id") is MISSING
    assert walk(document, "data.items.id") is MISSING


@pytest.mark.parametrize("path", ["", ".a", "a..b", "a[x]", "a b", "a[0]b"])
def test_a_path_that_does_not_parse_says_where(path: str) -> None:
    with pytest.raises(ValueError, match="JSON path"):
        parse(path)
