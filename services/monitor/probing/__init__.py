"""The monitor's probe layer: probe a health endpoint over HTTP and judge its answer."""

from .aiohttp_prober import AiohttpProber
from .httpx_prober import HttpxProber
from .parse import MAX_BODY, Parsed, parse_health
from .prober import Prober, make_prober
from .result import ProbeResult, Status
from .words import WORDS

__all__ = [
    "MAX_BODY",
    "WORDS",
    "AiohttpProber",
    "HttpxProber",
    "Parsed",
    "ProbeResult",
    "Prober",
    "Status",
    "make_prober",
    "parse_health",
]
