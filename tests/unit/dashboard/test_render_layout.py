"""The graph's layout: columns by wave, each ordered by the barycentre heuristic to cross fewer edges than the order
it was given, long edges routed through waypoints."""

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.dashboard.render.layout import BOX_HEIGHT, BOX_WIDTH, layout_graph
from services.dashboard.render.ordering import crossings, order_layers
from tests.unit.dashboard.graph_building import plan_graph


def test_crossings_are_counted_between_adjacent_layers() -> None:
    assert crossings([["a", "b"], ["c", "d"]], [("a", "c"), ("b", "d")]) == 0
    assert crossings([["a", "b"], ["c", "d"]], [("a", "d"), ("b", "c")]) == 1
    complete = [("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")]
    assert crossings([["a", "b"], ["c", "d"]], complete) == 1  # K2,2 crosses once in any order
    assert crossings([["a", "b"], ["c", "d"]], [("d", "a"), ("c", "b")]) == 1  # either end may come first


def test_a_naive_order_that_crosses_is_untangled() -> None:
    layers = [["a", "b", "c"], ["x", "y", "z"], ["p", "q"]]
    links = [("a", "z"), ("b", "y"), ("c", "x"), ("z", "p"), ("x", "q")]
    assert crossings(layers, links) == 4
    ordered = order_layers(layers, links)
    assert crossings(ordered, links) == 0
    assert [sorted(layer) for layer in ordered] == [sorted(layer) for layer in layers]


def test_an_order_already_without_crossings_is_kept_as_given() -> None:
    layers = [["a", "b"], ["c", "d"], ["e"]]
    links = [("a", "c"), ("b", "d"), ("c", "e")]
    assert order_layers(layers, links) == layers


def test_links_that_skip_a_layer_or_name_nothing_and_names_in_two_layers_are_refused() -> None:
    with pytest.raises(ValueError, match="joins layers 0 and 2, not adjacent"):
        crossings([["a"], ["b"], ["c"]], [("a", "c")])
    with pytest.raises(ValueError, match="names 'zz', which is in no layer"):
        order_layers([["a"], ["b"]], [("a", "zz")])
    with pytest.raises(ValueError, match="'a' is in layer 0 and again in layer 1"):
        order_layers([["a"], ["a"]], [])


def test_a_sweep_that_would_cross_more_is_not_kept() -> None:
    # Found by search: here the barycentre sweeps end with 2 crossings where the given order has 1.
    layers = [["0a", "0b", "0c", "0d"], ["1a", "1b", "1c"], ["2a", "2b", "2c", "2d"]]
    links = [("0a", "1a"), ("0b", "1a"), ("0c", "1b"), ("0d", "1a"), ("0d", "1b")]
    links += [("1a", "2a"), ("1b", "2a"), ("1b", "2b"), ("1c", "2c"), ("1c", "2d")]
    assert crossings(layers, links) == 1
    assert crossings(order_layers(layers, links), links) <= 1


@st.composite
def layered(draw: st.DrawFn) -> tuple[list[list[str]], list[tuple[str, str]]]:
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    layers = [[f"n{index}-{n}" for n in range(size)] for index, size in enumerate(sizes)]
    links = {
        (draw(st.sampled_from(upper)), draw(st.sampled_from(lower)))
        for upper, lower in pairwise(layers)
        for _ in range(draw(st.integers(0, 6)))
    }
    return layers, sorted(links)


@settings(max_examples=150, deadline=None)
@given(layered())
def test_ordering_never_crosses_more_than_the_input_and_keeps_every_node_in_its_layer(
    case: tuple[list[list[str]], list[tuple[str, str]]],
) -> None:
    layers, links = case
    ordered = order_layers(layers, links)
    assert [sorted(layer) for layer in ordered] == [sorted(layer) for layer in layers]
    assert crossings(ordered, links) <= crossings(layers, links)
    assert order_layers(layers, links) == ordered  # deterministic


def test_columns_go_left_to_right_by_wave_and_boxes_in_a_column_do_not_overlap() -> None:
    graph = plan_graph(
        [["db", "cache"], ["api", "worker"], ["web"]], {"api": ["db"], "worker": ["cache"], "web": ["api"]}
    )
    layout = layout_graph(graph)
    for wave, column in enumerate(layout.columns):
        boxes = [layout.boxes[name] for name in column]
        assert {box.wave for box in boxes} == {wave} and len({box.x for box in boxes}) == 1
        tops = [box.y for box in boxes]
        assert all(lower - upper >= BOX_HEIGHT for upper, lower in pairwise(tops))
    lefts = [layout.boxes[column[0]].x for column in layout.columns]
    assert all(right - left > BOX_WIDTH for left, right in pairwise(lefts))
    assert all(
        box.x + BOX_WIDTH <= layout.width and box.y + BOX_HEIGHT <= layout.height for box in layout.boxes.values()
    )


def test_the_layout_untangles_waves_given_in_a_crossing_order() -> None:
    graph = plan_graph([["a", "b"], ["c", "d"]], {"c": ["b"], "d": ["a"]})
    layout = layout_graph(graph)
    links = [(edge.service, edge.depends_on) for edge in graph.edges]
    assert crossings(graph.waves, links) == 1 and crossings(layout.columns, links) == 0
    ends = {(route.service, route.points[0][1], route.points[-1][1]) for route in layout.routes}
    assert all(start == end for _, start, end in ends)  # each pair now level: no edge crosses another


def test_an_edge_that_skips_a_wave_passes_through_a_waypoint_between_the_boxes() -> None:
    graph = plan_graph([["db"], ["api"], ["web"]], {"api": ["db"], "web": ["api", "db"]})
    layout = layout_graph(graph)
    (long,) = [route for route in layout.routes if (route.service, route.depends_on) == ("web", "db")]
    web, db = layout.boxes["web"], layout.boxes["db"]
    assert long.points[0] == (web.x, web.y + BOX_HEIGHT / 2) and long.points[-1] == (
        db.x + BOX_WIDTH,
        db.y + BOX_HEIGHT / 2,
    )
    assert len(long.points) == 4  # into and out of the middle column
    api = layout.boxes["api"]
    waypoint_y = long.points[1][1]
    assert not api.y <= waypoint_y <= api.y + BOX_HEIGHT  # beside api's box, not through it
    assert layout.columns == [["db"], ["api"], ["web"]] and set(layout.boxes) == {"db", "api", "web"}


def test_a_dependency_in_a_later_wave_is_refused_naming_both() -> None:
    with pytest.raises(ValueError, match=r"'a' \(wave 1\) depends on 'b' \(wave 2\)"):
        layout_graph(plan_graph([["a"], ["b"]], {"a": ["b"]}))
