"""Our pure Mann-Whitney U against scipy.stats.mannwhitneyu (the reference, installed for tests only)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import mannwhitneyu  # type: ignore[import-untyped]  # scipy ships no type hints (the reference)

from services.rollback.domain.mannwhitney import Alternative, mann_whitney_u, rank_biserial

ALTERNATIVES: tuple[Alternative, ...] = ("two-sided", "greater", "less")


def assert_like_scipy(x: list[float], y: list[float], alternative: Alternative, method: str | None = None) -> None:
    ours = mann_whitney_u(x, y, alternative)
    reference = mannwhitneyu(x, y, alternative=alternative)
    assert ours.u == pytest.approx(float(reference.statistic), rel=1e-12)
    assert ours.p_value == pytest.approx(float(reference.pvalue), rel=1e-9)
    if method is not None:
        assert ours.method == method


def test_the_textbook_example_is_exact() -> None:
    males, females = [19, 22, 16, 29, 24], [20, 11, 17, 12]
    result = mann_whitney_u(males, females)
    assert (result.u, result.method) == (17.0, "exact")
    assert result.p_value == pytest.approx(1 / 9, rel=1e-12)
    one_sided = mann_whitney_u(females, males, "less")
    assert one_sided.u == 3.0 and one_sided.p_value == pytest.approx(1 / 18, rel=1e-12)


@pytest.mark.parametrize("alternative", ALTERNATIVES)
@pytest.mark.parametrize(
    ("x", "y", "method"),
    [
        ([1.2, 3.4, 0.5, 2.2, 5.1], [4.4, 6.1, 7.3, 5.5, 8.0, 9.9], "exact"),  # small, no ties
        ([0.1, 0.2, 0.3], [1.5, 1.1, 2.7, 0.4, 3.3, 0.25, 9.0, 4.0, 5.0, 6.0, 7.0, 8.0], "exact"),  # unequal
        ([10.0, 11.0, 12.0, 13.0], [1.0, 2.0, 3.0, 4.0], "exact"),  # complete separation
        ([1, 2, 2, 3, 3, 3], [2, 3, 4, 4, 5], "asymptotic"),  # ties
        ([5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 5], "asymptotic"),  # every value tied
        ([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0], "asymptotic"),  # identical samples
        ([float(i) for i in range(9)], [i + 0.5 for i in range(3, 15)], "asymptotic"),  # both larger than 8
        ([7.0], [3.0], "exact"),  # the smallest possible samples
    ],
)
def test_known_samples_agree_with_scipy(x: list[float], y: list[float], method: str, alternative: Alternative) -> None:
    assert_like_scipy(x, y, alternative, method)


def test_identical_samples_show_no_difference() -> None:
    result = mann_whitney_u([3.0, 1.0, 2.0, 5.0, 4.0], [1.0, 2.0, 3.0, 4.0, 5.0])
    assert result.u == 12.5 and result.p_value == 1.0


@pytest.mark.parametrize("alternative", ALTERNATIVES)
@pytest.mark.parametrize(("n1", "n2", "shift"), [(8, 200, 0.3), (3, 500, 1.5), (40, 60, 0.4), (300, 250, 0.2)])
def test_larger_random_samples_agree_with_scipy(n1: int, n2: int, shift: float, alternative: Alternative) -> None:
    rng = random.Random(n1 * 1000 + n2)
    x = [rng.gauss(shift, 1) for _ in range(n1)]
    y = [rng.gauss(0, 1) for _ in range(n2)]
    assert_like_scipy(x, y, alternative, "exact" if min(n1, n2) <= 8 else "asymptotic")


def test_a_clear_shift_is_significant_and_one_sided_tests_point_the_right_way() -> None:
    low = [101.0, 99.5, 100.2, 98.7, 100.9, 99.9, 100.4]
    high = [130.5, 128.1, 131.9, 129.4, 127.7, 133.0, 130.1]
    assert mann_whitney_u(high, low).p_value < 0.01
    assert mann_whitney_u(high, low, "greater").p_value < 0.01
    assert mann_whitney_u(high, low, "less").p_value > 0.99


def test_invalid_input_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        mann_whitney_u([], [1.0])
    with pytest.raises(ValueError, match="non-empty"):
        rank_biserial([1.0], [])
    with pytest.raises(ValueError, match="NaN"):
        mann_whitney_u([1.0, float("nan")], [1.0])
    with pytest.raises(ValueError, match="alternative"):
        mann_whitney_u([1.0], [2.0], "bigger")  # type: ignore[arg-type]  # on purpose: not an alternative


def test_rank_biserial_is_cliffs_delta() -> None:
    assert rank_biserial([5, 6, 7], [1, 2]) == 1.0
    assert rank_biserial([1, 2], [5, 6, 7]) == -1.0
    assert rank_biserial([1, 2, 3], [3, 2, 1]) == 0.0
    x, y = [1.0, 2.0, 2.0, 5.0], [2.0, 3.0, 0.5]
    pairs = [(a > b) - (a < b) for a in x for b in y]
    assert rank_biserial(x, y) == pytest.approx(sum(pairs) / len(pairs))
    assert rank_biserial(x, y) == pytest.approx(2 * mannwhitneyu(x, y).statistic / 12 - 1)


values = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4).map(float),  # small integers make ties likely
)


@settings(max_examples=300, deadline=None)
@given(
    x=st.lists(values, min_size=1, max_size=14),
    y=st.lists(values, min_size=1, max_size=14),
    alternative=st.sampled_from(ALTERNATIVES),
)
def test_random_small_samples_agree_with_scipy(x: list[float], y: list[float], alternative: Alternative) -> None:
    assert_like_scipy(x, y, alternative)
