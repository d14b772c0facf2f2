"""run_command against real processes: output, exit codes, timeouts and cancels that kill whole process groups."""

import asyncio
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.process import run_command
from shared.process.lines import MAX_LINE_BYTES, TRUNCATED
from tests.support.inprocess import eventually
from tests.unit.coordinator.execution_helpers import PATH_ONLY, SH, gone, pids

ROOT = Path(__file__).resolve().parents[3]


class Lines:
    def __init__(self, ready: asyncio.Event | None = None) -> None:
        self.seen: list[tuple[str, str]] = []
        self.ready = ready

    async def __call__(self, stream: str, line: str) -> None:
        self.seen.append((stream, line))
        if self.ready is not None and line == "ready":
            self.ready.set()

    def of(self, stream: str) -> list[str]:
        return [line for name, line in self.seen if name == stream]


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


async def test_a_missing_executable_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    result = await run_command(["./deploy.sh"], env={}, timeout_s=5, on_line=Lines(), cwd=str(tmp_path))
    assert result.exit_code is None and not result.ok
    assert result.error == result.reason() == "cannot run './deploy.sh': No such file or directory"
    elsewhere = await run_command(
        [SH, "-c", "true"], env={}, timeout_s=5, on_line=Lines(), cwd=str(tmp_path / "missing")
    )
    assert elsewhere.reason().startswith(f"cannot run {SH!r} in ")


async def test_the_environment_is_exactly_the_one_given() -> None:
    lines = Lines()
    result = await run_command(
        [shutil.which("env") or "/usr/bin/env"], env={"ONLY": "this", "AND": "that"}, timeout_s=30, on_line=lines
    )
    assert result.ok
    assert sorted(lines.of("stdout")) == ["AND=that", "ONLY=this"]


async def test_arguments_reach_the_command_literally_never_through_a_shell(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    canary.write_text("still here")
    hostile = ["$HOME; rm -rf " + str(canary), "`id`", "$(touch " + str(tmp_path / "pwned") + ")", "a b", "*"]
    lines = Lines()
    result = await run_command(
        ["printf", "%s\\n", *hostile],
        env={**PATH_ONLY, "HOME": "/nowhere"},
        timeout_s=30,
        on_line=lines,
        cwd=str(tmp_path),
    )
    assert result.ok
    assert lines.of("stdout") == hostile
    assert canary.exists() and not (tmp_path / "pwned").exists()


async def test_long_lines_are_cut_and_a_failing_callback_does_not_stall_the_command() -> None:
    kept: list[str] = []

    async def flaky(stream: str, line: str) -> None:
        kept.append(line)
        if len(kept) > 1:
            raise ConnectionError("redis is down")

    script = "head -c 100000 /dev/zero | tr '\\0' x; echo; i=0; while [ $i -lt 5000 ]; do echo $i; i=$((i+1)); done"
    result = await run_command([SH, "-c", script], env=PATH_ONLY, timeout_s=60, on_line=flaky)
    assert result.ok
    assert kept[0] == "x" * MAX_LINE_BYTES + TRUNCATED
    assert kept[-1] == "4999" and len(kept) == 5001


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
