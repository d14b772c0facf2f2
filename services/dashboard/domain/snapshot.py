"""What the read model answers besides deployments: a log line, and the snapshot a live client gets first when
the events it missed were already trimmed from the stream."""

from pydantic import Field

from .alerts import AlertView, SilenceView
from .service_state import ServiceView
from .views import DeploymentView, View

RECENT = 20


class LogLineView(View):
    id: str = Field(description="the stream id: pass the last one as `since` to read on")
    service: str = ""
    stream: str = Field("", description="stdout, stderr, or coordinator for the lines Flightdeck adds")
    line: str
    ts: str = ""


class Snapshot(View):
    """The read model as it stands, for what a live client watches (everything, one environment, or one
    deployment): its deployments (the in-flight ones, then the latest), the services, alerts and silences."""

    environment: str | None = None
    deployment: str | None = None
    deployments: list[DeploymentView] = Field(default_factory=list)
    services: list[ServiceView] = Field(default_factory=list)
    alerts: list[AlertView] = Field(default_factory=list)
    silences: list[SilenceView] = Field(default_factory=list)
