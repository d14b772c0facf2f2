"""The dependency graph the dashboard draws, and a change's blast radius, from a plan as written."""

from services.dashboard.domain.graph import GraphEdge, PlanGraph, blast_radius, graph_of
from shared.plan import parse_plan
from shared.plan.resolve import resolve_for_environment

PLAN = """
version: 1
environments:
  staging: {}
  production:
    max_parallelism: 1
services:
  db-migrate: {kind: job, deploy: ["./migrate"]}
  api: {depends_on: [db-migrate], deploy: ["./api"], health: {ready: "http://127.0.0.1:1/health/ready"}}
  worker: {depends_on: [db-migrate], deploy: ["./worker"], health: {ready: "http://127.0.0.1:2/health/ready"}}
  web: {kind: frontend, depends_on: [api], deploy: ["./web"], health: {ready: "http://127.0.0.1:3/health/ready"}}
  docs: {kind: frontend, deploy: ["./docs"], health: {ready: "http://127.0.0.1:4/health/ready"}}
"""


def graph(environment: str = "staging") -> PlanGraph:
    return graph_of(resolve_for_environment(parse_plan(PLAN), environment))


def test_nodes_come_in_wave_order_with_their_kind_and_both_directions_of_dependency() -> None:
    drawn = graph()
    assert drawn.waves == [["db-migrate", "docs"], ["api", "worker"], ["web"]]
    assert [(node.name, node.wave) for node in drawn.nodes] == [
        ("db-migrate", 0), ("docs", 0), ("api", 1), ("worker", 1), ("web", 2)
    ]  # fmt: skip
    migrate = drawn.nodes[0]
    assert migrate.kind == "job" and migrate.depends_on == [] and migrate.dependents == ["api", "worker"]
    assert GraphEdge(service="web", depends_on="api") in drawn.edges
    assert len(drawn.edges) == 3


def test_an_environment_with_a_parallelism_limit_draws_its_own_waves() -> None:
    drawn = graph("production")
    assert drawn.max_parallelism == 1
    assert all(len(wave) == 1 for wave in drawn.waves)
    assert [node.wave for node in drawn.nodes] == [0, 1, 2, 3, 4]


def test_the_blast_radius_is_everything_downstream_in_wave_order_and_not_the_change_itself() -> None:
    drawn = graph()
    assert blast_radius(drawn, ["db-migrate"]) == ["api", "worker", "web"]
    assert blast_radius(drawn, ["api"]) == ["web"]
    assert blast_radius(drawn, ["api", "web"]) == []
    assert blast_radius(drawn, ["docs"]) == []
    assert blast_radius(drawn, ["no-such-service"]) == []
