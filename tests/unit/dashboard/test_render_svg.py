"""The element builder every drawing goes through: text and attributes escaped, numbers short and stable."""

import pytest

from services.dashboard.render.svg import document, el, num, render, text
from tests.unit.dashboard.svg_reading import parsed, words


def test_text_and_attributes_are_escaped_so_markup_in_a_name_stays_text() -> None:
    evil = "<script>alert(\"1\")</script> & 'x'"
    drawn = render(el("g", {"data-name": evil}, [text(1, 2, evil)]))
    assert "<script>" not in drawn
    root = parsed(
        document("fig", (100, 50), evil, evil, [el("g", {"data-name": evil}, [text(1, 2, evil)])], css_class="c")
    )
    assert root.findtext("title") == evil and root.findtext("desc") == evil
    assert words(root) == [evil]
    assert root.find("g") is not None and root.find("g").get("data-name") == evil  # type: ignore[union-attr]


def test_characters_xml_forbids_are_replaced_so_the_document_still_parses() -> None:
    root = parsed(document("fig", (10, 10), "a\x00b\x1bc", "", [], css_class="c"))
    assert root.findtext("title") == "a\ufffdb\ufffdc"


def test_numbers_are_short_and_never_negative_zero() -> None:
    assert [num(v) for v in (1.0, 2.5, 3.14159, -0.001, 100, 0.005)] == ["1", "2.5", "3.14", "0", "100", "0.01"]
    with pytest.raises(ValueError, match="finite"):
        num(float("nan"))


def test_none_attributes_and_children_are_left_out() -> None:
    assert render(el("path", {"d": "M0 0", "stroke-dasharray": None}, [None])) == '<path d="M0 0"/>'


@pytest.mark.parametrize("bad", ["1abc", "a b", "", 'x"y'])
def test_an_id_that_would_break_references_is_refused_by_name(bad: str) -> None:
    with pytest.raises(ValueError, match="SVG id"):
        document(bad, (10, 10), "t", "d", [], css_class="c")


def test_tag_and_attribute_names_are_checked() -> None:
    with pytest.raises(ValueError, match="element name"):
        el("g onload=x")
    with pytest.raises(ValueError, match="attribute name on <g>"):
        el("g", {'x" onload="y': 1})


def test_the_outer_svg_scales_and_is_named_by_its_title_and_desc() -> None:
    root = parsed(document("fig", (640, 280), "Title", "Desc", [], css_class="chart"))
    assert root.get("viewBox") == "0 0 640 280" and root.get("width") == "100%" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "fig-title" and root.get("aria-describedby") == "fig-desc"
    assert root.find("title") is not None and root.find("title").get("id") == "fig-title"  # type: ignore[union-attr]
