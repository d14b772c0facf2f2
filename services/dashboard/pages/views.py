"""What the pages show, decided from plain values: where a sign-in goes next, the nav, and the Now page's parts
(in flight, then recent) as rows of text. The page scripts (static/js/rows.js) fill a live row the same way."""

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from services.dashboard.domain.views import TERMINAL, DeploymentView

HOME = "/"
PAGES = (
    ("Now", "/"),
    ("History", "/history"),
    ("Services", "/services"),
    ("Analytics", "/analytics"),
    ("Alerts", "/alerts"),
)  # label, path


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    current: bool


def nav(path: str) -> list[NavItem]:
    return [NavItem(label, href, href == path) for label, href in PAGES]


def safe_next(asked: str | None) -> str:
    """The page to land on after signing in: a path on this site only (never //elsewhere or a scheme), else /.
    Whitespace and control characters are refused outright: a browser drops the tab of "/<tab>/evil.example"
    and goes elsewhere."""
    if not asked or not asked.startswith("/") or asked.startswith("//") or "\\" in asked:
        return HOME
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in asked):
        return HOME
    parts = urlsplit(asked)
    if parts.scheme or parts.netloc:
        return HOME
    return asked


def login_location(path: str, query: str = "") -> str:
    """Where an anonymous request for a page is sent: the login page, told to come back."""
    target = path + (f"?{query}" if query else "")
    return f"/login?next={quote(target, safe='/')}"


def when(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass(frozen=True)
class DeploymentRow:
    id: str
    status: str
    environment: str
    created_iso: str
    created_text: str
    versions: str
    requested_by: str
    reason: str


BLANK = DeploymentRow("", "", "", "", "", "", "", "")


def row_of(view: DeploymentView) -> DeploymentRow:
    versions = view.versions or ({"all": view.version} if view.version else {})
    return DeploymentRow(
        id=view.id,
        status=view.status,
        environment=view.environment,
        created_iso=view.created_at.astimezone(UTC).isoformat(),
        created_text=when(view.created_at),
        versions=", ".join(f"{service} {version}" for service, version in sorted(versions.items())) or "—",
        requested_by=view.requested_by,
        reason=f" — {view.reason}" if view.reason else "",
    )


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    empty: str
    rows: list[DeploymentRow]


def now_parts(views: list[DeploymentView]) -> list[Part]:
    """In flight (not ended), then recent (ended), each newest first."""
    ordered = sorted(views, key=lambda v: (v.created_at, v.id), reverse=True)
    flying = [row_of(v) for v in ordered if v.status not in TERMINAL]
    ended = [row_of(v) for v in ordered if v.status in TERMINAL]
    return [
        Part("in-flight", "In flight", "No deployment in flight.", flying),
        Part("recent", "Recent", "No deployment has ended yet.", ended),
    ]
