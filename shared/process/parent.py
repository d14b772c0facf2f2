"""A child process that dies with its parent: Linux's PR_SET_PDEATHSIG, set between fork and exec."""

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up once in the parent: the child between fork and exec should do as little as possible."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


_PRCTL = _load_prctl()


def die_with_parent(signum: int = signal.SIGKILL) -> Callable[[], None] | None:
    """A preexec hook: the kernel signals the command when its parent dies (SIGKILL for a deploy command, so an
    orphan never overlaps the re-run another replica starts). Its own children are not covered; see the notes."""
    if _PRCTL is None:
        return None
    prctl, parent = _PRCTL, os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
        if os.getppid() != parent:  # the coordinator died between fork and prctl: no signal will come
            os._exit(137)

    return preexec
