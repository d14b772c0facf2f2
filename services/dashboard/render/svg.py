"""The one way SVG is written here: elements as values, rendered with every text and attribute escaped.

A plain string child is always text, never markup, so a service named `<script>` is drawn as those characters."""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
AttrValue = str | int | float | None
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]*")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Characters XML 1.0 forbids even escaped; a name carrying one would make the whole document unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: tuple[tuple[str, str], ...]
    children: tuple["Element | str", ...]


Child = Element | str | None


def num(value: float) -> str:
    """A coordinate as short, stable text: at most two decimals, no trailing zeros, never "-0"."""
    if not math.isfinite(value):
        raise ValueError(f"an SVG number must be finite, got {value!r}")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attr(value: str | int | float) -> str:
    if isinstance(value, bool):
        raise TypeError("an SVG attribute takes text or a number, not a bool")
    return value if isinstance(value, str) else num(value)


def el(tag: str, attrs: Mapping[str, AttrValue] | None = None, children: Iterable[Child] = ()) -> Element:
    """An element; attributes that are None are left out, children that are None are skipped."""
    if not _NAME.fullmatch(tag):
        raise ValueError(f"not an element name: {tag!r}")
    pairs: list[tuple[str, str]] = []
    for name, value in (attrs or {}).items():
        if not _NAME.fullmatch(name):
            raise ValueError(f"not an attribute name on <{tag}>: {name!r}")
        if value is not None:
            pairs.append((name, _attr(value)))
    return Element(tag, tuple(pairs), tuple(child for child in children if child is not None))


def text(x: float, y: float, content: str, attrs: Mapping[str, AttrValue] | None = None) -> Element:
    return el("text", {"x": x, "y": y, "fill": "currentColor", **(attrs or {})}, [content])


def clean(content: str) -> str:
    return _NOT_XML.sub("\ufffd", content)


def render(node: Element | str) -> str:
    if isinstance(node, str):
        return escape(clean(node), quote=False)
    attrs = "".join(f' {name}="{escape(clean(value), quote=True)}"' for name, value in node.attrs)
    if not node.children:
        return f"<{node.tag}{attrs}/>"
    inner = "".join(render(child) for child in node.children)
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def checked_id(value: str) -> str:
    """An id prefix for a figure's own ids (title, patterns, markers), unique on the page when several are drawn."""
    if not _ID.fullmatch(value):
        raise ValueError(f"an SVG id must start with a letter and hold only letters, digits, - and _: {value!r}")
    return value


def document(
    figure_id: str,
    size: tuple[int, int],
    title: str,
    desc: str,
    body: Iterable[Child],
    *,
    css_class: str,
    role: str = "img",
    display_width: str = "100%",
) -> str:
    """The outer <svg>: a viewBox so it scales to its container, named by its <title> and <desc>.

    role="img" for a chart (one picture, its numbers in <desc>); role="group" where the figure holds links, since an
    img's children are hidden from assistive technology."""
    prefix = checked_id(figure_id)
    width, height = size
    if width <= 0 or height <= 0:
        raise ValueError(f"an SVG size must be positive, got {width}x{height}")
    root = el(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "id": prefix,
            "class": css_class,
            "viewBox": f"0 0 {width} {height}",
            "width": display_width,
            "role": role,
            "aria-labelledby": f"{prefix}-title",
            "aria-describedby": f"{prefix}-desc",
            "font-family": "inherit",
            "font-size": 12,
        },
        [el("title", {"id": f"{prefix}-title"}, [title]), el("desc", {"id": f"{prefix}-desc"}, [desc]), *body],
    )
    return render(root)
