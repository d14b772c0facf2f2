"""Instantly healthy endpoints for the orchestration benchmark: 200 on any path, in a child process of its own.

A child process, not a thread: the endpoints stand for the services being deployed, which live elsewhere, and a
server thread would compete with the coordinator for the benchmark process's GIL. Keep-alive (HTTP/1.1), so a
probe costs a request, not a TCP handshake each time. Run alone: `python bench/_orchestration_health.py`.
"""

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b'{"status": "pass"}'


class _Healthy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: without this, keep-alive waits 40 ms

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/health+json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


def serve() -> None:
    """Binds a free port on 127.0.0.1, prints it on one line, serves until killed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Healthy)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


@contextlib.contextmanager
def health_endpoint() -> Iterator[str]:
    """Starts the server and yields its base URL (http://127.0.0.1:PORT); stops it when the block ends."""
    process = subprocess.Popen([sys.executable, __file__], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line:
            raise RuntimeError(f"the health endpoint did not start (exit code {process.poll()})")
        yield f"http://127.0.0.1:{int(line)}"
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    serve()
