"""Debian's packaged daemons the side-by-side benches measure us against (prometheus-alertmanager, the blackbox
exporter): the package installed when its binary is missing, without starting its system service, and the binary run
as a process of our own (our config, our free port, our log file), ready when its URL answers 200, stopped at the end.
"""

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from bench._figures import say

POLICY = Path("/usr/sbin/policy-rc.d")  # invoke-rc.d asks it: exit 101 means "do not start services"


def ensure_installed(binary: str, package: str) -> str:
    """`binary`; installs Debian's `package` first when it is missing (as root, with apt-get)."""
    if Path(binary).exists():
        return binary
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise SystemExit(f"{binary} is missing: install Debian's {package} (as root) and run again")
    say(f"  installing Debian's {package} (apt-get install -y), without starting its system service ...")
    started = time.perf_counter()
    made_policy = not POLICY.exists()
    if made_policy:  # the package would start a daemon on its standard port: nothing we start may
        POLICY.write_text("#!/bin/sh\nexit 101\n")
        POLICY.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", package], check=True, env=env, stdout=subprocess.DEVNULL)
    finally:
        if made_policy:
            POLICY.unlink()
    if not Path(binary).exists():
        raise SystemExit(f"{package} is installed but {binary} is not there (see `dpkg -L {package}`)")
    say(f"  installed {package} in {time.perf_counter() - started:.0f} s")
    return binary


@contextlib.contextmanager
def daemon(
    name: str, argv: list[str], log: Path, ready_url: str, within_s: float = 30
) -> Iterator[subprocess.Popen[bytes]]:
    """`argv` as a process of ours, its output to `log`; yielded once `ready_url` answers 200, then terminated (killed
    if it has not exited 10 s later)."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_ready(name, ready_url, process, within_s)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_ready(name: str, url: str, process: subprocess.Popen[bytes], within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode} before it was ready")
        time.sleep(0.1)
    raise RuntimeError(f"{name} was not ready at {url} after {within_s:g} s")
