"""The Now page's live timelines, decided from plain values: one per deployment in flight (pages/progress_view.py),
and the blank parts the page script clones for a timeline that arrives or changes live."""

from dataclasses import dataclass
from datetime import datetime

from services.dashboard.domain.views import TERMINAL, DeploymentView

from .progress_view import Milestone, Progress, ServiceBox, Step, Wave, progress_of


@dataclass(frozen=True)
class Blanks:
    progress: Progress
    wave: Wave
    box: ServiceBox
    step: Step
    milestone: Milestone


BLANKS = Blanks(
    progress=Progress("", False, "", "", "", "", [], [], []),
    wave=Wave(0, "", []),
    box=ServiceBox("", "", False, []),
    step=Step("", "", ""),
    milestone=Milestone("", "", ""),
)


def progress_by_id(views: list[DeploymentView], now: datetime) -> dict[str, Progress]:
    """The timeline of each deployment in flight, by id (an ended one is a row of the recent list only)."""
    return {view.id: progress_of(view, now) for view in views if view.status not in TERMINAL}
