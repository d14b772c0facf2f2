"""The plan's dependency graph as SVG: waves left to right, an arrow from each service to what it depends on, boxes
by health, the root cause and what it impacts marked. Call it once per moment of a replay with the states then;
the layout stays put, so the drawing changes only where the services did."""

from collections.abc import Collection, Mapping
from datetime import datetime
from itertools import pairwise

from .frame import Frame, empty_state
from .graph_node import NodeState, checked_state, checked_template, described, link, node
from .layout import BOX_WIDTH, HEADING, MARGIN, GraphLayout, Route
from .svg import AttrValue, Element, checked_id, document, el, num, text

NO_SERVICES = "No services in this plan"
_WAVE_LABEL: dict[str, AttrValue] = {"class": "wave-label", "text-anchor": "middle", "font-weight": 600}


def _path(route: Route) -> str:
    """Horizontal tangents at every point: smooth curves between columns, straight runs through waypoints."""
    x0, y0 = route.points[0]
    d = f"M{num(x0)} {num(y0)}"
    for (xa, ya), (xb, yb) in pairwise(route.points):
        bend = (xb - xa) / 2
        d += f"C{num(xa + bend)} {num(ya)} {num(xb - bend)} {num(yb)} {num(xb)} {num(yb)}"
    return d


def _edge(route: Route, prefix: str, hot: bool) -> Element:
    attrs: dict[str, AttrValue] = {"class": "edge edge-impacted" if hot else "edge", "d": _path(route)}
    attrs |= {"fill": "none", "stroke": "currentColor", "stroke-width": 2.5 if hot else 1.25}
    attrs |= {"stroke-opacity": 1 if hot else 0.6, "stroke-dasharray": "7 4" if hot else None}
    attrs |= {"marker-end": f"url(#{prefix}-arrow)", "data-from": route.service, "data-to": route.depends_on}
    return el("path", attrs, [el("title", {}, [f"{route.service} depends on {route.depends_on}"])])


def _arrow(prefix: str) -> Element:
    head = el("path", {"d": "M0 0L10 5L0 10Z", "fill": "currentColor"})
    shape: dict[str, AttrValue] = {"viewBox": "0 0 10 10", "refX": 10, "refY": 5, "orient": "auto"}
    shape |= {"markerWidth": 9, "markerHeight": 9, "markerUnits": "userSpaceOnUse"}  # the same on a thick edge
    return el("defs", {}, [el("marker", {"id": f"{prefix}-arrow", **shape}, [head])])


def _summary(layout: GraphLayout, states: Mapping[str, NodeState], root: set[str], hit: set[str]) -> str:
    count = sum(len(column) for column in layout.columns)
    words = [
        f"{count} service{'s' if count != 1 else ''} of {layout.environment} in {len(layout.columns)} waves,"
        " deployed left to right; each arrow points from a service to what it depends on."
    ]
    in_order = [name for column in layout.columns for name in column]
    if root:
        words.append(f"Root cause: {', '.join(name for name in in_order if name in root)}.")
    if hit:
        words.append(f"Impacted: {', '.join(name for name in in_order if name in hit)}.")
    for health in ("unhealthy", "degraded", "healthy", "unknown"):
        named = [name for name in in_order if states[name].health == health]
        if named:
            words.append(f"{health.capitalize()}: {', '.join(named)}.")
    return " ".join(words)


def graph_svg(
    layout: GraphLayout,
    states: Mapping[str, NodeState],
    *,
    href: str,
    root_cause: Collection[str] = (),
    impacted: Collection[str] = (),
    graph_id: str = "plan-graph",
    title: str | None = None,
    at: datetime | None = None,
) -> str:
    """states, root_cause and impacted may name services the plan no longer has (a replay of an older revision):
    those are left out; a service without a state is drawn as unknown. `at` is the moment a replay frame shows."""
    prefix, template = checked_id(graph_id), checked_template(href)
    names = set(layout.boxes)
    known = {name: checked_state(name, states.get(name, NodeState())) for name in sorted(names)}
    root, hit = set(root_cause) & names, (set(impacted) & names) - set(root_cause)
    heading = title or f"Dependency graph of {layout.environment}"
    moment = f"At {f'{at:%Y-%m-%d %H:%M:%S %Z}'.strip()}. " if at else ""
    if not names:
        size = (480, 200)
        frame = Frame(*size, left=16, top=16)
        body = [empty_state(frame, NO_SERVICES)]
        return document(prefix, size, heading, f"{NO_SERVICES}.", body, css_class="graph graph-empty", role="group")
    headings = [
        text(layout.column_x(wave) + BOX_WIDTH / 2, MARGIN + HEADING / 2, f"Wave {wave + 1}", _WAVE_LABEL)
        for wave in range(len(layout.columns))
    ]
    trouble = root | hit
    edges = [_edge(route, prefix, route.service in hit and route.depends_on in trouble) for route in layout.routes]
    nodes = []
    for name in [name for column in layout.columns for name in column]:
        box, state = layout.boxes[name], known[name]
        role = "root cause" if name in root else "impacted" if name in hit else ""
        about = described(box, state, role, layout.depends_on.get(name, []), layout.dependents.get(name, []))
        url = link(template, name, layout.environment)
        nodes.append(node(box, state, url, root_cause=name in root, impacted=name in hit, title=about))
    size = (int(layout.width + 0.5), int(layout.height + 0.5))
    body = [_arrow(prefix), el("g", {"class": "waves"}, headings), el("g", {"class": "edges"}, edges)]
    body.append(el("g", {"class": "nodes"}, nodes))
    desc = moment + _summary(layout, known, root, hit)
    return document(prefix, size, heading, desc, body, css_class="graph", role="group")
