"""A team's deploy and switch scripts, for the fleet of tests/support/fleet.py: they change what a service runs.

    python fleet_script.py DIR deploy SERVICE VERSION [COLOR]   # COLOR: blue-green, deploy beside the live one
    python fleet_script.py DIR switch SERVICE COLOR             # blue-green: send traffic to COLOR
Each run appends "ACTION SERVICE ARG TIME" to DIR/record. FAIL_ACTIONS="rollback:api,deploy:web" makes a run exit 3
(the coordinator runs rollbacks with the same scripts, and exports FLIGHTDECK_* so we can tell).
"""

import os
import sys
import time
from pathlib import Path


def main() -> int:
    state, action, service, value = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    color = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] not in ("", "None") else None
    step = "rollback" if os.environ.get("FLIGHTDECK_STEP") == "rollback" else action
    with (state / "record").open("a") as out:
        out.write(f"{step} {service} {value} {time.time():.6f}\n")
    if f"{step}:{service}" in os.environ.get("FAIL_ACTIONS", "").split(","):
        print(f"{service}: {step} refused on purpose", file=sys.stderr)
        return 3
    if action == "switch":
        (state / f"{service}.live").write_text(value)
    else:
        (state / (f"{service}.{color}" if color else service)).write_text(value)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
