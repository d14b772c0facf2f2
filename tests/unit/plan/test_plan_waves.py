"""Dependency waves: examples on the shapes plans take, and properties on random graphs."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.plan import CycleError, PlanError, dependency_waves, find_cycles, parse_plan, rollback_waves
from tests.unit.plan.helpers import dump, with_services

Graph = dict[str, list[str]]


def test_a_diamond_runs_its_middle_in_parallel() -> None:
    graph = {"db": [], "api": ["db"], "worker": ["db"], "web": ["api", "worker"]}
    assert dependency_waves(graph) == [["db"], ["api", "worker"], ["web"]]


def test_a_chain_runs_one_at_a_time() -> None:
    graph = {"c": ["b"], "b": ["a"], "a": []}
    assert dependency_waves(graph) == [["a"], ["b"], ["c"]]


def test_a_wide_graph_is_split_to_respect_max_parallelism() -> None:
    graph: Graph = {f"s{i}": [] for i in range(5)} | {"web": [f"s{i}" for i in range(5)]}
    assert dependency_waves(graph) == [["s0", "s1", "s2", "s3", "s4"], ["web"]]
    assert dependency_waves(graph, max_parallelism=2) == [["s0", "s1"], ["s2", "s3"], ["s4"], ["web"]]
    assert dependency_waves(graph, max_parallelism=1) == [["s0"], ["s1"], ["s2"], ["s3"], ["s4"], ["web"]]


def test_disconnected_parts_share_waves() -> None:
    graph = {"a": [], "b": ["a"], "x": [], "y": ["x"], "z": ["y"], "lonely": []}
    assert dependency_waves(graph) == [["a", "lonely", "x"], ["b", "y"], ["z"]]


def test_an_empty_graph_has_no_waves() -> None:
    assert dependency_waves({}) == []


def test_rollback_undoes_the_waves_in_reverse_and_only_what_was_deployed() -> None:
    waves = [["db"], ["api", "worker"], ["web"]]
    assert rollback_waves(waves) == [["web"], ["api", "worker"], ["db"]]
    assert rollback_waves(waves, deployed={"db", "api"}) == [["api"], ["db"]]


def test_a_cycle_is_refused_naming_its_members() -> None:
    with pytest.raises(CycleError) as caught:
        dependency_waves({"a": ["c"], "b": ["a"], "c": ["b"], "d": []})
    assert str(caught.value) == (
        "dependency cycle: a -> c -> b -> a (each depends on the next, so none of them can start)"
    )
    assert [cycle.members for cycle in caught.value.cycles] == [("a", "b", "c")]


def test_a_dependency_outside_the_graph_and_a_bad_limit_are_errors() -> None:
    with pytest.raises(ValueError, match="api depends on db, which the graph does not contain"):
        dependency_waves({"api": ["db"]})
    with pytest.raises(ValueError, match="max_parallelism must be at least 1"):
        dependency_waves({"api": []}, max_parallelism=0)


@st.composite
def dags(draw: st.DrawFn) -> Graph:
    """Random DAGs: a service may only depend on services that come before it in a hidden order."""
    names = draw(st.lists(st.text("abcdefgh", min_size=1, max_size=4), min_size=1, max_size=12, unique=True))
    return {
        name: draw(st.lists(st.sampled_from(names[:index]), unique=True)) if index else []
        for index, name in enumerate(names)
    }


@st.composite
def graphs_with_a_cycle(draw: st.DrawFn) -> tuple[Graph, list[str]]:
    graph = draw(dags())
    loop = draw(st.lists(st.sampled_from(sorted(graph)), min_size=1, max_size=len(graph), unique=True))
    for here, there in zip(loop, loop[1:] + loop[:1], strict=True):
        if there not in graph[here]:
            graph[here].append(there)
    return graph, loop


@settings(deadline=None)
@given(graph=dags(), max_parallelism=st.one_of(st.none(), st.integers(min_value=1, max_value=5)))
def test_waves_respect_every_dependency(graph: Graph, max_parallelism: int | None) -> None:
    waves = dependency_waves(graph, max_parallelism)
    wave_of = {name: number for number, wave in enumerate(waves) for name in wave}
    assert sorted(wave_of) == sorted(graph)
    assert sum(len(wave) for wave in waves) == len(graph)
    for name, dependencies in graph.items():
        for dependency in dependencies:
            assert wave_of[dependency] < wave_of[name]
    assert all(wave and (max_parallelism is None or len(wave) <= max_parallelism) for wave in waves)
    assert find_cycles(graph) == []


@settings(deadline=None)
@given(case=graphs_with_a_cycle())
def test_graphs_with_a_cycle_are_always_refused(case: tuple[Graph, list[str]]) -> None:
    graph, loop = case
    with pytest.raises(CycleError) as caught:
        dependency_waves(graph)
    named = {member for cycle in caught.value.cycles for member in cycle.members}
    assert set(loop) <= named
    for cycle in caught.value.cycles:
        assert cycle.path[0] == cycle.path[-1]
        for here, there in zip(cycle.path, cycle.path[1:], strict=False):
            assert there in graph[here]


@settings(deadline=None)
@given(case=graphs_with_a_cycle())
def test_plans_with_a_cycle_are_always_refused(case: tuple[Graph, list[str]]) -> None:
    graph, loop = case
    data = with_services(**{name: {"depends_on": dependencies} for name, dependencies in graph.items()})
    with pytest.raises(PlanError) as caught:
        parse_plan(dump(data))
    reported = [f"{problem.path}: {problem.message}" for problem in caught.value.problems]
    knot = next(cycle for cycle in find_cycles(graph) if loop[0] in cycle.members)
    assert set(loop) <= set(knot.members)
    assert f"services.{knot.path[0]}.depends_on: {knot.describe()}" in reported
    assert all("dependency cycle: " in line or line.endswith(" depends on itself") for line in reported)
