"""A stand-in for a team's deploy script: records when it ran, sleeps, and exits as the environment says.

Usage: python deploy_script.py SERVICE VERSION. RECORD_FILE gets "start|end SERVICE VERSION TIME PID" lines;
DEPLOY_SECONDS sleeps between; FAIL_SERVICES (comma-separated) exit 3; HANG_SERVICES start a child and hang;
HANG_ONCE_SERVICES hang on their first run only; TERM_SECONDS: on SIGTERM, record "stopping", take that long to
shut down (as a server draining its connections does), record "stopped" and exit 143.
"""

import os
import signal
import subprocess
import sys
import time


def record(what: str, service: str, version: str) -> None:
    with open(os.environ["RECORD_FILE"], "a") as out:
        out.write(f"{what} {service} {version} {time.time():.6f} {os.getpid()}\n")


def main() -> int:
    service, version = sys.argv[1], sys.argv[2]
    if os.environ.get("TERM_SECONDS"):

        def drain(signum: int, frame: object) -> None:
            record("stopping", service, version)
            time.sleep(float(os.environ["TERM_SECONDS"]))
            record("stopped", service, version)
            os._exit(143)

        signal.signal(signal.SIGTERM, drain)
    record("start", service, version)
    print(f"deploying {service} {version}", flush=True)
    print(f"warning from {service}", file=sys.stderr, flush=True)
    hang_once = os.environ["RECORD_FILE"] + f".hung-{service}"
    if service in os.environ.get("HANG_ONCE_SERVICES", "").split(",") and not os.path.exists(hang_once):
        open(hang_once, "w").close()
        time.sleep(600)  # the first run hangs (until its coordinator dies with it); a re-run goes through
    if service in os.environ.get("HANG_SERVICES", "").split(","):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        with open(os.environ["RECORD_FILE"] + ".children", "a") as out:
            out.write(f"{child.pid}\n")
        time.sleep(600)
    time.sleep(float(os.environ.get("DEPLOY_SECONDS", "0")))
    if service in os.environ.get("FAIL_SERVICES", "").split(","):
        print(f"{service}: boom", file=sys.stderr, flush=True)
        return 3
    record("end", service, version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
