"""What every page's routes share: the Auth, read model, plans and analytics the API uses, the templates, and the
three answers a page gives: the page rendered for who asked (never cached: it shows what only a user may see), a
redirect of an anonymous request to /login?next=..., and who may see pages at all (a viewer or more)."""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment

from services.dashboard.auth.csrf_mask import mask
from services.dashboard.auth.guard import Auth, Identity
from services.dashboard.domain.attention import may_roll_back, need_controls
from services.dashboard.domain.controls import may_control_somewhere
from services.dashboard.domain.roles import Allowed, Principal, authorize
from services.dashboard.readmodel.queries import ReadModel
from services.dashboard.web.analytics_figures import AnalyticsFigures
from services.dashboard.web.attention import needs_now
from shared.plan.cache import PlanCache

from .environment import pages_environment
from .views import login_location, nav

NO_STORE = {"Cache-Control": "no-store"}


@dataclass(frozen=True)
class Attention:
    """Needs attention as a page shows it: its list rendered (each need with the controls beside it that the person
    may use), how many, and a key of the list that changes when it does (the script swaps it only then)."""

    html: str
    count: int
    key: str


@dataclass
class Site:
    auth: Auth
    model: ReadModel
    plans: PlanCache  # the plan revisions, for the dependency graph a page draws
    analytics: AnalyticsFigures  # the figures /api/v1/analytics answers, remembered between answers
    env: Environment = field(default_factory=pages_environment)

    async def render(self, name: str, identity: Identity | None, path: str, **values: Any) -> HTMLResponse:
        """The page for who asked, with Needs attention as it stands (its script keeps it current)."""
        user = identity.principal if identity else None
        csrf = mask(identity.session.csrf) if identity and identity.session else None  # a fresh mask each page
        context: Mapping[str, Any] = {
            "user": user,
            "csrf_token": csrf,
            "nav": nav(path),
            "attention": await self.attention(user) if user else None,
            "confirm_dialog": may_control_somewhere(user),
            **values,
        }
        return HTMLResponse(self.env.get_template(name).render(context), headers=NO_STORE)

    async def attention(self, user: Principal) -> Attention:
        needs = await needs_now(self.model, self.plans)
        shown = [(need, need_controls(need, user), may_roll_back(need, user)) for need in needs]
        html = str(self.env.get_template("_attention_list.html").module.need_list(shown))  # type: ignore[attr-defined]
        return Attention(html, len(shown), hashlib.blake2b(html.encode(), digest_size=8).hexdigest())

    async def viewer(self, request: Request) -> Identity | None:
        """Who asked, when they may read; None for anonymous (or a principal with no read role)."""
        identity = await self.auth.identify(request)
        allowed = isinstance(authorize(identity.principal if identity else None, "read"), Allowed)
        return identity if allowed else None

    def to_login(self, request: Request) -> Response:
        return RedirectResponse(login_location(request.url.path, request.url.query), 303, headers=NO_STORE)
