"""Running a command the way deploy and restart scripts need: its own process group, killed with its parent, its
output read line by line, a timeout that stops the whole group."""

from .parent import die_with_parent
from .result import ProcessResult
from .run import run_command

__all__ = ["ProcessResult", "die_with_parent", "run_command"]
