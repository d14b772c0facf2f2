"""One notification on its way to its channel: what is kept of it between tries, and what a failed try leads to
(another try at a time, or giving up, each with its reason). Pure."""

import hashlib
import random
from dataclasses import dataclass

from pydantic import BaseModel

from shared.plan.alerting import Delivery as DeliveryPolicy

from .alert import Final, Notification, Retry
from .backoff import next_attempt


class PendingNotification(BaseModel):
    """A notification not sent yet, with its tries so far (stored until it is sent or given up)."""

    id: str
    notification: Notification
    attempts: int = 0
    first_at: float
    last_error: str = ""


def delivery_id(state: str, channel: str) -> str:
    """The same group state to the same channel is the same notification: one id, sent once."""
    return hashlib.sha256(f"{state}\x1f{channel}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class RetryAt:
    """Try again at `at`; `reason` is why the last try failed."""

    at: float
    reason: str


@dataclass(frozen=True)
class GiveUp:
    """Report the notification failed, for `reason`."""

    reason: str


AfterFailure = RetryAt | GiveUp


def after_failure(
    pending: PendingNotification,
    failed: Retry | Final,
    now: float,
    policy: DeliveryPolicy,
    rng: random.Random | None = None,
) -> AfterFailure:
    """What becomes of a notification whose try number `pending.attempts` (counting this one) failed at `now`:
    a final answer gives up at once; a passing one is tried again, unless the policy's deadline passed."""
    if isinstance(failed, Final):
        return GiveUp(failed.reason)
    at = next_attempt(pending.attempts, pending.first_at, now, policy, retry_after=failed.after_s, rng=rng)
    if at is None:
        tries = f"gave up after {pending.attempts} tries in {now - pending.first_at:.0f}s"
        return GiveUp(f"{failed.reason}; {tries}")
    return RetryAt(at, failed.reason)
