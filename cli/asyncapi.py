"""`flightdeck asyncapi`: writes (or, with --check, verifies) the AsyncAPI document of every service."""

import argparse
import json
from pathlib import Path

from shared.runtime.service import ServiceRuntime
from shared.settings import Settings
from shared.streams import SERVICES

from .services import definition

DOCS = Path("docs/asyncapi")


def document(name: str) -> str:
    """Deterministic: a fixed Redis URL and consumer name, so the file only changes when the code does."""
    settings = Settings(redis_url="redis://127.0.0.1:6379/0", consumer_name=f"{name}-<replica>")
    runtime = ServiceRuntime(definition(name), settings)
    return json.dumps(runtime.asyncapi(), indent=2, sort_keys=True) + "\n"


def run(args: argparse.Namespace) -> int:
    folder = Path(args.out)
    stale = []
    for name in SERVICES:
        path = folder / f"{name}.json"
        text = document(name)
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path))
        else:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path}")
    if stale:
        print("AsyncAPI documents are out of date: " + ", ".join(stale) + "\nrun `flightdeck asyncapi` and commit them")
        return 1
    if args.check:
        print(f"AsyncAPI documents of {len(SERVICES)} services are up to date")
    return 0


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser("asyncapi", help="write the services' AsyncAPI documents (docs/asyncapi/)")
    parser.add_argument("--check", action="store_true", help="fail if the checked-in documents are out of date")
    parser.add_argument("--out", default=str(DOCS), help="folder of the documents (default docs/asyncapi)")
    parser.set_defaults(func=run)
