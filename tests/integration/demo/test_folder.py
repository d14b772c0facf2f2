"""The demo's data folder: a stale one is taken over (what a killed demo left running is stopped first), one in use
by a running demo is refused, a folder that is not a demo's is never emptied, and a taken port is named."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.demo.fleet import EXAMPLES, Fleet
from cli.demo.folder import MARK, PID_FILE, FolderInUse, claim, release
from cli.demo.stack import pick_ports
from shared.ports import free_run
from tests.support.demo_run import alive

pytestmark = pytest.mark.integration


def test_a_new_folder_is_made_and_claimed_then_released(tmp_path: Path) -> None:
    said: list[str] = []
    folder = tmp_path / "demo"
    claim(folder, said.append)
    assert (folder / PID_FILE).read_text().strip().isdigit() and (folder / MARK).exists() and said == []
    release(folder)
    assert not (folder / PID_FILE).exists() and folder.exists()


def test_a_stale_folder_is_emptied_and_what_its_demo_left_running_is_stopped(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    claim(folder, print)
    (folder / PID_FILE).write_text("999999\n")  # a demo killed outright: its pid is gone
    fleet = Fleet(folder / "fleet")
    fleet.prepare()
    started = subprocess.run(
        [sys.executable, str(EXAMPLES / "fleetctl.py"), str(fleet.folder), "start", "api", "1.0.0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert started.returncode == 0, started.stderr
    pid = fleet.pids()["api"]
    (folder / "leftover.txt").write_text("from the last run")
    said: list[str] = []
    claim(folder, said.append)
    assert not alive(pid), "the fleet process the killed demo left was stopped"
    assert said == [
        "an earlier demo (pid 999999) did not stop cleanly; stopped what it left running (api); starting afresh"
    ]
    assert not (folder / "leftover.txt").exists() and (folder / MARK).exists()


def test_a_folder_a_running_demo_owns_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    claim(folder, print)
    other = subprocess.Popen(
        [sys.executable, "-c", "import time; print(flush=True); time.sleep(30)", "demo"], stdout=subprocess.PIPE
    )
    try:
        assert other.stdout is not None and other.stdout.readline() == b"\n"  # it runs (its cmdline is there)
        (folder / PID_FILE).write_text(f"{other.pid}\n")
        with pytest.raises(FolderInUse, match=rf"another demo \(pid {other.pid}\) runs from .*--data-dir"):
            claim(folder, print)
    finally:
        other.kill()
        other.wait()
        if other.stdout is not None:  # piped above, so always there
            other.stdout.close()


def test_a_folder_that_is_not_a_demos_is_never_emptied(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FolderInUse, match="holds files that are not a demo's"):
        claim(tmp_path, print)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_port_base_whose_ports_are_taken_is_refused_by_name() -> None:
    import socket

    port = free_run(5)  # the dashboard's port and the four above it, which no outgoing connection takes
    with socket.socket() as held:
        held.bind(("127.0.0.1", port))
        held.listen()
        with pytest.raises(OSError, match=rf"port {port} \(for the dashboard\) is taken by something else"):
            pick_ports(port)
    assert set(pick_ports(None)) == {"coordinator", "monitor", "alerter", "rollback", "dashboard"}
    assert json.dumps(pick_ports(None))  # free ports, one per service
