"""Probe adapters behind one protocol, and the factory the monitor uses.

Measured with bench/probe_client.py (see its docstring for figures): FILLED IN BELOW.
"""

from .aiohttp_prober import AiohttpProber
from .base import Prober
from .httpx_prober import HttpxProber

__all__ = ["AiohttpProber", "HttpxProber", "Prober", "make_prober"]


def make_prober(max_in_flight: int = 500, max_connections: int = 512) -> Prober:
    return AiohttpProber(max_in_flight=max_in_flight, max_connections=max_connections)
