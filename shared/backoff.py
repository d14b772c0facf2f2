"""Exponential backoff, the one kind every retry loop uses (restarting a service, reconnecting to Redis, a command
that could not take its lock). Pure: the caller sleeps."""

import random
from dataclasses import dataclass, field


def exponential(attempt: int, first: float, most: float, factor: float = 2.0) -> float:
    """The delay before try `attempt + 1` after `attempt` failed tries (1, 2, ...): first * factor^(attempt-1),
    capped at `most`."""
    return min(most, first * factor ** max(attempt - 1, 0))


def jittered(delay: float, rng: random.Random | None = None) -> float:
    """Between half and all of `delay`, so replicas that failed together do not retry together."""
    return (rng or random).uniform(delay / 2, delay)


@dataclass
class Backoff:
    """The delays of one retry loop: `next()` after each failure, `reset()` after a success."""

    first: float
    most: float
    factor: float = 2.0
    failures: int = field(default=0, init=False)

    def next(self) -> float:
        self.failures += 1
        return exponential(self.failures, self.first, self.most, self.factor)

    def reset(self) -> None:
        self.failures = 0
