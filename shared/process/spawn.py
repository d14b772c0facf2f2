"""How a user command is started so that it dies with us, without a preexec hook where Linux's setpriv exists.

A preexec hook makes Python fork() the whole service, copying its page tables while the event loop waits: about
11 ms per command for a service holding 100 MB here, against 2 ms without one (Python then uses vfork). So the
death signal is set in the child instead: `setpriv --pdeathsig` sets it and execs a one-line shell guard, which
exits 137 if we died before that (its parent is no longer us: no signal would come), and otherwise execs the
command with exactly the environment given. What cannot start is told before spawning, in the words Python's own
error would use."""

import errno
import os
import shutil
import signal
import sys
from collections.abc import Callable, Mapping

from .parent import die_with_parent

SETPRIV = shutil.which("setpriv") if sys.platform.startswith("linux") and os.path.exists("/bin/sh") else None
GUARD = 'test "$PPID" = "{pid}" || exit 137; {pwd}; exec "$@"'
# The shell exports a PWD of its own: the command gets the one given, or none.
KEEP_PWD, NO_PWD = "PWD=$1; export PWD; shift", "unset PWD"


class CannotStart(OSError):
    """What Python would raise at exec: the errno, and the file it is about (the command or the cwd)."""


def _resolved(argv0: str, env: Mapping[str, str], cwd: str | None) -> str:
    if cwd is not None and not os.path.isdir(cwd):
        raise CannotStart(errno.ENOENT, os.strerror(errno.ENOENT), cwd)
    if "/" in argv0:
        path = os.path.join(cwd or ".", argv0)
        found = argv0 if os.path.isfile(path) and os.access(path, os.X_OK) else None
        exists = os.path.exists(path)
    else:
        search = os.pathsep.join(os.get_exec_path(dict(env)))
        found = shutil.which(argv0, path=search)
        exists = any(os.path.exists(os.path.join(d, argv0)) for d in search.split(os.pathsep))
    if found is None:
        code = errno.EACCES if exists else errno.ENOENT
        raise CannotStart(code, os.strerror(code), argv0)
    return found


def guarded(
    argv: list[str], env: Mapping[str, str], cwd: str | None, signum: int = signal.SIGKILL
) -> tuple[list[str], Callable[[], None] | None]:
    """The argv to spawn and the preexec hook still needed (None with setpriv). Raises CannotStart."""
    if SETPRIV is None:
        return argv, die_with_parent(signum)
    command = [_resolved(argv[0], env, cwd), *argv[1:]]
    if "PWD" in env:
        guard, command = GUARD.format(pid=os.getpid(), pwd=KEEP_PWD), [env["PWD"], *command]
    else:
        guard = GUARD.format(pid=os.getpid(), pwd=NO_PWD)
    name = signal.Signals(signum).name.removeprefix("SIG")
    return [SETPRIV, "--pdeathsig", name, "--", "/bin/sh", "-c", guard, "sh", *command], None
