"""The dashboard's API as its process serves it: sign-in, tokens and users, the reads and the writes, mounted beside
/health and /metrics on the service's own port."""

from starlette.routing import Mount

from services.dashboard.auth.admin_routes import admin_router
from services.dashboard.auth.guard import Auth
from services.dashboard.auth.login_routes import login_router
from services.dashboard.digests import DigestScheduler
from services.dashboard.live.feed import Feed
from services.dashboard.live.hub import Hub
from services.dashboard.live.routes import live_router
from services.dashboard.pages.routes import mount_pages
from services.dashboard.readmodel.analytics_reader import AnalyticsReader
from services.dashboard.readmodel.queries import ReadModel
from shared.keys.auth import AuthKeys
from shared.keys.dashboard import DashboardKeys
from shared.runtime import ServiceContext
from shared.runtime.service import VERSION

from .activity import activity_router
from .alert_board import alert_board_router
from .alerting import alerting_router
from .analytics import analytics_router
from .analytics_figures import AnalyticsFigures
from .api import build_api, served
from .attention import attention_router
from .operations import operations_router
from .plans import plans_router
from .previews import previews_router
from .reads import reads_router
from .writes import writes_router


def mount_api(context: ServiceContext) -> None:
    auth = Auth(context.redis, AuthKeys.of(context.keys), https=context.settings.dashboard_url.startswith("https:"))
    model = ReadModel(context.redis, DashboardKeys.of(context.keys))
    analytics = AnalyticsFigures(AnalyticsReader(context.redis, DashboardKeys.of(context.keys)))
    hub = Hub(context.redis, context.keys.events, queue_size=context.settings.live_queue)
    context.background.append(hub.run)
    digests = DigestScheduler(
        context.redis,
        DashboardKeys.of(context.keys),
        context.plans,
        analytics,
        context.publisher,
        context.settings.digest_interval,
    )
    context.background.append(digests.run)
    routers = [
        login_router(auth, context.settings.dashboard_url),
        admin_router(auth),
        reads_router(auth, model, context.plans),
        activity_router(auth, model),
        attention_router(auth, model, context.plans),
        analytics_router(auth, analytics),
        writes_router(auth, model, context.plans, context.publisher),
        previews_router(auth, model, context.plans),
        alerting_router(auth, model, context.publisher),
        alert_board_router(auth, model, context.plans),
        plans_router(auth, context),
        operations_router(auth, context.redis, context.keys),
        live_router(auth, Feed(hub, model, context.name), context.settings.dashboard_url),
    ]
    app = build_api(routers, VERSION)
    mount_pages(app, auth, model, context.plans, analytics)  # the pages and their static files, beside /api/v1
    context.routes.append(Mount("/", app=served(app)))
