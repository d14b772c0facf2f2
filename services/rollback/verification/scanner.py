"""The plan's external scanner (Trivy, Grype, a ZAP baseline ...): its argv filled in like a deploy command, run
without a shell, bounded by its timeout; its exit code and the tail of its output go into the report."""

import asyncio
import contextlib
import os
import shlex
import signal
from collections.abc import Mapping, Sequence

from shared.plan.placeholders import RenderError, render_command
from shared.plan.secrets import MASK, REFERENCE

from ..domain.verification.reply import Mismatch, excerpt
from .prepared import MASKED

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
    text = _scrubbed(output.decode(errors="replace"), argv, env)
    tail = text[-TAIL:]
    if process.returncode != 0:
        return [Mismatch("the scanner to exit 0", f"exit code {process.returncode}: {excerpt(tail[-300:])}")], tail
    return [], tail


def shown(argv: Sequence[str], values: Mapping[str, str | None]) -> str:
    """The scanner's command line as a person would run it, each secret masked."""
    try:
        return shlex.join(render_command(argv, values, MASKED))
    except RenderError:
        return shlex.join(argv)


def _scrubbed(text: str, argv: Sequence[str], env: Mapping[str, str]) -> str:
    """The scanner's output without the secrets its command was given (a scanner may echo its arguments)."""
    names = {token.group(1) for argument in argv for token in REFERENCE.finditer(argument) if token.group(1)}
    for value in sorted((env[n] for n in names if env.get(n)), key=len, reverse=True):
        text = text.replace(value, MASK)
    return text
