"""The live clients, as a process of their own so their CPU is not the server's: COUNT WebSocket connections to URL
(with the Authorization header given, if any), each reading every frame. An event frame of the benchmark (its
deployment id starts with MARK) arrives carrying its XADD time as the event's occurred_at; the delay is the time
the frame was read here minus that. Says "ready" on stdout once every client is connected, then reads until each
has EXPECTED such events or the deadline passes, and writes what it saw as JSON to OUT.

    python -m bench._dashboard_clients URL COUNT EXPECTED SECONDS OUT [AUTHORIZATION]
"""

import asyncio
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect

MARK = "live-"
OCCURRED = '"occurred_at":"'


def sent_at(frame: str) -> float | None:
    """The XADD time a benchmark event's frame carries (its occurred_at); None for any other frame."""
    if f'"deployment_id":"{MARK}' not in frame:
        return None
    start = frame.find(OCCURRED)
    if start < 0:
        return None
    start += len(OCCURRED)
    return datetime.fromisoformat(frame[start : frame.index('"', start)]).timestamp()


async def _read(socket: ClientConnection, expected: int, delays: list[float]) -> int:
    """Frames until `expected` benchmark events arrived; how many did."""
    got = 0
    while got < expected:
        frame = await socket.recv()
        at = time.time()
        sent = sent_at(frame if isinstance(frame, str) else frame.decode())
        if sent is not None:
            delays.append((at - sent) * 1000)
            got += 1
    return got


async def main(url: str, count: int, expected: int, seconds: float, authorization: str | None) -> dict[str, object]:
    headers = {"Authorization": authorization} if authorization else {}
    sockets = [
        await connect(url, additional_headers=headers, open_timeout=30, max_size=2**24, ping_interval=None)
        for _ in range(count)
    ]
    print("ready", flush=True)
    delays: list[list[float]] = [[] for _ in sockets]
    tasks = [asyncio.create_task(_read(s, expected, d)) for s, d in zip(sockets, delays, strict=True)]
    cpu0 = time.process_time()
    done, pending = await asyncio.wait(tasks, timeout=seconds)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    errors = [repr(t.exception())[:200] for t in done if t.exception() is not None]
    cpu = time.process_time() - cpu0
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    return {"delays_ms": delays, "expected": expected, "cpu_s": cpu, "errors": errors[:5], "pid": os.getpid()}


if __name__ == "__main__":
    args = sys.argv[1:]
    seen = asyncio.run(main(args[0], int(args[1]), int(args[2]), float(args[3]), args[5] if len(args) > 5 else None))
    Path(args[4]).write_text(json.dumps(seen))
