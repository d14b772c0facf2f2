"""The search's words and arithmetic as plain values: what a line is indexed under, what a query asks for, the
snippet, and the index's sets and bitmaps read back."""

from datetime import UTC, datetime

import pytest

from services.dashboard.domain.query import CursorError
from services.dashboard.domain.search import (
    BUCKETS,
    bit_positions,
    bucket_of,
    intersect,
    newest_first,
    search_cursor,
    search_position,
    term_members,
)
from services.dashboard.domain.terms import SearchTextError, matches, query_terms, snippet, terms, view_texts
from services.dashboard.domain.views import DeploymentView, RollbackView

AT = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_line_is_indexed_under_its_words_and_their_parts() -> None:
    found = terms("ERROR api-gateway 1.4.2: exit_code=137 after 1733280000 s, see X")
    assert {"error", "api-gateway", "api", "gateway", "1.4.2", "exit_code", "exit", "code", "137"} <= found
    assert "1733280000" not in found and "x" not in found and "s" not in found


def test_a_query_needs_a_word_and_keeps_its_words_once() -> None:
    assert query_terms("Timeout  timeout api-gateway") == ["timeout", "api-gateway"]
    with pytest.raises(SearchTextError, match="no word to search for"):
        query_terms("  ; -- ")
    with pytest.raises(SearchTextError, match="at most 8"):
        query_terms(" ".join(f"w{n}" for n in range(9)))


def test_a_line_matches_only_with_every_word_as_a_whole_term() -> None:
    assert matches("connection TIMEOUT on db", ["timeout", "db"])
    assert not matches("connection timeouts on db", ["timeout"])  # a longer word is another word
    assert not matches("timeout", ["timeout", "db"])


def test_a_snippet_is_cut_around_the_first_word_searched_for() -> None:
    line = "x" * 300 + " disk full on node-7 " + "y" * 300
    cut = snippet(line, ["disk"], width=80)
    assert "disk full" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) == 82
    assert snippet("  short\tline ", ["short"]) == "short line"


def test_the_texts_of_a_view_name_where_they_come_from() -> None:
    view = DeploymentView(
        id="d-1",
        environment="staging",
        created_at=AT,
        updated_at=AT,
        reason="ship the fix",
        failure="exit 3",
        rollback=RollbackView(reason="error rate up", reasons=["5xx at 12% > 2%"]),
    )
    assert view_texts(view) == [
        ("reason", "ship the fix"),
        ("failure", "exit 3"),
        ("rollback", "error rate up"),
        ("rollback", "5xx at 12% > 2%"),
    ]


def test_sets_and_bitmaps_read_back_as_the_numbers_redis_set() -> None:
    assert bit_positions(bytes([0b1000_0001, 0, 0b0100_0000])) == {0, 7, 17}
    assert term_members(b"12,40,977", [], None) == {12, 40, 977}
    assert term_members(None, [b"3", b"40"], None) == {3, 40}
    assert term_members(None, [], bytes([0b0010_0000])) == {2}
    assert 0 <= bucket_of("api-gateway") < BUCKETS and bucket_of("api-gateway") == bucket_of("api-gateway")
    assert intersect([{1, 2, 3, 9}, {2, 9}, {9, 2, 5}]) == {2, 9} and intersect([]) == set()
    assert newest_first({5, 1, 9, 7}, below=7) == [5, 1]


def test_the_search_cursor_is_opaque_and_checked() -> None:
    assert search_position(search_cursor(41, "d-9")) == 41 and search_position(None) is None
    with pytest.raises(CursorError):
        search_position("not-a-cursor")
