"""Lighthouse as a child process: an argument list (never a shell) in a process group of its own, with the chromium
it starts (in a session of its own) found by the audit's browser profile, and both killed when the audit ends, also
when it times out, is cancelled or crashes."""

import asyncio
import contextlib
import os
import signal

from services.monitor.providers.errors import ProviderError


async def run_audit(
    command: list[str], env: dict[str, str], timeout_s: float, shown: str, profile: str
) -> tuple[bytes, bytes, int]:
    """Runs `command` to its end or `timeout_s` (ProviderError); its (stdout, stderr, exit code)."""
    try:
        process = await asyncio.create_subprocess_exec(
            *command,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        raise ProviderError("lighthouse", f"cannot start {command[0]}: {error}", shown) from None
    assert process.stdout is not None and process.stderr is not None
    out, err = bytearray(), bytearray()  # kept as they come, so a timeout still has the reason read so far
    try:
        async with asyncio.timeout(timeout_s):
            _, _, code = await asyncio.gather(_drain(process.stdout, out), _drain(process.stderr, err), process.wait())
    except TimeoutError:
        reason = f"took longer than {timeout_s:g}s and was stopped: {tail(bytes(err))}"
        raise ProviderError("lighthouse", reason, shown) from None
    finally:  # also when cancelled, or when lighthouse crashed and left its browser running
        _kill_group(process.pid)
        kill_browser(profile)
        if process.returncode is None:
            await process.wait()
    return bytes(out), bytes(err), code


async def _drain(stream: asyncio.StreamReader, into: bytearray) -> None:
    while chunk := await stream.read(1 << 16):
        into += chunk


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def kill_browser(profile: str) -> None:
    """chrome-launcher starts chromium in a session of its own: find it (and its helpers) by the audit's profile."""
    marker = f"--user-data-dir={profile}".encode() + b"\0"
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                if marker not in file.read():
                    continue
            group = os.getpgid(int(entry))
        except OSError:
            continue
        if group == os.getpgrp():  # never this process's own group
            with contextlib.suppress(OSError):
                os.kill(int(entry), signal.SIGKILL)
        else:
            _kill_group(group)


def tail(stderr: bytes, lines: int = 8) -> str:
    """The last lines of what the child wrote on stderr, on one line."""
    text = stderr.decode(errors="replace").strip().splitlines()
    return " | ".join(text[-lines:]) or "(nothing on stderr)"
