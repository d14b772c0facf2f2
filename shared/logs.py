"""Structured logs: one JSON object a line, carrying the service and, inside a handler, the event's ids."""

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

_secrets: set[str] = set()
_context: ContextVar[dict[str, Any] | None] = ContextVar("flightdeck_log_context", default=None)
_DROP = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "color_message"}


def redact(*values: str | None) -> None:
    """Values (a webhook URL, a password) that no log line may show: they are replaced by ****, wherever they are."""
    _secrets.update(value for value in values if value and len(value) >= 6)


def _redacted(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, "****")
    return text


def bind(**fields: Any) -> object:
    """Adds fields (deployment_id, event_id, ...) to every log line in this task until `unbind(token)`."""
    merged = {**(_context.get() or {}), **{k: v for k, v in fields.items() if v is not None}}
    return _context.set(merged)


def unbind(token: object) -> None:
    _context.reset(token)  # type: ignore[arg-type]


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        line.update(_context.get() or {})
        line.update({k: v for k, v in record.__dict__.items() if k not in _DROP and not k.startswith("_")})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        text = json.dumps(line, default=str)
        return _redacted(text) if _secrets else text


def configure(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # FastStream logs every message at INFO; our dispatcher logs what matters with ids instead.
    logging.getLogger("flightdeck.broker").setLevel(logging.WARNING)
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    # httpx and httpcore log every request's full URL, and a webhook URL is a secret.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def quiet_while(outage: logging.Filter) -> None:
    """Every handler of the root logger drops what `outage` drops (repeats of one Redis outage)."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(outage)
