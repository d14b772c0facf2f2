"""The pages' Jinja2 environment: templates from services/dashboard/templates, every value HTML-escaped (a service
name or a log line with markup in it shows as text), and `asset()` naming a static file with its content's hash,
so a browser never keeps a stylesheet or script older than the page."""

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).resolve().parent.parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_URL = "/static"


@cache
def fingerprint(name: str) -> str:
    """The first characters of the file's SHA-256; ValueError naming the file when it is not there."""
    path = STATIC / name
    if not path.is_file():
        raise ValueError(f"no static file {name!r} in {STATIC}: build the stylesheet with scripts/build-css.sh")
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset(name: str) -> str:
    return f"{STATIC_URL}/{name}?v={fingerprint(name)}"


def pages_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["asset"] = asset
    return env
