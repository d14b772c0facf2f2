"""Redis servers the CLI tests need beyond the session's: one that asks for a password."""

import shutil
import subprocess
from collections.abc import Iterator

import pytest

from shared.redis_process import free_port, wait_for_redis


@pytest.fixture(name="guarded_redis")
def guarded_redis_fixture() -> Iterator[str]:
    """host:port of a redis-server of its own that asks for the password s3cret (shared.redis_process takes no
    extra arguments)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--requirepass",
            "s3cret",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_redis(f"redis://:s3cret@127.0.0.1:{port}/0", process)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
