"""Running one user command: never through a shell, in its own process group, output streamed line by line,
and the whole group (the command and every child it started) killed at the timeout or on cancel.

`run_command` never raises for a command that fails or cannot start; it returns a ProcessResult saying why.
"""

import asyncio
import logging
import signal
import subprocess
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

from .group import group_alive, signal_group, stop_group
from .lines import LineSplitter
from .result import ProcessResult
from .spawn import guarded

__all__ = ["LineCallback", "ProcessResult", "run_command"]

LineCallback = Callable[[str, str], Awaitable[None]]
TAIL_LINES = 20
CHUNK = 64 * 1024
PIPE_CLOSE_S = 2.0  # after the group is gone, how long we wait for the pipes to report EOF
log = logging.getLogger("flightdeck.coordinator.execution")


class _Output:
    """Collects the tail and hands each line on; a failing callback (Redis down) must not stall the pipes."""

    def __init__(self, on_line: LineCallback) -> None:
        self.tail: deque[str] = deque(maxlen=TAIL_LINES)
        self.last_stderr: str | None = None
        self._on_line, self._complained = on_line, False

    async def emit(self, stream: str, line: str) -> None:
        self.tail.append(line)
        if stream == "stderr" and line.strip():
            self.last_stderr = line
        try:
            await self._on_line(stream, line)
        except Exception:
            if not self._complained:
                self._complained = True
                log.exception("a command output line could not be recorded; later failures are not logged")

    async def pump(self, reader: asyncio.StreamReader, stream: str) -> None:
        splitter = LineSplitter()
        while chunk := await reader.read(CHUNK):
            for line in splitter.feed(chunk):
                await self.emit(stream, line)
        for line in splitter.close():
            await self.emit(stream, line)


class _Protocol(asyncio.subprocess.SubprocessStreamProtocol):
    """Tells when the command itself exited. Python 3.11's Process.wait() also waits for the pipes to close,
    which a background child that inherited them can hold open for as long as it likes."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(limit=CHUNK, loop=loop)
        self.exited: asyncio.Future[None] = loop.create_future()

    def process_exited(self) -> None:
        super().process_exited()
        if not self.exited.done():
            self.exited.set_result(None)


async def _wait_exit(
    exited: "asyncio.Future[None]", timeout_s: float, cancel: asyncio.Event | None
) -> Literal["exited", "timeout", "cancel"]:
    waiters: dict[asyncio.Future[Any], str] = {asyncio.shield(exited): "exited"}
    if cancel is not None:
        waiters[asyncio.ensure_future(cancel.wait())] = "cancel"
    try:
        done, _ = await asyncio.wait(waiters, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    if not done:
        return "timeout"
    return "exited" if any(waiters[w] == "exited" for w in done) else "cancel"


def _start_error(argv: list[str], cwd: str | None, exc: Exception) -> str:
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if cwd and isinstance(exc, OSError) and exc.filename == cwd:
        return f"cannot run {argv[0]!r} in {cwd!r}: {detail}"
    return f"cannot run {argv[0]!r}: {detail}"


async def run_command(
    argv: list[str],
    *,
    env: Mapping[str, str],
    timeout_s: float,
    on_line: LineCallback,
    cancel: asyncio.Event | None = None,
    cwd: str | None = None,
    grace_s: float = 5.0,
) -> ProcessResult:
    """Runs argv with exactly `env` (merge os.environ yourself if wanted); see the module docstring."""
    started = time.monotonic()
    if not argv:
        return ProcessResult(None, False, False, 0.0, error="cannot run an empty command")
    if cancel is not None and cancel.is_set():
        return ProcessResult(None, False, True, 0.0, timeout_s=timeout_s)
    loop = asyncio.get_running_loop()
    try:
        spawned, preexec = guarded(argv, env, cwd)
        transport, protocol = await loop.subprocess_exec(
            lambda: _Protocol(loop),
            *spawned,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
            preexec_fn=preexec,
        )
    except (OSError, ValueError, subprocess.SubprocessError) as exc:  # the last: the preexec hook failed
        return ProcessResult(None, False, False, time.monotonic() - started, error=_start_error(argv, cwd, exc))
    pgid, output = transport.get_pid(), _Output(on_line)
    assert protocol.stdout is not None and protocol.stderr is not None
    readers = [
        asyncio.ensure_future(output.pump(protocol.stdout, "stdout")),
        asyncio.ensure_future(output.pump(protocol.stderr, "stderr")),
    ]
    try:
        ended = await _wait_exit(protocol.exited, timeout_s, cancel)
        if ended != "exited":
            await stop_group(pgid, protocol.exited, grace_s)
        duration = time.monotonic() - started
        if ended == "exited" and group_alive(pgid):
            # Background children outliving the command would hold our pipes open and could overlap a re-run.
            log.warning("%s left processes running after it exited; stopping them", argv[0])
            await stop_group(pgid, protocol.exited, grace_s)
        _, stuck = await asyncio.wait(readers, timeout=PIPE_CLOSE_S)
        for reader in stuck:  # a process that left the group (setsid) still holds a pipe: stop reading it
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
    except BaseException:  # our task was cancelled (shutdown): nothing we started may keep running
        signal_group(pgid, signal.SIGKILL)
        for reader in readers:
            reader.cancel()
        await asyncio.gather(asyncio.shield(protocol.exited), *readers, return_exceptions=True)
        raise
    finally:
        transport.close()  # closes our ends of the pipes; the process is gone by now
    return ProcessResult(
        exit_code=transport.get_returncode(),
        timed_out=ended == "timeout",
        cancelled=ended == "cancel",
        duration_s=duration,
        tail=list(output.tail),
        last_stderr=output.last_stderr,
        timeout_s=timeout_s,
    )
