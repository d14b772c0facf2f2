"""run_command's inputs and limits: a missing executable, the exact environment, arguments never through a shell,
long lines cut and a failing line callback that does not stall the command."""

import shutil
from pathlib import Path

from shared.process import run_command
from shared.process.lines import MAX_LINE_BYTES, TRUNCATED
from tests.support.lines import Lines
from tests.unit.coordinator.execution_helpers import PATH_ONLY, SH


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
