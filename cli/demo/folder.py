"""The demo's data folder (.flightdeck/demo by default): its Redis data, the fleet, the logs, what the alert
catchers received. Each run starts from an empty one; demo.pid says which demo owns it, so a second demo on the same
folder is refused while the first runs, and what a killed one left running is stopped before starting again."""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .fleet import Fleet

PID_FILE = "demo.pid"
MARK = ".flightdeck-demo"  # only a folder that has it is emptied


class FolderInUse(Exception):
    pass


def _alive(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"demo" in command and pid != os.getpid()


def claim(folder: Path, say: Callable[[str], None]) -> None:
    """Makes the folder this demo's, empty. FolderInUse when another demo runs from it, or when it holds something
    that is not a demo's (it is never emptied then)."""
    pid_file = folder / PID_FILE
    if folder.exists() and any(folder.iterdir()) and not (folder / MARK).exists():
        raise FolderInUse(f"{folder} holds files that are not a demo's; give --data-dir a new or empty folder")
    if pid_file.exists():
        try:
            pid = int(pid_file.read_text().strip() or 0)
        except ValueError:
            pid = 0
        if pid and _alive(pid):
            raise FolderInUse(
                f"another demo (pid {pid}) runs from {folder}: stop it with Ctrl-C in its terminal "
                f"(or `kill {pid}`), or give this one its own folder with --data-dir"
            )
        left = Fleet(folder / "fleet")
        running = sorted(left.pids())
        problem = left.stop_all() if running else ""
        stopped = f"; stopped what it left running ({', '.join(running)})" if running else ""
        say(f"an earlier demo{f' (pid {pid})' if pid else ''} did not stop cleanly{stopped}; starting afresh")
        if problem:
            say(f"stopping its fleet said: {problem}")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARK).write_text("a flightdeck demo's data folder: each run empties it\n")
    pid_file.write_text(f"{os.getpid()}\n")


def release(folder: Path) -> None:
    """The folder stays (the logs and what arrived are worth a look); only the claim goes."""
    (folder / PID_FILE).unlink(missing_ok=True)
