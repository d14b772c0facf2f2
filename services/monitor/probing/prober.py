"""Probe adapters behind one protocol, and the factory the monitor uses: aiohttp, because httpx cannot carry the load.

Measured with bench/probe_client.py on this machine (2 cores; 1,000 endpoint paths served by aiohttp in a separate
process, probed open loop at 1,000/s for 20 s, CPU of the probing process by getrusage):

- AiohttpProber (500 in flight, 512 connections): 1,000 probes/s, 0.19-0.20 CPU-s per 1,000 probes (0.2 of a core),
  p99 latency 1-3 ms. At 2,000/s: 0.16 CPU-s per 1,000. With 20 endpoints hanging past the 2 s timeout (40 probes
  stuck at any moment) it still completes 998/s at the same cost.
- HttpxProber, tuned (sniffio installed; in-flight requests bounded below the pool): only a tiny pool works. At 8 in
  flight / 16 connections, 820-1,000 probes/s at 0.78 CPU-s per 1,000 (0.8 of a core, 4x aiohttp). At 32/48 it fell
  to 250/s, at 100/128 to 230/s with timeouts, a full core busy. httpcore's pool does, on every request added and
  removed, a poll() syscall per idle connection and an O(connections^2) idle count, so cost grows with the pool. A
  small pool then cannot hold slow endpoints: with 20 hanging endpoints its 8 slots are taken by probes waiting out
  their timeout and it completes 150 probes/s; at 64/80 it reaches 560/s but spends a full core.

A monitor must keep probing precisely when endpoints hang, so the default is aiohttp. Prometheus' blackbox exporter
spends about 1.0 CPU-s per 1,000 probes here; aiohttp spends a fifth of that.
"""

from .aiohttp_prober import AiohttpProber
from .base import Prober
from .httpx_prober import HttpxProber

__all__ = ["AiohttpProber", "HttpxProber", "Prober", "make_prober"]


def make_prober(max_in_flight: int = 500, max_connections: int = 512) -> Prober:
    """The monitor's prober. `max_in_flight` bounds probes on the wire at once; with every endpoint hanging, it
    completes max_in_flight / timeout probes a second (500 / 2 s = 250/s), and queues the rest in order."""
    return AiohttpProber(max_in_flight=max_in_flight, max_connections=max_connections)
