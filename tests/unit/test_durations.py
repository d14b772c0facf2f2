import pytest

from shared.durations import DurationError, format_duration, parse_duration, parse_percent


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("500ms", 0.5),
        ("30s", 30),
        ("5m", 300),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1.5s", 1.5),
        ("2d", 172800),
        ("45", 45),
        (12, 12),
        (0.25, 0.25),
        (" 10s ", 10),
    ],
)
def test_durations_people_write(text: str | float, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "5 minutes", "10x", "-5s", "ms", "1h-5m", True])
def test_bad_durations_say_how_to_write_one(text: object) -> None:
    with pytest.raises(DurationError) as error:
        parse_duration(text)  # type: ignore[arg-type]
    assert "500ms, 30s, 5m or 1h" in str(error.value) or "negative" in str(error.value)


@pytest.mark.parametrize(("seconds", "text"), [(0.5, "500ms"), (90, "1m30s"), (3600, "1h"), (30, "30s"), (0, "0ms")])
def test_format_duration_is_the_inverse_people_read(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize(("text", "fraction"), [("5%", 0.05), ("0.5%", 0.005), ("100%", 1.0), (5, 0.05), ("12", 0.12)])
def test_percentages(text: str | float, fraction: float) -> None:
    assert parse_percent(text) == pytest.approx(fraction)


@pytest.mark.parametrize(("text", "message"), [("five", "write it like 5%"), ("120%", "between 0% and 100%")])
def test_bad_percentages(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_percent(text)
