"""`--profile`: where one extra deployment's time goes. cProfile of the whole process (coordinator, answerer,
watcher: all in-process) and every Redis round trip the process made, by the first command of the packet.

A round trip is one send_packed_command: a single command, or a whole pipeline / MULTI..EXEC (named after its
first command, so "MULTI" is a transaction and "WATCH" a WATCH that opens one). Blocking reads (XREADGROUP,
XREAD, BLPOP) are counted too; they wait, they do not cost.
"""

import contextlib
import cProfile
import io
import pstats
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

from redis.asyncio.connection import AbstractConnection


def _first_command(packet: Any) -> str:
    chunk = (
        packet
        if isinstance(packet, bytes | bytearray | memoryview | str)
        else b"".join(bytes(part) for part in list(packet)[:2])
    )
    head = bytes(chunk[:200], "utf-8") if isinstance(chunk, str) else bytes(chunk[:200])
    lines = head.split(b"\r\n")
    return lines[2].decode(errors="replace").upper() if len(lines) > 2 else "?"


class Profile:
    def __init__(self) -> None:
        self.round_trips: Counter[str] = Counter()
        self.wall_s = 0.0
        self.stats = ""


@contextlib.contextmanager
def profiled(top: int = 30, dump: str = "") -> Iterator[Profile]:
    result, profile = Profile(), cProfile.Profile()
    original = AbstractConnection.send_packed_command

    async def counting(self: AbstractConnection, command: Any, check_health: bool = True) -> None:
        result.round_trips[_first_command(command)] += 1
        await original(self, command, check_health)

    AbstractConnection.send_packed_command = counting  # type: ignore[method-assign]  # patched for the profile
    started = time.perf_counter()
    profile.enable()
    try:
        yield result
    finally:
        profile.disable()
        result.wall_s = time.perf_counter() - started
        AbstractConnection.send_packed_command = original  # type: ignore[method-assign]  # and restored
        if dump:
            profile.dump_stats(dump)
        text = io.StringIO()
        stats = pstats.Stats(profile, stream=text).strip_dirs()
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)
        result.stats = text.getvalue()


def report(profile: Profile, services: int) -> str:
    total = sum(profile.round_trips.values())
    lines = [
        f"\nprofile of one deployment ({profile.wall_s:.2f}s under cProfile, which slows Python down)",
        f"  Redis round trips: {total:,} ({total / services:.1f} per service). WATCH, EXISTS, GET, MULTI: the "
        "coordinator's transactions; EVALSHA: job claims and finishes; BLPOP: the runner waiting for jobs; "
        "XREADGROUP, XACK: both services' consumers; XADD: gate answers and log lines; XREAD: this benchmark's "
        "watcher",
    ]
    for name, count in profile.round_trips.most_common(15):
        lines.append(f"    {name:<12} {count:6,}  ({count / services:5.2f} per service)")
    lines.append(profile.stats)
    return "\n".join(lines)
