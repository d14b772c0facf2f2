"""Charts as the analytics page draws them, read back as XML: what is drawn, where, and what it says in words."""

from datetime import date, timedelta
from itertools import pairwise

import pytest

from services.dashboard.render.bar_chart import BarSeries, bar_chart
from services.dashboard.render.line_chart import Series, line_chart
from services.dashboard.render.sparkline import sparkline
from tests.unit.dashboard.svg_reading import floats, found, parsed, words

START = date(2026, 3, 1)
WEEK = [START + timedelta(days=n) for n in range(7)]
EVIL = "<script>alert(1)</script>"


def rates(values: list[float | None]) -> list[tuple[date, float | None]]:
    return list(zip(WEEK, values, strict=True))


def chart(series: list[Series], **options: object) -> str:
    return line_chart(series, chart_id="rate", title="Success rate", start=WEEK[0], end=WEEK[-1], unit="%", **options)  # type: ignore[arg-type]


def test_a_line_per_series_with_points_left_to_right_by_day_and_up_by_value() -> None:
    root = parsed(chart([Series("api", rates([90, 92, 94, 96, 98, 99, 100])), Series("web", rates([50] * 7))]))
    groups = [g for g in found(root, "g") if g.get("data-series")]
    assert [g.get("data-series") for g in groups] == ["api", "web"]
    api = found(groups[0], "circle", "marker")
    xs, ys = floats(api, "cx"), floats(api, "cy")
    assert len(api) == 7 and xs == sorted(xs) and ys == sorted(ys, reverse=True)
    assert floats(found(groups[1], "rect", "marker"), "y")[0] > ys[0]  # 50% is drawn below 90%
    assert root.get("role") == "img" and root.findtext("title") == "Success rate"


def test_the_value_axis_covers_the_data_and_the_range_asked_for() -> None:
    root = parsed(chart([Series("api", rates([90, 92, 94, 96, 98, 99, 100]))], y_range=(0, 100)))
    ticks = words(found(root, "g", "axis-y")[0])
    assert ticks[0] == "0%" and ticks[-1] == "100%"
    assert words(found(root, "g", "axis-x")[0]) == [f"Mar {n}" for n in range(1, 8)]


def test_a_day_without_a_value_breaks_the_line_and_an_area_is_filled_under_each_part() -> None:
    root = parsed(chart([Series("api", rates([90, 91, None, 93, 94, None, 96]))], area=True))
    assert len(found(root, "path", "line")) == 3 and len(found(root, "path", "area")) == 3


def test_series_differ_by_more_than_colour_marker_shape_dash_and_label() -> None:
    root = parsed(chart([Series(f"s{n}", rates([n] * 7)) for n in range(3)]))
    lines = found(root, "path", "line")
    assert len({line.get("stroke-dasharray") for line in lines}) == 3
    shapes = [
        {node.tag for node in g.iter() if "marker" in node.get("class", "")} for g in found(root, "g", "legend-item")
    ]
    assert len(shapes) == 3 and len({frozenset(shape) for shape in shapes}) >= 2  # circle, square, triangle path
    assert words(found(root, "g", "legend")[0]) == ["s0", "s1", "s2"]
    assert [g.get("class") for g in found(root, "g", "legend-item")] == [
        f"legend-item series series-{n}" for n in (1, 2, 3)
    ]


def test_desc_says_the_numbers_and_a_hostile_name_is_text() -> None:
    svg = chart([Series(EVIL, rates([80, None, 90, 85, None, None, 95]))])
    assert "<script>" not in svg
    root = parsed(svg)
    desc = root.findtext("desc") or ""
    assert "Mar 1 2026 to Mar 7 2026, by day." in desc
    assert f"{EVIL}: 4 values, lowest 80%, highest 95%, last 95% on Mar 7." in desc
    assert EVIL in words(root)


def test_no_data_draws_the_empty_state_with_its_message() -> None:
    for series in ([], [Series("api", rates([None] * 7))]):
        root = parsed(chart(series))
        assert "chart-empty" in root.get("class", "")
        assert words(found(root, "g", "empty-state")[0]) == ["No deployments in this range", "Mar 1 2026 to Mar 7 2026"]
        assert (root.findtext("desc") or "").startswith("No deployments in this range")
        assert not found(root, "path", "line")


def test_a_point_outside_the_range_is_refused_naming_the_series_and_day() -> None:
    with pytest.raises(ValueError, match=r"series 'api' has a point on 2026-03-09, outside"):
        chart([Series("api", [(date(2026, 3, 9), 1.0)])])


def bars(stacked: bool) -> str:
    series = [BarSeries("succeeded", [3, 0, 5]), BarSeries("failed", [1, 2, 0])]
    return bar_chart(["Mar 1", "Mar 2", "Mar 3"], series, chart_id="runs", title="Deployments", stacked=stacked)


def test_stacked_bars_sit_on_each_other_and_carry_their_total() -> None:
    root = parsed(bars(stacked=True))
    succeeded, failed = (found(g, "rect", "bar") for g in found(root, "g") if g.get("data-series"))
    assert len(succeeded) == 2 and len(failed) == 2  # no bar for a zero
    assert float(failed[0].get("y", "0")) + float(failed[0].get("height", "0")) == pytest.approx(
        float(succeeded[0].get("y", "0"))
    )
    assert failed[0].get("x") == succeeded[0].get("x")
    assert words(found(root, "g", "bar-values")[0]) == ["4", "2", "5"]
    assert root.findtext("desc") == (
        "3 buckets, stacked. succeeded: Mar 1 3, Mar 2 0, Mar 3 5; total 8. failed: Mar 1 1, Mar 2 2, Mar 3 0; total 3."
    )


def test_grouped_bars_stand_side_by_side_filled_with_patterns_the_legend_shares() -> None:
    root = parsed(bars(stacked=False))
    succeeded, failed = (found(g, "rect", "bar") for g in found(root, "g") if g.get("data-series"))
    assert float(failed[0].get("x", "0")) > float(succeeded[0].get("x", "0"))
    patterns = {p.get("id") for p in found(root, "pattern")}
    assert patterns == {"runs-pattern-1", "runs-pattern-2"}
    swatches = [g.find("rect") for g in found(root, "g", "legend-item")]
    assert [s.get("fill") for s in swatches if s is not None] == ["url(#runs-pattern-1)", "url(#runs-pattern-2)"]
    assert {bar.get("fill") for bar in failed} == {"url(#runs-pattern-2)"}


def test_bad_bar_input_is_refused_and_all_zero_is_the_empty_state() -> None:
    with pytest.raises(ValueError, match=r"series 'x' has 1 values for 2 buckets"):
        bar_chart(["a", "b"], [BarSeries("x", [1])], chart_id="c", title="t")
    with pytest.raises(ValueError, match=r"series 'x' has -1 for bucket 'b'"):
        bar_chart(["a", "b"], [BarSeries("x", [1, -1])], chart_id="c", title="t")
    root = parsed(bar_chart(["a"], [BarSeries("x", [0])], chart_id="c", title="t"))
    assert words(root) == ["No deployments in this range"] and not found(root, "rect", "bar")


def test_a_sparkline_ends_at_its_last_value_and_says_its_range() -> None:
    root = parsed(sparkline([90, 95, None, 80, 100], chart_id="spark", title="api success rate", unit="%"))
    assert root.get("width") == "120" and root.findtext("desc") == "4 values from 80% to 100%, last 100%."
    (line,) = found(root, "path", "sparkline-line")
    assert (line.get("d") or "").count("M") == 2  # the gap lifts the pen
    (last,) = found(root, "circle", "sparkline-last")
    assert float(last.get("cx", "0")) == 116 and float(last.get("cy", "0")) == 4  # right edge, top: the highest
    empty = parsed(sparkline([None], chart_id="spark", title="t"))
    assert empty.findtext("desc") == "No data yet." and found(empty, "path", "sparkline-empty")


def test_long_value_labels_get_room_and_a_phone_sized_chart_keeps_its_day_labels_apart() -> None:
    month = [START + timedelta(days=n) for n in range(30)]
    series = [Series("api", [(day, 1000.0 * n * n) for n, day in enumerate(month)])]
    svg = line_chart(series, chart_id="d", title="Duration", start=month[0], end=month[-1], unit=" ms", size=(390, 240))
    root = parsed(svg)
    ticks = found(found(root, "g", "axis-y")[0], "text")
    assert words(found(root, "g", "axis-y")[0])[-1] == "1000000 ms"
    assert all(float(t.get("x", "0")) - len(t.text or "") * 7 >= 0 for t in ticks)  # right-aligned, inside the box
    days = found(found(root, "g", "axis-x")[0], "text")
    xs = floats(days, "x")
    assert 2 <= len(days) <= 5 and all(b - a > len("Mar 30") * 7 for a, b in pairwise(xs))
    assert root.get("viewBox") == "0 0 390 240"


def test_a_quarter_of_days_marks_only_the_last_point_of_each_run_and_ticks_by_week() -> None:
    quarter = [START + timedelta(days=n) for n in range(90)]
    points: list[tuple[date, float | None]] = [(day, None if n == 45 else 95.0) for n, day in enumerate(quarter)]
    root = parsed(line_chart([Series("api", points)], chart_id="q", title="t", start=quarter[0], end=quarter[-1]))
    assert len(found(root, "circle", "marker")) - 1 == 2  # the legend's marker, then one per run
    assert found(root, "g", "axis-weeks") and "by week." in (root.findtext("desc") or "")
