"""`flightdeck up` as a user runs it: a local Redis when none answers, five services, a clean Ctrl-C."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import redis

from shared.ports import free_port, free_run
from shared.redis_process import redis_answers
from tests.support.processes import ROOT


def _free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


async def _all_ready(base: int) -> bool:
    async with httpx.AsyncClient() as client:
        try:
            answers = [await client.get(f"http://127.0.0.1:{base + i}/health/ready") for i in range(5)]
        except httpx.TransportError:
            return False
    return all(a.status_code == 200 for a in answers)


async def test_up_starts_redis_and_every_service_then_stops_cleanly(tmp_path: Path) -> None:
    redis_port, base = free_port(), free_run(5)
    url = f"redis://127.0.0.1:{redis_port}/0"
    env = {**os.environ, "REDIS_URL": url, "FLIGHTDECK_DATA_DIR": str(tmp_path), "FLIGHTDECK_LOG_LEVEL": "WARNING"}
    log = tmp_path / "up.log"  # a file, not a pipe: a pipe nobody reads fills up and stalls every service
    with log.open("wb") as sink:
        up = subprocess.Popen(  # noqa: ASYNC220 (we signal it and read its exit code)
            [sys.executable, "-m", "cli", "up", "--port-base", str(base)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(600):
            if await _all_ready(base):
                break
            assert up.poll() is None, log.read_text()
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"the five services never all became ready:\n{log.read_text()[-5000:]}")
        assert redis_answers(url)
        assert (tmp_path / "redis" / "appendonlydir").exists(), "the embedded Redis keeps its data"
        up.send_signal(signal.SIGINT)
        up.wait(timeout=30)
        output = log.read_text()
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
    assert up.returncode == 0, output
    assert "no Redis at" in output and "all services stopped" in output
    for offset, name in enumerate(("dashboard", "coordinator", "monitor", "alerter", "rollback")):
        assert f"{name} (:{base + offset})" in output
    assert not redis_answers(url), "the Redis that up started is stopped with it"


async def test_services_and_redis_stop_when_up_is_killed(tmp_path: Path) -> None:
    redis_port, base = free_port(), free_run(5)
    url = f"redis://127.0.0.1:{redis_port}/0"
    env = {**os.environ, "REDIS_URL": url, "FLIGHTDECK_DATA_DIR": str(tmp_path), "FLIGHTDECK_LOG_LEVEL": "WARNING"}
    with (tmp_path / "up.log").open("wb") as sink:
        up = subprocess.Popen(  # noqa: ASYNC220
            [sys.executable, "-m", "cli", "up", "--port-base", str(base)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(600):
            if await _all_ready(base):
                break
            await asyncio.sleep(0.1)
        up.kill()  # SIGKILL: `up` cannot stop anything itself
        up.wait()
        for _ in range(300):
            if not any(not _free(base + i) for i in range(5)) and not redis_answers(url):
                break
            await asyncio.sleep(0.1)
        assert all(_free(base + i) for i in range(5)), "the services died with `up`"
        assert not redis_answers(url), "and so did its Redis"
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()


async def test_up_starts_its_redis_again_when_it_dies_and_the_services_resume(tmp_path: Path) -> None:
    redis_port, base = free_port(), free_run(5)
    url = f"redis://127.0.0.1:{redis_port}/0"
    env = {**os.environ, "REDIS_URL": url, "FLIGHTDECK_DATA_DIR": str(tmp_path), "FLIGHTDECK_LOG_LEVEL": "WARNING"}
    log = tmp_path / "up.log"
    with log.open("wb") as sink:
        up = subprocess.Popen(  # noqa: ASYNC220
            [sys.executable, "-m", "cli", "up", "--port-base", str(base)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        await _until(lambda: _all_ready(base), up, log)
        client = redis.Redis.from_url(url)
        client.set("kept", "yes")
        client.bgrewriteaof()
        pid = int(client.info("server")["process_id"])
        client.close()
        os.kill(pid, signal.SIGKILL)  # Redis dies under the running services
        await _until(lambda: _restarted(url, pid), up, log)
        await _until(lambda: _all_ready(base), up, log)
        assert redis.Redis.from_url(url).get("kept") == b"yes", "the same data came back"
        up.send_signal(signal.SIGINT)
        up.wait(timeout=30)
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
    output = log.read_text()
    assert "redis-server exited with code" in output and "redis-server is back" in output, output[-3000:]
    assert "Traceback" not in output and "exited with code 1" not in output, output[-3000:]
    for name in ("coordinator", "monitor", "alerter", "rollback", "dashboard"):
        said = [line for line in output.splitlines() if line.strip().startswith(f"{name} |")]
        assert sum("cannot reach Redis" in line for line in said) <= 1, said


async def _restarted(url: str, old_pid: int) -> bool:
    try:
        client = redis.Redis.from_url(url)
        try:
            return int(client.info("server")["process_id"]) != old_pid
        finally:
            client.close()
    except redis.ConnectionError:
        return False


async def _until(check: Callable[[], Awaitable[bool]], up: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(600):
        if await check():
            return
        assert up.poll() is None, _tail(log)
        await asyncio.sleep(0.1)
    raise AssertionError(f"still waiting after 60s:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text()[-5000:]
