"""Where the dependency graph's boxes go: a column per wave, left to right in deploy order, each column ordered to
cross few edges. An edge that skips waves passes through a waypoint in each column between (the Sugiyama way),
so it is ordered with the rest and drawn around the boxes, not through them."""

from dataclasses import dataclass
from itertools import pairwise

from services.dashboard.domain.graph import PlanGraph

from .ordering import order_layers

BOX_WIDTH = 168.0
BOX_HEIGHT = 76.0  # name, health, step and root cause or impacted, a line each
WAYPOINT_HEIGHT = 14.0  # the room a passing edge takes in a column
COLUMN_GAP = 72.0
ROW_GAP = 16.0
MARGIN = 16.0
HEADING = 28.0  # "Wave 1" above each column
Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    name: str
    wave: int
    x: float  # top left
    y: float


@dataclass(frozen=True)
class Route:
    service: str
    depends_on: str
    points: tuple[Point, ...]  # from the service's box to its dependency's, through waypoints


@dataclass(frozen=True)
class GraphLayout:
    environment: str
    width: float
    height: float
    columns: list[list[str]]  # each wave's services, top to bottom
    boxes: dict[str, Box]
    routes: list[Route]
    depends_on: dict[str, list[str]]
    dependents: dict[str, list[str]]

    def column_x(self, wave: int) -> float:
        return MARGIN + wave * (BOX_WIDTH + COLUMN_GAP)


def _waypoint(service: str, dependency: str, wave: int) -> str:
    return f"\x00{service}\x00{dependency}\x00{wave}"  # no service name holds NUL, so no clash with one


def _layers(graph: PlanGraph) -> tuple[list[list[str]], list[tuple[str, str]], dict[tuple[str, str], list[str]]]:
    wave_of = {name: index for index, wave in enumerate(graph.waves) for name in wave}
    layers = [list(wave) for wave in graph.waves]
    links: list[tuple[str, str]] = []
    chains: dict[tuple[str, str], list[str]] = {}
    for edge in graph.edges:
        for end in (edge.service, edge.depends_on):
            if end not in wave_of:
                raise ValueError(f"the edge {edge.service} -> {edge.depends_on} names {end!r}, which is in no wave")
        low, high = wave_of[edge.depends_on], wave_of[edge.service]
        if low >= high:
            raise ValueError(f"{edge.service!r} (wave {high + 1}) depends on {edge.depends_on!r} (wave {low + 1})")
        chain = [edge.service, *(_waypoint(edge.service, edge.depends_on, w) for w in range(high - 1, low, -1))]
        chain.append(edge.depends_on)
        for waypoint, wave in zip(chain[1:-1], range(high - 1, low, -1), strict=True):
            layers[wave].append(waypoint)
        links.extend(pairwise(chain))
        chains[(edge.service, edge.depends_on)] = chain
    return layers, links, chains


def layout_graph(graph: PlanGraph, sweeps: int = 4) -> GraphLayout:
    """Computed once per plan; the page then draws every moment of a replay on the same layout."""
    layers, links, chains = _layers(graph)
    ordered = order_layers(layers, links, sweeps)
    heights = [sum(_height(name) for name in layer) + ROW_GAP * max(0, len(layer) - 1) for layer in ordered]
    tallest = max(heights, default=0.0)
    centre_y: dict[str, float] = {}
    boxes: dict[str, Box] = {}
    for wave, (layer, height) in enumerate(zip(ordered, heights, strict=True)):
        x = MARGIN + wave * (BOX_WIDTH + COLUMN_GAP)
        y = MARGIN + HEADING + (tallest - height) / 2  # columns centred on each other
        for name in layer:
            centre_y[name] = y + _height(name) / 2
            if not name.startswith("\x00"):
                boxes[name] = Box(name, wave, x, y)
            y += _height(name) + ROW_GAP
    wave_of = {name: wave for wave, layer in enumerate(ordered) for name in layer}
    routes = [
        Route(service, dependency, _points(chain, wave_of, centre_y)) for (service, dependency), chain in chains.items()
    ]
    columns = len(ordered)
    return GraphLayout(
        environment=graph.environment,
        width=2 * MARGIN + columns * BOX_WIDTH + max(0, columns - 1) * COLUMN_GAP,
        height=2 * MARGIN + HEADING + tallest,
        columns=[[name for name in layer if not name.startswith("\x00")] for layer in ordered],
        boxes=boxes,
        routes=routes,
        depends_on={node.name: list(node.depends_on) for node in graph.nodes},
        dependents={node.name: list(node.dependents) for node in graph.nodes},
    )


def _height(name: str) -> float:
    return WAYPOINT_HEIGHT if name.startswith("\x00") else BOX_HEIGHT


def _points(chain: list[str], wave_of: dict[str, int], centre_y: dict[str, float]) -> tuple[Point, ...]:
    """Leaves the service's box on its left, crosses each waypoint's column level, enters the dependency's right."""
    points: list[Point] = []
    for position, name in enumerate(chain):
        left = MARGIN + wave_of[name] * (BOX_WIDTH + COLUMN_GAP)
        if position > 0:
            points.append((left + BOX_WIDTH, centre_y[name]))
        if position < len(chain) - 1:
            points.append((left, centre_y[name]))
    return tuple(points)
