"""The plan file: the model, loading with readable problems, dependency waves, resolution and rendering.

Everything here is pure except store.py (Redis), which is not imported by this package on purpose.
"""

from shared.plan.alerting import Alerting, EmailChannel, EscalationStep, Route, SlackChannel, WebhookChannel
from shared.plan.errors import PlanError, Problem
from shared.plan.health import Health
from shared.plan.loader import DEFAULT_PLAN_FILE, load_plan, parse_plan
from shared.plan.model import Environment, Plan
from shared.plan.placeholders import PLACEHOLDERS, RenderError, render, render_command
from shared.plan.resolve import ResolvedPlan, UnknownEnvironmentError, effective_service, resolve_for_environment
from shared.plan.secrets import MissingSecretError, mask_secret, references, resolve_secrets
from shared.plan.services import RollbackPolicy, Service, ServiceSettings, Strategy, Timeouts
from shared.plan.sources import FilePlanSource, PlanSource, StoredPlan
from shared.plan.verification import Verification
from shared.plan.waves import Cycle, CycleError, dependency_waves, find_cycles, rollback_waves

__all__ = [
    "DEFAULT_PLAN_FILE",
    "PLACEHOLDERS",
    "Alerting",
    "Cycle",
    "CycleError",
    "EmailChannel",
    "Environment",
    "EscalationStep",
    "FilePlanSource",
    "Health",
    "MissingSecretError",
    "Plan",
    "PlanError",
    "PlanSource",
    "Problem",
    "RenderError",
    "ResolvedPlan",
    "RollbackPolicy",
    "Route",
    "Service",
    "ServiceSettings",
    "SlackChannel",
    "StoredPlan",
    "Strategy",
    "Timeouts",
    "UnknownEnvironmentError",
    "Verification",
    "WebhookChannel",
    "dependency_waves",
    "effective_service",
    "find_cycles",
    "load_plan",
    "mask_secret",
    "parse_plan",
    "references",
    "render",
    "render_command",
    "resolve_for_environment",
    "resolve_secrets",
    "rollback_waves",
]
