"""A local redis-server as a child process: for tests and benchmarks (throwaway) and `flightdeck up` (persistent)."""

import contextlib
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import redis

from shared.ports import free_port as free_port
from shared.process import die_with_parent


def wait_for_redis(url: str, process: subprocess.Popen[bytes] | None = None, within: float = 10) -> None:
    deadline = time.monotonic() + within
    client = redis.Redis.from_url(url)
    try:
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if process is not None and process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with code {process.returncode}") from None
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    finally:
        client.close()


def redis_answers(url: str) -> bool:
    try:
        wait_for_redis(url, within=0)
        return True
    except Exception:
        return False


class LocalRedis:
    """redis-server on 127.0.0.1 as our child; `start()` again after it died brings it back on the same port and
    with the same data (append-only file) when it has a data folder."""

    def __init__(self, port: int | None = None, data_dir: Path | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server is not installed: `sudo apt-get install redis-server` (scripts/setup.sh does)"
            )
        self.binary, self.port, self.data_dir = binary, port or free_port(), data_dir
        self.url = f"redis://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None

    def start(self) -> str:
        if self.data_dir is None and self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="flightdeck-redis-")
        folder = self.data_dir or Path(self._scratch.name if self._scratch else ".")
        folder.mkdir(parents=True, exist_ok=True)
        persistence = (
            ["--appendonly", "yes", "--save", "60 1"] if self.data_dir else ["--appendonly", "no", "--save", ""]
        )
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(folder),
                "--databases",
                "64",
                *persistence,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a terminal's Ctrl-C is for its owner, who stops it last
            preexec_fn=die_with_parent(signal.SIGTERM),  # and it stops with its owner, however the owner ends
        )
        wait_for_redis(self.url, self.process)
        return self.url

    def exited(self) -> int | None:
        """Its exit code once it died; None while it runs."""
        return self.process.poll() if self.process is not None else None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None


@contextlib.contextmanager
def redis_server(port: int | None = None, data_dir: Path | None = None) -> Iterator[str]:
    """Starts redis-server on 127.0.0.1 and yields its URL (no database number); stops it when the block ends.

    With `data_dir`, data persists there (append-only file); without, nothing is written to disk.
    """
    local = LocalRedis(port, data_dir)
    try:
        yield local.start()
    finally:
        local.stop()
