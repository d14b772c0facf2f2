"""Static files are cached for a year only under the URL naming their current content, and every one of them (and
every template) is shipped with the package."""

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
