"""Running a service's restart command: rendered from the plan, under the service's command lock (one command per
service at a time, shared with the coordinator's deploy and rollback jobs), its output not kept (a command may
print what it was given, secrets too) and secrets masked out of the detail that travels in the event."""

import os
from dataclasses import dataclass

from shared.command_lock import CommandLock
from shared.plan import RenderError, references, render_command
from shared.plan.services import Service
from shared.process import run_command

from .domain.masking import masked


@dataclass(frozen=True)
class Ran:
    ok: bool
    exit_code: int | None
    detail: str


async def restart(locks: CommandLock, env: str, service: str, settings: Service, holder: str) -> Ran | str:
    """The command's outcome; or, when another command of the service runs now, who runs it (nothing was run)."""
    other = await locks.take(env, service, holder)
    if other is not None:
        return other
    async with locks.kept(env, service, holder):
        environ = dict(os.environ)
        try:
            argv = render_command(settings.restart or [], {"service": service, "environment": env}, environ)
        except RenderError as exc:
            return Ran(False, None, f"cannot run the restart command: {exc}")
        result = await run_command(argv, env=environ, timeout_s=settings.timeouts.rollback, on_line=_ignore)
    secrets = [environ.get(name) for name in references(settings.restart)]
    return Ran(result.ok, result.exit_code, masked(result.reason(), secrets))


async def _ignore(stream: str, line: str) -> None:
    return None
