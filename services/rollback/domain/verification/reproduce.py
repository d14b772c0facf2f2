"""The exact request of a failed check as a curl line a person can paste, with every secret masked (pure)."""

import shlex
from collections.abc import Mapping

from shared.plan.secrets import MASK
from shared.plan.smoke import SENSITIVE_HEADERS


def curl_line(method: str, url: str, headers: Mapping[str, str], body: str | None) -> str:
    """method, url, headers and body as shown (secrets already masked by the caller); credentials headers are masked
    here too, whatever they hold."""
    argv = ["curl", "-sS", "-i"]
    if method != "GET":
        argv += ["-X", method]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {MASK if name.lower() in SENSITIVE_HEADERS else value}"]
    if body is not None:
        argv += ["--data-raw", body]
    argv.append(url)
    return shlex.join(argv)
