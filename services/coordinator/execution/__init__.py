"""The coordinator's command execution: running the user's deploy scripts safely, with crash-safe job leases.

- process.run_command: one command, no shell, its own process group, output line by line, the whole group killed
  at the timeout or on cancel (SIGTERM, grace, SIGKILL), and killed with the coordinator (Linux PDEATHSIG).
- logstream.DeploymentLog / read_log: the output, per deployment, in a Redis Stream for the dashboard and CLI.
- jobs.JobQueue: jobs enqueued in the caller's MULTI, claimed under a lease renewed by heartbeats, taken over
  (as orphans) when a replica dies, finished by publishing the outcome event only while still owned.
- runner.Runner: claims jobs, up to its concurrency; attempt.Attempts runs each claim (refused, waiting for the
  service's command lock, run, finished); policy.py holds their decisions as pure functions.

Known limits:
- PDEATHSIG kills the command when the coordinator dies, not the command's own children (they are in its process
  group, which nobody signals once the coordinator is gone). A re-run may overlap such grandchildren. It also
  fires when the *thread* that started the command ends: start commands from the event loop's thread (asyncio does).
- A command whose process leaves the group (setsid, daemonising) escapes the timeout's kill.
- Redis unreachable for 2/3 of a lease makes the runner stop its command; the kill takes up to `grace_s`, so a
  grace longer than the rest of the lease can briefly overlap another replica's re-run.
"""

from shared.process import ProcessResult, run_command

from .job import CancelResult, Claimed, HeartbeatStatus, Job, JobKind, job_id_for
from .jobs import JobQueue
from .logstream import DeploymentLog, LogLine, read_log
from .policy import ORPHAN_NOT_RERUN, outcome_event, refusal
from .runner import Runner

__all__ = [
    "ORPHAN_NOT_RERUN",
    "CancelResult",
    "Claimed",
    "DeploymentLog",
    "HeartbeatStatus",
    "Job",
    "JobKind",
    "JobQueue",
    "LogLine",
    "ProcessResult",
    "Runner",
    "job_id_for",
    "outcome_event",
    "read_log",
    "refusal",
    "run_command",
]
