"""What the dashboard benchmark's deploy scripts print: the services they deploy, and log lines drawn from what such
scripts print (pulls, migrations, health checks, request ids, digests). COMMON words are added to one line in four
(so most deployments' logs have each); RARE ones to a line of about one deployment in a thousand each; UNIQUE to one
line of one deployment."""

import random

SERVICES = tuple(
    "api web auth billing search orders payments inventory gateway notifier mailer scheduler reports ledger "
    "catalog checkout pricing profile sessions uploads media thumbnails feeds ranking export import audit "
    "metrics tracing config flags cache queue worker cron admin support chat".split()
)
COMMON = ("pulling", "healthy", "migration", "rollout", "warmed", "connected")
RARE = ("segfault", "oomkilled", "deadlock", "tlshandshake")
UNIQUE = "zanzibarquux"


def hex_digits(rng: random.Random, n: int) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


def log_line(rng: random.Random, service: str, version: str) -> str:
    """One line a deploy script prints."""
    pick, other = rng.randrange(10), rng.choice(SERVICES)
    if pick == 0:
        return f"pulling registry.example.com/{service}:{version} digest sha256:{hex_digits(rng, 16)}"
    if pick == 1:
        return f"running migration {rng.randrange(1, 400):04d}_add_{other}_index on {service}_db"
    if pick == 2:
        return f"health check {service} ready in {rng.randrange(20, 900)}ms (attempt {rng.randrange(1, 4)})"
    if pick == 3:
        return f"request_id={hex_digits(rng, 12)} GET /{other}/v1/items 200 {rng.randrange(1, 90)}ms"
    if pick == 4:
        return f"rollout {service} replica {rng.randrange(1, 9)}/8 updated, pod {service}-{hex_digits(rng, 5)}"
    if pick == 5:
        return f"cache warmed for {service}: {rng.randrange(100, 9999)} keys in {rng.randrange(1, 60)}s"
    if pick == 6:
        return f"connected to {other}.internal:{rng.randrange(5000, 9000)} pool size {rng.randrange(4, 64)}"
    if pick == 7:
        return f"Step {rng.randrange(1, 20)}/20 : RUN pip install --no-cache-dir -r requirements-{service}.txt"
    if pick == 8:
        return f"WARN retrying upload of chunk {hex_digits(rng, 8)} to bucket {service}-artifacts after timeout"
    return f"INFO {service} config reloaded, {rng.randrange(2, 40)} flags, checksum {hex_digits(rng, 10)}"
