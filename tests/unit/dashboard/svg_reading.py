"""Reading rendered SVG back in tests: parsed by xml.etree (so it must be well-formed), tags without namespace."""

import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg", root.tag
    for node in root.iter():
        node.tag = node.tag.removeprefix(SVG)
    return root


def found(root: ET.Element, tag: str, css_class: str | None = None) -> list[ET.Element]:
    return [node for node in root.iter(tag) if css_class is None or css_class in node.get("class", "").split()]


def words(root: ET.Element) -> list[str]:
    """Each <text>'s words as drawn (a space at either end is not)."""
    return ["".join(node.itertext()).strip() for node in root.iter("text")]


def floats(nodes: list[ET.Element], attribute: str) -> list[float]:
    return [float(node.get(attribute, "nan")) for node in nodes]
