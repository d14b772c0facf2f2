"""Static files are cached for a year only under the URL naming their current content, and every one of them (and
every template) is shipped with the package."""

import re
import tomllib
from pathlib import Path

from services.dashboard.pages.assets import FOREVER, REVALIDATE, cache_control
from services.dashboard.pages.environment import asset, fingerprint


def test_only_the_fingerprinted_url_of_the_current_content_is_kept_forever() -> None:
    current = fingerprint("app.css").encode()
    assert asset("app.css") == f"/static/app.css?v={current.decode()}"
    assert cache_control("app.css", b"v=" + current, 200) == FOREVER
    assert cache_control("app.css", b"v=0123456789ab", 200) == REVALIDATE  # a page older or newer than the file
    assert cache_control("app.css", b"", 200) == REVALIDATE
    assert cache_control("js/live.js", b"", 200) == REVALIDATE  # a module's import carries no fingerprint
    assert cache_control("app.css", b"v=" + current, 304) == REVALIDATE
    assert cache_control("missing.css", b"v=abc", 200) == REVALIDATE


def test_every_template_and_static_file_goes_into_the_wheel_and_the_image() -> None:
    root = Path(__file__).resolve().parents[3]
    package = root / "services/dashboard"
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    shipped = {path for pattern in globs["services.dashboard"] for path in package.glob(pattern)}
    for folder in ("templates", "static"):
        for path in (package / folder).rglob("*"):
            if path.is_file():
                assert path in shipped, f"{path.relative_to(root)} is not in pyproject's package-data"


def test_no_page_loads_a_script_twice_under_two_urls() -> None:
    """A template loads its entry scripts by fingerprinted URL, imports load modules by their plain one: a module
    that is both (one page's entry, imported by another of that page's modules) would run twice, each copy with
    its own listeners and reads."""
    root = Path(__file__).resolve().parents[3] / "services/dashboard"
    js = root / "static/js"
    imports = {path.name: set(re.findall(r'from "\./([\w.]+\.js)"', path.read_text())) for path in js.glob("*.js")}
    assert imports, "no scripts found"
    templates = {path.name: path.read_text() for path in (root / "templates").glob("*.html")}

    def entries(name: str) -> set[str]:  # what a page loads by asset(), its includes and parent template included
        text = templates[name]
        found = set(re.findall(r"asset\('js/([\w.]+\.js)'\)", text))
        for other in re.findall(r"""{% (?:include|extends) ["']([\w.]+\.html)["']""", text):
            found |= entries(other)
        return found

    for name in templates:
        loaded, closure, frontier = entries(name), set(), set()
        for entry in loaded:
            frontier |= imports[entry]
        while frontier:
            closure |= frontier
            frontier = {i for module in frontier for i in imports.get(module, set())} - closure
        assert not loaded & closure, f"{name} loads {sorted(loaded & closure)} as a page script and as an import"
