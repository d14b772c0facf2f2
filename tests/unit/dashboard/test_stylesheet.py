"""The checked-in stylesheet (services/dashboard/static/app.css) is what the pinned Tailwind CLI builds from the
templates and scripts today: a class added to a template without a rebuild would be missing from the page."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BUILT = ROOT / "services/dashboard/static/app.css"


def test_the_checked_in_stylesheet_is_the_one_the_pinned_cli_builds(tmp_path: Path) -> None:
    fresh = tmp_path / "app.css"
    done = subprocess.run(
        ["bash", str(ROOT / "scripts/build-css.sh"), str(fresh)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert fresh.read_text() == BUILT.read_text(), "stale: run scripts/build-css.sh and commit static/app.css"


def test_the_stylesheet_has_what_the_pages_rely_on() -> None:
    css = BUILT.read_text()
    for needed in ("prefers-color-scheme:dark", "focus-visible", ".sr-only", "data-state=live", "min-width:40rem"):
        assert needed in css, needed
    assert "http://" not in css and "https://" not in css.replace("https://tailwindcss.com", "")  # nothing fetched
