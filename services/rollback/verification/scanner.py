"""The plan's external scanner (Trivy, Grype, a ZAP baseline ...): its argv filled in like a deploy command, run
without a shell, bounded by its timeout; its exit code and the tail of its output go into the report."""

import asyncio
import contextlib
import os
import signal
from collections.abc import Mapping, Sequence

from shared.plan.placeholders import RenderError, render_command

from ..domain.verification.reply import Mismatch, excerpt

TAIL = 2000  # characters of the scanner's output kept in the report


async def run_scanner(
    argv: Sequence[str], values: Mapping[str, str | None], env: Mapping[str, str], timeout_s: float
) -> tuple[list[Mismatch], str]:
    """Mismatches (none when it exits 0) and the tail of its output."""
    try:
        command = render_command(argv, values, env)
    except RenderError as exc:
        return [Mismatch("a scanner command Flightdeck can fill in", str(exc))], ""
    try:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env=dict(env),
            start_new_session=True,  # its own process group: a timeout ends the scanner and everything it started
        )
    except OSError as exc:
        return [Mismatch(f"the scanner {command[0]} to start", f"{exc.strerror or exc}")], ""
    try:
        async with asyncio.timeout(timeout_s):
            output, _ = await process.communicate()
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
        return [Mismatch(f"the scanner to finish within {timeout_s:g}s", "it was still running; killed")], ""
    text = output.decode(errors="replace")
    tail = text[-TAIL:]
    if process.returncode != 0:
        return [Mismatch("the scanner to exit 0", f"exit code {process.returncode}: {excerpt(tail[-300:])}")], tail
    return [], tail
