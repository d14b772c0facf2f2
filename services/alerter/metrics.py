"""The alerter's Prometheus figures: what it sent, retried and gave up, and how long an alert took to go out."""

from prometheus_client import Counter, Histogram

NOTIFICATIONS = Counter(
    "flightdeck_alerter_notifications_total", "Sends by outcome (sent, retried, failed)", ["channel_type", "outcome"]
)
EVENT_TO_SENT = Histogram(
    "flightdeck_alerter_event_to_sent_seconds",
    "From the newest alert's event to the channel accepting its message",
    ["channel_type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800),
)
