"""A live client that stops reading: a raw socket with a small receive buffer that asks for a live stream by hand
(a WebSocket handshake or an SSE request) and reads nothing after the response's headers, so the server's writes to
it block once the sockets' buffers are full. Afterwards the test reads all it was sent, to see how the server ended
it: the WebSocket's frames up to its close frame, or the SSE body up to the end of the connection."""

import asyncio
import base64
import json
import os
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

RECEIVE_BUFFER = 4096


@dataclass
class SlowClient:
    sock: socket.socket
    head: bytes  # the status line and headers
    body: bytes  # what arrived with them, and what read_rest() read later


async def slow_client(port: int, path: str, headers: Mapping[str, str], *, websocket: bool) -> SlowClient:
    """Sends the request and reads the response's headers only."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)  # before connecting: the window follows
    sock.setblocking(False)
    await loop.sock_connect(sock, ("127.0.0.1", port))
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    if websocket:
        key = base64.b64encode(os.urandom(16)).decode()
        lines += ["Upgrade: websocket", "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
    await loop.sock_sendall(sock, ("\r\n".join(lines) + "\r\n\r\n").encode())
    received = b""
    async with asyncio.timeout(10):
        while b"\r\n\r\n" not in received:
            chunk = await loop.sock_recv(sock, RECEIVE_BUFFER)
            assert chunk, f"the server closed the connection before its headers: {received!r}"
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return SlowClient(sock, head, body)


async def read_rest(client: SlowClient, done: "Done", within: float = 30) -> None:
    """Reads on until `done(body)` says so or the server closes the connection; fails after `within` seconds."""
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(within):
        while not done(client.body):
            chunk = await loop.sock_recv(client.sock, 1 << 16)
            if not chunk:
                return
            client.body += chunk


class Done:
    """Whether what was read so far holds its end; the default never does: read until the connection closes."""

    def __call__(self, body: bytes) -> bool:
        return False


class ClosedWebSocket(Done):
    """Done once a close frame arrived; parses the server's frames (never masked) as they come."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.close: tuple[int, str] | None = None
        self.offset = 0

    def __call__(self, body: bytes) -> bool:
        while self.close is None:
            frame = _frame(body, self.offset)
            if frame is None:
                return False
            opcode, payload, self.offset = frame
            if opcode == 0x1:
                self.texts.append(payload.decode())
            elif opcode == 0x8:
                code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
                self.close = (code, payload[2:].decode())
        return True

    def messages(self) -> list[dict[str, Any]]:
        return [json.loads(t) for t in self.texts]


def _frame(data: bytes, at: int) -> tuple[int, bytes, int] | None:
    """(opcode, payload, where the next frame starts) of the frame at `at`; None while it is incomplete."""
    if len(data) < at + 2:
        return None
    opcode, length, start = data[at] & 0x0F, data[at + 1] & 0x7F, at + 2
    if length >= 126:
        size = 2 if length == 126 else 8
        if len(data) < start + size:
            return None
        length, start = int.from_bytes(data[start : start + size], "big"), start + size
    if len(data) < start + length:
        return None
    return opcode, data[start : start + length], start + length


def sse_ids(chunked: bytes) -> list[str]:
    """The event ids in a chunked SSE body, in order (an incomplete last chunk is left out)."""
    body, at = b"", 0
    while (end := chunked.find(b"\r\n", at)) != -1:
        size = int(chunked[at:end], 16)
        if size == 0 or len(chunked) < end + 2 + size:
            break
        body += chunked[end + 2 : end + 2 + size]
        at = end + 4 + size
    return re.findall(r"^id: (\S+)$", body.decode(errors="replace"), re.MULTILINE)
