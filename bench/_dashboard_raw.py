"""The live fan-out's baseline, as a process of its own: a plain WebSocket server (the websockets library) and one
raw XREAD loop on STREAM that writes each entry, framed as the dashboard frames it, to every connected client. No
auth, no per-client queue or filter, no read model: what a fan-out costs at least. Says "ready" on stdout once
listening; runs until terminated.

    python -m bench._dashboard_raw REDIS_URL STREAM PORT
"""

import asyncio
import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from redis.asyncio import Redis
from websockets.asyncio.server import ServerConnection, broadcast, serve

from bench._streams import Reply


def framed(entry_id: bytes, fields: dict[bytes, bytes]) -> str | None:
    data, kind = fields.get(b"__data__"), fields.get(b"type", b"")
    if data is None:
        return None
    return f'{{"kind":"event","id":"{entry_id.decode()}","type":"{kind.decode()}","event":{data.decode()}}}'


async def main(redis_url: str, stream: str, port: int) -> None:
    clients: set[ServerConnection] = set()

    async def handler(connection: ServerConnection) -> None:
        clients.add(connection)
        try:
            await connection.wait_closed()
        finally:
            clients.discard(connection)

    redis = Redis.from_url(redis_url)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with serve(handler, "127.0.0.1", port, ping_interval=None, max_size=2**24):
        print("ready", flush=True)
        last = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrevrange(stream, count=1))
        position = last[0][0].decode() if last else "0-0"  # "$" on each read would miss what came between two
        while not stop.is_set():
            reply = cast(Reply, await redis.xread({stream: position}, count=500, block=200))
            for _, entries in reply or []:
                for entry_id, fields in entries:
                    position = entry_id.decode()
                    frame = framed(entry_id, fields)
                    if frame is not None:
                        broadcast(clients, frame)
    await redis.aclose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))


@contextlib.contextmanager
def raw_fanout(redis_url: str, stream: str, port: int) -> Iterator[subprocess.Popen[str]]:
    """The baseline's process, from its "ready" until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench._dashboard_raw", redis_url, stream, str(port)],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the raw fan-out did not start (exit code {process.wait(timeout=30)})")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
