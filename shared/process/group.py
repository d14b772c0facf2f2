"""A command's process group: signalling all of it, and telling whether any of it still runs.

Commands start in their own session (start_new_session), so their process group holds the command and every
child it started that did not start a session of its own.
"""

import asyncio
import contextlib
import os
import signal
from pathlib import Path

PROC = Path("/proc")


def signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _has_running_member(pgid: int) -> bool:
    """Linux: a member that is not a zombie. Zombies are dead; they only wait for init to reap them, and some
    inits (containers, sandboxes) take seconds to do so."""
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # after "pid (comm) ": state, ppid, pgrp, ...
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] not in ("Z", "X"):
            return True
    return False


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if PROC.joinpath("self").exists():
        return _has_running_member(pgid)
    return True


async def stop_group(pgid: int, leader_exited: "asyncio.Future[None]", grace_s: float) -> None:
    """SIGTERM to the group, up to grace_s for all of it to end, then SIGKILL whatever is left.

    `leader_exited` resolves when the group's leader (the command) has exited and been reaped.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace_s
    signal_group(pgid, signal.SIGTERM)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.shield(leader_exited), grace_s)
    while loop.time() < deadline:  # polled: the kernel offers no way to wait for a whole group to end
        if not group_alive(pgid):
            break
        await asyncio.sleep(0.05)
    signal_group(pgid, signal.SIGKILL)
    await asyncio.shield(leader_exited)
