"""The dependency graph drawn: a linked box per service by wave, an arrow per dependency, health, the root cause and
what it impacts in classes, shapes and words; a replay frame drawn on the same layout."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.dashboard.render.graph_node import NodeState
from services.dashboard.render.graph_svg import graph_svg
from services.dashboard.render.layout import GraphLayout, layout_graph
from tests.unit.dashboard.graph_building import plan_graph
from tests.unit.dashboard.svg_reading import found, parsed, words

HREF = "/environments/{environment}/services/{service}"
EVIL = "<script>alert(1)</script>"


def staging() -> GraphLayout:
    waves = [["db", "docs"], ["api", "worker"], ["web"]]
    return layout_graph(plan_graph(waves, {"api": ["db"], "worker": ["db"], "web": ["api"]}))


def draw(
    layout: GraphLayout,
    states: dict[str, NodeState] | None = None,
    *,
    root_cause: Collection[str] = (),
    impacted: Collection[str] = (),
    at: datetime | None = None,
) -> str:
    return graph_svg(layout, states or {}, href=HREF, root_cause=root_cause, impacted=impacted, at=at)


def boxes(root: ET.Element) -> dict[str, tuple[float, float]]:
    return {
        link.get("data-service", ""): (float(rect.get("x", "0")), float(rect.get("y", "0")))
        for link in found(root, "a")
        for rect in found(link, "rect", "node-box")
    }


def test_a_link_per_service_and_an_arrow_per_dependency_waves_left_to_right() -> None:
    root = parsed(draw(staging()))
    links = found(root, "a", "node")
    assert [link.get("data-service") for link in links] == ["db", "docs", "api", "worker", "web"]
    assert links[2].get("href") == "/environments/staging/services/api"
    placed = boxes(root)
    assert placed["db"][0] == placed["docs"][0] < placed["api"][0] == placed["worker"][0] < placed["web"][0]
    edges = found(root, "path", "edge")
    assert {(e.get("data-from"), e.get("data-to")) for e in edges} == {("api", "db"), ("worker", "db"), ("web", "api")}
    (marker,) = found(root, "marker")
    assert {e.get("marker-end") for e in edges} == {f"url(#{marker.get('id')})"}
    assert words(found(root, "g", "waves")[0]) == ["Wave 1", "Wave 2", "Wave 3"]
    assert root.get("role") == "group" and root.findtext("title") == "Dependency graph of staging"


def test_health_is_a_class_a_glyph_and_a_word_and_a_missing_state_is_unknown() -> None:
    states = {"db": NodeState("healthy"), "api": NodeState("degraded", "verifying"), "web": NodeState("unhealthy")}
    root = parsed(draw(staging(), states))
    by_name = {link.get("data-service"): link for link in found(root, "a")}
    assert by_name["db"].get("class") == "node health-healthy"
    assert by_name["api"].get("class") == "node health-degraded step-verifying"
    assert by_name["worker"].get("class") == "node health-unknown"
    assert words(by_name["api"]) == ["api", "! degraded", "verifying"]
    assert words(by_name["web"])[1] == "✕ unhealthy" and words(by_name["worker"])[1] == "? unknown"
    assert by_name["api"].get("aria-label") == "api ! degraded verifying, wave 2"
    read = "".join("".join(t.itertext()) for t in by_name["api"].iter("text"))  # as axe reads the link's text
    assert " ".join(read.split()) == "api ! degraded verifying", "the name is in the text, word for word"
    assert by_name["api"].findtext("title") == "api: wave 2, degraded, verifying. Depends on db. Needed by web."


def test_the_root_cause_is_ringed_and_what_it_impacts_dashed_with_the_path_between_them_marked() -> None:
    root = parsed(draw(staging(), {"db": NodeState("unhealthy")}, root_cause={"db"}, impacted={"api", "worker", "web"}))
    by_name = {link.get("data-service"): link for link in found(root, "a")}
    assert "root-cause" in (by_name["db"].get("class") or "") and found(by_name["db"], "rect", "node-ring")
    assert (
        words(by_name["db"])[-1] == "ROOT CAUSE"
        and by_name["db"].get("aria-label") == "db ✕ unhealthy ROOT CAUSE, wave 1"
    )
    for name in ("api", "worker", "web"):
        assert "impacted" in (by_name[name].get("class") or "") and words(by_name[name])[-1] == "impacted"
        assert found(by_name[name], "rect", "node-box")[0].get("stroke-dasharray") == "5 3"
    assert not found(by_name["docs"], "rect", "node-ring") and "impacted" not in (by_name["docs"].get("class") or "")
    assert len(found(root, "path", "edge-impacted")) == 3
    desc = root.findtext("desc") or ""
    assert "Root cause: db. Impacted: api, worker, web. Unhealthy: db. Unknown: docs, api, worker, web." in desc


def test_a_hostile_service_name_is_text_and_its_link_is_quoted() -> None:
    layout = layout_graph(plan_graph([[EVIL], ["api"]], {"api": [EVIL]}, environment="prod & co"))
    svg = draw(layout, {EVIL: NodeState("healthy")}, root_cause={EVIL})
    assert "<script>" not in svg
    root = parsed(svg)
    (link,) = [a for a in found(root, "a") if a.get("data-service") == EVIL]
    assert link.get("href") == "/environments/prod%20%26%20co/services/%3Cscript%3Ealert%281%29%3C%2Fscript%3E"
    assert words(link)[0].startswith("<script>")
    assert (link.get("aria-label") or "").startswith(words(link)[0]), "the name starts with the words shown"


def test_each_replay_frame_keeps_the_boxes_where_they_were_and_says_its_moment() -> None:
    layout = staging()
    before = parsed(
        draw(layout, {"api": NodeState("healthy", "deploying")}, at=datetime(2026, 3, 1, 14, 2, 7, tzinfo=UTC))
    )
    after = parsed(draw(layout, {"api": NodeState("unhealthy", "rolled back")}, root_cause={"api"}, impacted={"web"}))
    assert boxes(before) == boxes(after)
    assert (before.findtext("desc") or "").startswith("At 2026-03-01 14:02:07 UTC. 5 services of staging in 3 waves")
    api = next(a for a in found(after, "a") if a.get("data-service") == "api")
    assert api.get("class") == "node health-unhealthy step-rolled-back root-cause"


def test_names_the_plan_no_longer_has_are_left_out_and_bad_input_is_named() -> None:
    root = parsed(draw(staging(), {"gone": NodeState("healthy")}, root_cause={"gone"}, impacted={"gone"}))
    assert "gone" not in "".join(words(root)) and "Root cause" not in (root.findtext("desc") or "")
    with pytest.raises(ValueError, match=r"the health of 'api' is 'sick'; expected one of healthy, degraded"):
        draw(staging(), {"api": NodeState("sick")})
    with pytest.raises(ValueError, match=r"must hold \{service\}"):
        graph_svg(staging(), {}, href="/services/")


def test_a_plan_without_services_draws_its_empty_state() -> None:
    root = parsed(draw(layout_graph(plan_graph([], {}))))
    assert words(found(root, "g", "empty-state")[0]) == ["No services in this plan"]
    assert not found(root, "a") and root.findtext("desc") == "No services in this plan."


SCRIPT = """
from services.dashboard.render.graph_node import NodeState
from services.dashboard.render.graph_svg import graph_svg
from services.dashboard.render.layout import layout_graph
from tests.unit.dashboard.graph_building import plan_graph
waves = [["db", "cache", "docs"], ["api", "worker", "search"], ["web", "admin"], ["e2e"]]
deps = {"api": ["db"], "worker": ["cache"], "search": ["db"], "web": ["worker", "api"], "admin": ["search", "cache"],
        "e2e": ["web", "db"]}
states = {"db": NodeState("unhealthy", "rolled back"), "web": NodeState("healthy")}
print(graph_svg(layout_graph(plan_graph(waves, deps)), states, href="/s/{service}", root_cause={"db", "cache"},
                impacted={"api", "search", "web", "admin", "e2e"}))
"""


def test_the_same_input_draws_the_same_bytes_whatever_the_hash_seed_orders_sets_by() -> None:
    root = Path(__file__).resolve().parents[3]
    drawn = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(drawn) == 1 and "Root cause: db, cache." in drawn.pop()
