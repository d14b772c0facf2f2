"""How a service is judged healthy: its health endpoints and the gate that waits for them."""

from pydantic import PositiveInt

from shared.plan.types import PositiveDuration, StrictModel, Url


class Health(StrictModel):
    """Probing of /health/ready (the gate) and /health/detailed (watching while the new version bakes)."""

    ready: Url | None = None
    detailed: Url | None = None
    interval: PositiveDuration = 5.0
    timeout: PositiveDuration = 2.0
    passes_to_ready: PositiveInt = 3
    failures_to_degraded: PositiveInt = 3
    gate_timeout: PositiveDuration = 300.0
