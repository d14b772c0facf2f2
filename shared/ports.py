"""Free TCP ports for the servers we start (tests, benchmarks, the demo), chosen below the kernel's ephemeral range.

bind(0) hands out a port from the ephemeral range, the same range every outgoing connection takes its local port
from. Between our releasing such a port and a server binding it, a client socket (a Redis connection of a service
starting at that moment) can take it, and the server fails with "address already in use" for as long as that
connection lives. Ports below the range are never given to outgoing connections, so only another listener can take
them, and this process never hands out the same port twice."""

import random
import socket
import threading
from pathlib import Path

_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_FLOOR = 20000  # above the well-known and most registered servers' ports
_ATTEMPTS = 500
_given: set[int] = set()
_lock = threading.Lock()
_random = random.SystemRandom()  # independent of tests that seed the global generator


def free_port() -> int:
    return free_run(1)


def free_run(count: int) -> int:
    """The first of `count` consecutive ports nothing listens on, none handed out before by this process."""
    ceiling = _ephemeral_floor() - count
    with _lock:
        if ceiling > _FLOOR:
            for _ in range(_ATTEMPTS):
                base = _random.randint(_FLOOR, ceiling)
                ports = range(base, base + count)
                if not _given.intersection(ports) and all(_bindable(port) for port in ports):
                    _given.update(ports)
                    return base
        if count == 1:  # no room below the ephemeral range on this machine: the kernel's choice
            return _kernel_port()
    raise RuntimeError(f"no run of {count} free ports between {_FLOOR} and {ceiling + count}")


def _ephemeral_floor() -> int:
    try:
        return int(_RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _kernel_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
