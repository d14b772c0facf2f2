"""When to try a failed send again: exponential backoff with jitter, a channel's Retry-After, a deadline. Pure."""

import random

from shared.backoff import exponential, jittered
from shared.plan.alerting import Delivery as DeliveryPolicy


def next_attempt(
    attempt: int,
    first_at: float,
    now: float,
    policy: DeliveryPolicy,
    *,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float | None:
    """The time of the next try after `attempt` failed tries, or None when the deadline does not allow one.

    Without a Retry-After the delay is drawn between half and all of retry_initial * 2^(attempt-1), capped at
    retry_max, so replicas that failed together do not retry together. A Retry-After is honoured as given."""
    if retry_after is not None:
        delay = max(retry_after, 0.0)
    else:
        delay = jittered(exponential(attempt, policy.retry_initial, policy.retry_max), rng)
    at = now + delay
    return at if at <= first_at + policy.deadline else None
