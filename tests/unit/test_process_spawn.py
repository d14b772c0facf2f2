"""How a command is spawned to die with its parent: through setpriv's death signal and a shell guard rather than
a preexec hook (which forces fork()), never running when its parent is no longer the one that asked, and telling
what cannot start before it is spawned."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.process.spawn import SETPRIV, CannotStart, guarded

pytestmark = pytest.mark.skipif(SETPRIV is None, reason="setpriv is Linux's (util-linux); elsewhere the hook is used")


def test_the_command_is_spawned_through_setpriv_without_a_preexec_hook(tmp_path: Path) -> None:
    argv, preexec = guarded(["printf", "%s", "a b"], {"PATH": os.environ["PATH"]}, str(tmp_path))
    assert preexec is None and argv[:4] == [SETPRIV, "--pdeathsig", "KILL", "--"]
    done = subprocess.run(argv, env={"PATH": os.environ["PATH"]}, cwd=tmp_path, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "a b")


def test_the_command_gets_exactly_the_environment_given_a_pwd_too(tmp_path: Path) -> None:
    for env in ({"ONLY": "this"}, {"ONLY": "this", "PWD": "/somewhere else"}):
        argv, _ = guarded(["/usr/bin/env"], env, str(tmp_path))
        done = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True)
        assert sorted(done.stdout.splitlines()) == sorted(f"{k}={v}" for k, v in env.items())


def test_a_command_whose_parent_is_no_longer_the_one_that_asked_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    argv, _ = guarded(["touch", str(marker)], {"PATH": os.environ["PATH"]}, None)
    # Spawned by a shell in between (as if we had died and it was handed to another parent): the guard exits 137.
    done = subprocess.run(["/bin/sh", "-c", '"$@"; exit $?', "sh", *argv], env={"PATH": os.environ["PATH"]})
    assert done.returncode == 137 and not marker.exists()


def test_the_command_dies_when_its_parent_is_killed(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    parent = (
        "import os, subprocess, sys, time\n"
        "from shared.process.spawn import guarded\n"
        "argv, _ = guarded(['/bin/sh', '-c', 'echo $$ > \"$0\"; exec sleep 600', sys.argv[1]], os.environ, None)\n"
        "subprocess.Popen(argv)\n"
        "time.sleep(600)\n"
    )
    owner = subprocess.Popen([sys.executable, "-c", parent, str(pid_file)], cwd=Path(__file__).parents[2])
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.02)
    child = int(pid_file.read_text())
    os.kill(owner.pid, signal.SIGKILL)
    owner.wait()
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.02)
    assert not _alive(child), "the command outlived its parent"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_what_cannot_start_is_told_before_spawning(tmp_path: Path) -> None:
    plain = tmp_path / "deploy.sh"
    plain.write_text("#!/bin/sh\n")
    cases = [(["./missing.sh"], "./missing.sh", "No such"), (["./deploy.sh"], "./deploy.sh", "Permission denied")]
    cases.append((["no-such-command-here"], "no-such-command-here", "No such"))
    for argv, named, words in cases:
        with pytest.raises(CannotStart) as told:
            guarded(argv, {"PATH": "/usr/bin:/bin"}, str(tmp_path))
        assert told.value.filename == named and words in str(told.value.strerror)
    with pytest.raises(CannotStart) as nowhere:
        guarded(["true"], {"PATH": "/usr/bin:/bin"}, str(tmp_path / "gone"))
    assert nowhere.value.filename == str(tmp_path / "gone")
