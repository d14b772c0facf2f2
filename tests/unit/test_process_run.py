"""run_command against real processes: output, exit codes, timeouts and cancels that kill whole process groups."""

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.process import run_command
from tests.support.inprocess import eventually
from tests.support.lines import Lines
from tests.unit.coordinator.execution_helpers import PATH_ONLY, SH, gone, pids

ROOT = Path(__file__).resolve().parents[3]


# Two background children, their pids written down, then "ready" and a long wait.
PARENT_OF_TWO = 'sleep 300 & echo $! > "$1"; sleep 300 & echo $! >> "$1"; echo $$ >> "$1"; echo ready; wait'


async def test_every_line_of_both_streams_arrives_in_order() -> None:
    script = 'i=0; while [ $i -lt 300 ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done; printf "no newline"'
    lines = Lines()
    result = await run_command([SH, "-c", script], env=PATH_ONLY, timeout_s=30, on_line=lines)
    assert result.ok and result.exit_code == 0
    assert lines.of("stdout") == [f"out {i}" for i in range(300)] + ["no newline"]
    assert lines.of("stderr") == [f"err {i}" for i in range(300)]
    assert len(result.tail) == 20


async def test_a_failing_exit_code_is_recorded_with_what_the_script_said() -> None:
    script = 'echo "deploying api"; echo "error: quota exceeded" >&2; echo "cleaning up"; exit 3'
    result = await run_command([SH, "-c", script], env=PATH_ONLY, timeout_s=30, on_line=Lines())
    assert (result.exit_code, result.ok, result.timed_out, result.cancelled) == (3, False, False, False)
    assert result.reason() == "exited with code 3: error: quota exceeded"
    # two pipes: the order between stdout and stderr lines is whatever the reads returned
    assert sorted(result.tail) == ["cleaning up", "deploying api", "error: quota exceeded"]


async def test_a_timeout_kills_the_script_and_its_background_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    result = await run_command(
        [SH, "-c", PARENT_OF_TWO, "sh", str(pid_file)], env=PATH_ONLY, timeout_s=1, on_line=Lines(), grace_s=1
    )
    assert result.timed_out and not result.ok
    assert result.reason() == "timed out after 1s and was killed"
    started = pids(pid_file)
    assert len(started) == 3, "the script did not get to start its children within the timeout"
    await eventually(lambda: all(gone(pid) for pid in started), within=10)


async def test_children_that_ignore_sigterm_are_killed_after_the_grace(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    script = "trap '' TERM; " + PARENT_OF_TWO  # ignored signals stay ignored in the children too
    cancel = asyncio.Event()
    result = await run_command(
        [SH, "-c", script, "sh", str(pid_file)],
        env=PATH_ONLY,
        timeout_s=60,
        on_line=Lines(cancel),
        cancel=cancel,
        grace_s=0.5,
    )
    assert result.cancelled and result.reason() == "cancelled"
    assert result.exit_code == -9
    await eventually(lambda: all(gone(pid) for pid in pids(pid_file)), within=10)


async def test_cancel_stops_the_command_and_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    cancel = asyncio.Event()
    result = await run_command(
        [SH, "-c", PARENT_OF_TWO, "sh", str(pid_file)],
        env=PATH_ONLY,
        timeout_s=60,
        on_line=Lines(cancel),
        cancel=cancel,
        grace_s=5,
    )
    assert result.cancelled and not result.timed_out and not result.ok
    await eventually(lambda: all(gone(pid) for pid in pids(pid_file)), within=10)


async def test_children_left_behind_after_a_normal_exit_are_stopped(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    script = 'sleep 300 & echo $! > "$1"; echo done'  # the child keeps our stdout pipe open
    result = await run_command(
        [SH, "-c", script, "sh", str(pid_file)], env=PATH_ONLY, timeout_s=60, on_line=Lines(), grace_s=1
    )
    assert result.ok and not result.timed_out
    await eventually(lambda: all(gone(pid) for pid in pids(pid_file)), within=10)


async def test_cancelling_the_caller_kills_the_command(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    ready = asyncio.Event()
    task = asyncio.create_task(
        run_command([SH, "-c", PARENT_OF_TWO, "sh", str(pid_file)], env=PATH_ONLY, timeout_s=60, on_line=Lines(ready))
    )
    await asyncio.wait_for(ready.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await eventually(lambda: all(gone(pid) for pid in pids(pid_file)), within=10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_the_command_dies_with_the_coordinator(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    code = (
        "import asyncio, sys\n"
        "from shared.process import run_command\n"
        "async def line(stream, text): print(text, flush=True)\n"
        "asyncio.run(run_command(['sh', '-c', 'echo $$ > \"$1\"; echo ready; exec sleep 300', 'sh', sys.argv[1]],"
        " env={'PATH': '/usr/bin:/bin'}, timeout_s=300, on_line=line))\n"
    )
    with subprocess.Popen([sys.executable, "-c", code, str(pid_file)], cwd=ROOT, stdout=subprocess.PIPE) as coordinator:
        try:
            assert coordinator.stdout is not None
            assert coordinator.stdout.readline() == b"ready\n"
            command = pids(pid_file)[0]
            assert not gone(command)
            coordinator.kill()  # SIGKILL: none of our cleanup code runs; only the kernel can stop the command
            coordinator.wait(timeout=10)
            deadline = time.monotonic() + 10
            while not gone(command) and time.monotonic() < deadline:
                time.sleep(0.02)
            assert gone(command), "the command outlived the coordinator that started it"
        finally:
            coordinator.kill()
