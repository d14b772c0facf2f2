"""The self-contained report of one deployment: one HTML document with its stylesheet inlined (the dashboard's
built CSS and a few print rules), no scripts and nothing fetched from anywhere, so it can be mailed, archived or
printed as it is. Its content security policy allows exactly that inlined stylesheet (by its hash) and nothing
else, so a report opened from the dashboard cannot make a request either. Pure."""

import base64
import hashlib
import re
from urllib.parse import quote

PRINT_CSS = """
#graph svg { max-width: min(100%, 48rem); height: auto; }
@page { margin: 16mm; }
@media print {
  html, body { background: #fff !important; color: #000 !important; }
  .report-section { break-inside: avoid-page; }
  a { color: inherit !important; text-decoration: none !important; }
  svg { max-width: 100%; height: auto; }
}
"""
_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def report_css(app_css: str) -> str:
    return app_css + PRINT_CSS


def style_hash(css: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()


def report_policy(css: str) -> str:
    """Nothing but the one inlined stylesheet (and data: images)."""
    return (
        f"default-src 'none'; style-src '{style_hash(css)}'; img-src data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def report_filename(deployment_id: str) -> str:
    """A file name any system takes: deployment-<id>.html with anything but letters, digits, _ . - made _."""
    return f"deployment-{_NAME.sub('_', deployment_id)}.html"


def disposition(deployment_id: str, download: bool) -> str:
    name = report_filename(deployment_id)
    return f"{'attachment' if download else 'inline'}; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
