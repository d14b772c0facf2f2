"""What a person types for a silence, read (pure): matchers, times with a zone, windows, silence ids."""

import re
from datetime import UTC, datetime, timedelta
from typing import Literal

import pytest

from cli.alerting_text import render_matchers
from cli.silence_input import UsageError, parse_matcher, parse_time, window
from shared.events import Matcher
from shared.requests.silence import new_silence_id

NOW = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
Label = Literal["event", "severity", "environment", "service", "deployment_id"]  # Matcher's label and op
Op = Literal["=", "!=", "=~", "!~"]


@pytest.mark.parametrize(
    ("text", "label", "op", "value"),
    [
        ("environment=production", "environment", "=", "production"),
        ("service!=api", "service", "!=", "api"),
        ('service=~"api|web"', "service", "=~", "api|web"),
        ("event!~health-.*", "event", "!~", "health-.*"),
        (" severity = critical ", "severity", "=", "critical"),
        ("deployment_id=", "deployment_id", "=", ""),
        ("environment=a=b", "environment", "=", "a=b"),
    ],
)
def test_matchers_people_write(text: str, label: Label, op: Op, value: str) -> None:
    assert parse_matcher(text) == Matcher(label=label, op=op, value=value)


def test_an_unknown_label_is_named_with_the_labels_there_are() -> None:
    with pytest.raises(UsageError) as error:
        parse_matcher("team=payments")
    assert "'team'" in str(error.value) and "environment" in str(error.value) and "deployment_id" in str(error.value)


def test_a_regex_that_does_not_compile_is_named() -> None:
    with pytest.raises(UsageError) as error:
        parse_matcher("service=~api(")
    assert "'api('" in str(error.value) and "does not compile" in str(error.value)


@pytest.mark.parametrize("text", ["production", "", "=x", "service~api"])
def test_a_matcher_without_an_operator_says_how_to_write_one(text: str) -> None:
    with pytest.raises(UsageError) as error:
        parse_matcher(text)
    assert "LABEL=VALUE" in str(error.value)


def test_a_value_too_long_for_the_event_is_refused() -> None:
    with pytest.raises(UsageError) as error:
        parse_matcher("service=" + "x" * 501)
    assert "value" in str(error.value)


def test_matchers_render_with_quoted_values() -> None:
    matchers = [parse_matcher("environment=production"), parse_matcher("service=~api|web")]
    assert render_matchers(matchers) == 'environment="production" service=~"api|web"'


def test_rendered_matchers_parse_back() -> None:
    matcher = parse_matcher('service=~"api|web"')
    assert parse_matcher(render_matchers([matcher])) == matcher


def test_silence_ids_are_short_and_safe_on_a_command_line() -> None:
    ids = {new_silence_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"s-[A-Za-z0-9_-]{1,20}", i) for i in ids)


def test_times_need_a_zone() -> None:
    assert parse_time("2026-01-31T13:00:00+01:00", "--until") == NOW
    assert parse_time("2026-01-31T12:00:00Z", "--until") == NOW
    with pytest.raises(UsageError, match="no time zone"):
        parse_time("2026-01-31T12:00:00", "--until")
    with pytest.raises(UsageError, match="--starts 'tomorrow' is not an ISO 8601 time"):
        parse_time("tomorrow", "--starts")


def test_windows() -> None:
    assert window(NOW, 7200, None, None) == (NOW, NOW + timedelta(hours=2))
    later = NOW + timedelta(hours=1)
    assert window(NOW, 1800, None, later) == (later, later + timedelta(minutes=30))
    assert window(NOW, None, later, None) == (NOW, later)
    with pytest.raises(UsageError, match="before it starts"):
        window(NOW, 0, None, None)
    with pytest.raises(UsageError, match="before it starts"):
        window(NOW, None, later, later + timedelta(minutes=1))
    with pytest.raises(UsageError, match="has passed"):
        window(NOW, 60, None, NOW - timedelta(hours=1))
