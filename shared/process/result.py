"""What running one command came to, and the sentence that explains it to a person (pure)."""

import signal
from dataclasses import dataclass, field

from shared.durations import format_duration


@dataclass(frozen=True)
class ProcessResult:
    """exit_code is the process's own code, negative (-signal) when a signal ended it, None when it never ran."""

    exit_code: int | None
    timed_out: bool
    cancelled: bool
    duration_s: float
    tail: list[str] = field(default_factory=list)  # the last lines of both streams, in the order they arrived
    error: str | None = None  # why the command could not be started at all
    last_stderr: str | None = None  # kept apart from tail: it usually names the failure, even after more stdout
    timeout_s: float | None = None  # the limit that was applied, so reason() can name it

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out and not self.cancelled and self.error is None

    def reason(self) -> str:
        return describe(self)


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def describe(result: ProcessResult) -> str:
    """One human sentence: what happened, plus the last thing the command said on stderr (else stdout)."""
    if result.error is not None:
        return result.error
    if result.timed_out:
        limit = format_duration(result.timeout_s) if result.timeout_s is not None else "its time limit"
        return f"timed out after {limit} and was killed"
    if result.cancelled:
        return "cancelled"
    if result.exit_code is None:
        return "ended without an exit code"
    if result.exit_code == 0:
        return "exited with code 0"
    said = result.last_stderr or (result.tail[-1] if result.tail else "")
    said = said.strip()
    if result.exit_code < 0:
        what = f"was killed by {signal_name(-result.exit_code)}"
    else:
        what = f"exited with code {result.exit_code}"
    return f"{what}: {said}" if said else what
