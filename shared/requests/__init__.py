"""What people ask Flightdeck to do, checked the same way at every door (the CLI, the dashboard's API): each
request is a model, and a function that turns it into the event to publish or raises RequestError naming the
field and what to fix. The CLI shows the field as its option (--version), the API as the field (version)."""

from .errors import RequestError

__all__ = ["RequestError"]
