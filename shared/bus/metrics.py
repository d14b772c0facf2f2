"""Prometheus metrics of the bus, labelled by service so one registry serves any number of them."""

from prometheus_client import Counter, Histogram

EVENTS_CONSUMED = Counter(
    "flightdeck_events_consumed_total", "Events a service's handler finished", ["service", "type"]
)
EVENTS_FAILED = Counter(
    "flightdeck_events_failed_total", "Handler attempts that raised (retried or dead-lettered)", ["service", "type"]
)
EVENTS_DEAD = Counter(
    "flightdeck_events_dead_lettered_total", "Entries moved to the dead-letter stream", ["service", "reason"]
)
EVENTS_RECLAIMED = Counter(
    "flightdeck_events_reclaimed_total", "Entries taken over from a replica that stopped acknowledging", ["service"]
)
HANDLER_SECONDS = Histogram(
    "flightdeck_handler_seconds",
    "Time a handler took for one event",
    ["service", "type"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
