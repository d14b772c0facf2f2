"""One service's box in the dependency graph: a link named in words (service, health, what it is doing, root cause
or impacted), its health as a class for the page's colours and as a glyph and a word for everyone else."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from .frame import CHAR_WIDTH
from .layout import BOX_HEIGHT, BOX_WIDTH, Box
from .svg import AttrValue, Element, el, text

GLYPHS = {"healthy": "✓", "degraded": "!", "unhealthy": "✕", "unknown": "?"}
_FITS = int((BOX_WIDTH - 20) / CHAR_WIDTH)


@dataclass(frozen=True)
class NodeState:
    """A service at one moment: its health (the monitor's word) and, during a deployment, the step it is at."""

    health: str = "unknown"
    step: str | None = None  # "deploying", "verifying", "rolled back"...


def checked_state(service: str, state: NodeState) -> NodeState:
    if state.health not in GLYPHS:
        raise ValueError(f"the health of {service!r} is {state.health!r}; expected one of {', '.join(GLYPHS)}")
    return state


def link(template: str, service: str, environment: str) -> str:
    """The node's href: {service} and {environment} in the template filled in, URL-quoted."""
    return template.replace("{service}", quote(service, safe="")).replace("{environment}", quote(environment, safe=""))


def checked_template(template: str) -> str:
    if "{service}" not in template:
        raise ValueError(f"the node link template must hold {{service}}: {template!r}")
    return template


def _fit(words: str) -> str:
    return words if len(words) <= _FITS else words[: _FITS - 1] + "…"


def _slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-") or "step"


def _role(root_cause: bool, impacted: bool) -> str:
    return "root cause" if root_cause else "impacted" if impacted else ""


def accessible_name(box: Box, state: NodeState, role: str) -> str:
    """What a screen reader says for the link: its visible words first, as WCAG's "label in name" asks (a voice
    user says what they see), then the wave: 'api ✓ healthy deploying ROOT CAUSE, wave 2'."""
    shown = [_fit(box.name), f"{GLYPHS[state.health]} {state.health}", *([_fit(state.step)] if state.step else [])]
    shown += [role.upper() if role == "root cause" else role] if role else []
    return f"{' '.join(shown)}, wave {box.wave + 1}"


def described(box: Box, state: NodeState, role: str, depends_on: Sequence[str], dependents: Sequence[str]) -> str:
    facts = [f"wave {box.wave + 1}", state.health, *([state.step] if state.step else []), *([role] if role else [])]
    sentence = f"{box.name}: {', '.join(facts)}."  # in full, where the box and its name may cut a long word
    if depends_on:
        sentence += f" Depends on {', '.join(depends_on)}."
    if dependents:
        sentence += f" Needed by {', '.join(dependents)}."
    return sentence


def _box(box: Box, *, root_cause: bool, impacted: bool) -> list[Element]:
    """The box, a ring around it for the root cause, a dashed edge for an impacted service: marked by shape too."""
    x, y = box.x, box.y
    drawn: dict[str, AttrValue] = {"class": "node-box", "x": x, "y": y, "width": BOX_WIDTH, "height": BOX_HEIGHT}
    drawn |= {"rx": 6, "fill": "currentColor", "fill-opacity": 0.08, "stroke": "currentColor"}
    drawn |= {"stroke-width": 3 if root_cause else 1.5, "stroke-dasharray": "5 3" if impacted else None}
    if not root_cause:
        return [el("rect", drawn)]
    ring: dict[str, AttrValue] = {"class": "node-ring", "x": x - 5, "y": y - 5, "rx": 10, "fill": "none"}
    ring |= {"width": BOX_WIDTH + 10, "height": BOX_HEIGHT + 10, "stroke": "currentColor", "stroke-width": 2}
    return [el("rect", ring), el("rect", drawn)]


def node(box: Box, state: NodeState, href: str, *, root_cause: bool, impacted: bool, title: str) -> Element:
    role = _role(root_cause, impacted)
    classes = ["node", f"health-{state.health}"]
    classes += [f"step-{_slug(state.step)}"] if state.step else []
    classes += ["root-cause"] if root_cause else ["impacted"] if impacted else []
    shapes = [
        el("title", {}, [title]),
        *_box(box, root_cause=root_cause, impacted=impacted and not root_cause),
        # each line ends in a space, drawn as nothing, so the link's text reads as words ("healthy gate", not
        # "healthygate") and its name (accessible_name) is found in it
        text(box.x + 10, box.y + 19, f"{_fit(box.name)} ", {"class": "node-name", "font-weight": 600}),
        text(box.x + 10, box.y + 35, f"{GLYPHS[state.health]} {state.health} ", {"class": "node-health"}),
    ]
    if state.step:
        shapes.append(text(box.x + 10, box.y + 51, f"{_fit(state.step)} ", {"class": "node-step"}))
    if role:
        shapes.append(text(box.x + 10, box.y + 67, role.upper() if root_cause else role, {"class": "node-role"}))
    # the name says the shown words in the order shown (accessible_name), so the two cannot drift apart
    label = accessible_name(box, state, role)
    return el("a", {"class": " ".join(classes), "href": href, "aria-label": label, "data-service": box.name}, shapes)
