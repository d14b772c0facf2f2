"""The one percentile, backoff and text helpers every service and bench uses, checked with plain values."""

import random

import pytest

from shared.backoff import Backoff, exponential, jittered
from shared.stats import percentile
from shared.text import text, texts


def test_percentile_is_the_nearest_rank() -> None:
    twenty, forty = [float(n) for n in range(1, 21)], [float(n) for n in range(1, 41)]
    assert percentile(twenty, 95) == 19.0  # the 19th of 20: 95% of the values are at or below it
    assert percentile(forty, 95) == 38.0  # the 38th of 40: the same rule, an odd and an even rank alike
    assert percentile(reversed(twenty), 50) == 10.0  # order does not matter
    assert percentile([7.0, 1.0, 3.0], 0) == 1.0 and percentile([7.0, 1.0, 3.0], 100) == 7.0
    assert percentile([4.0], 99) == 4.0
    assert percentile([float(n) for n in range(1, 101)], 99) == 99.0


def test_percentile_of_nothing_is_none_and_q_is_checked() -> None:
    assert percentile([], 50) is None
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1.0], 0.95 * 1000)


def test_exponential_doubles_up_to_its_cap() -> None:
    assert [exponential(n, 0.5, 10) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert exponential(0, 1, 30) == 1  # before any failure: the first delay


def test_backoff_advances_per_failure_and_starts_afresh_after_reset() -> None:
    backoff = Backoff(first=1.0, most=4.0)
    assert [backoff.next() for _ in range(4)] == [1.0, 2.0, 4.0, 4.0]
    backoff.reset()
    assert backoff.next() == 1.0


def test_jitter_stays_between_half_and_all_of_the_delay() -> None:
    rng = random.Random(7)
    draws = [jittered(8.0, rng) for _ in range(200)]
    assert all(4.0 <= d <= 8.0 for d in draws) and max(draws) - min(draws) > 2


def test_text_reads_bytes_and_str_alike() -> None:
    assert text(b"caf\xc3\xa9") == "café" and text("x") == "x"
    mixed: dict[bytes | str, bytes | str] = {b"a": b"1", "b": "2"}
    assert texts(mixed) == {"a": "1", "b": "2"}
