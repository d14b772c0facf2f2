"""What `flightdeck deploy` asks for, checked before anything is published: each mistake is named in words, with
the option it came from, by the same rules the events and the coordinator use."""

import argparse
import re
import secrets
from datetime import UTC, datetime

from shared.events import DeployRequested
from shared.events.deployment import VERSION, VERSION_RULE
from shared.events.envelope import NAME_PATTERN, NAME_RULE

from . import ci
from .who import by_or_default

_NAME = re.compile(NAME_PATTERN)


def new_deployment_id(now: datetime | None = None) -> str:
    """d-<utc yyyymmdd-hhmmss>-<6 hex>."""
    return f"d-{(now or datetime.now(UTC)).astimezone(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _name(option: str, text: str, what: str) -> None:
    if not (_NAME.match(text) and len(text) <= 200):
        raise ValueError(f"{option}: {text!r} is not {what}: a name {NAME_RULE}")


def _version(option: str, text: str) -> None:
    if not VERSION.match(text):
        raise ValueError(f"{option}: {text!r} is not a version: {VERSION_RULE}")


def _services(items: list[str]) -> tuple[dict[str, str], list[str]]:
    versions: dict[str, str] = {}
    services: list[str] = []
    for item in items:
        name, sep, version = item.partition("=")
        if not name or (sep and not version):
            raise ValueError(f"--service {item!r}: write it SERVICE=VERSION (or SERVICE to pick it at --version)")
        _name(f"--service {item!r}", name, "a service name")
        if name in versions or name in services:
            raise ValueError(f"--service {name} is given twice: name each service once")
        if sep:
            _version(f"--service {item!r}", version)
            versions[name] = version
        else:
            services.append(name)
    return versions, services


def build_request(args: argparse.Namespace, context: ci.CIContext) -> DeployRequested:
    """ValueError (or ValidationError) with what to fix when the arguments do not make a request."""
    _name("--env", args.env, "an environment name")
    if args.id is not None:
        _name("--id", args.id, "a deployment id")
    if args.version is not None:
        _version("--version", args.version)
    versions, services = _services(args.service or [])
    if services and not args.version:
        raise ValueError(f"--service {services[0]} has no version: add --version V or write {services[0]}=VERSION")
    if not args.version and not versions:
        raise ValueError("say what to deploy: --version V for every service, or --service SERVICE=VERSION")
    by = args.by or context.actor or by_or_default(None)
    return DeployRequested.model_validate(  # validated as a whole: errors name payload.FIELD, as people read them
        {
            "deployment_id": args.id or new_deployment_id(),
            "environment": args.env,
            "payload": {
                "version": args.version,
                "versions": versions,
                "services": services,
                "requested_by": by,
                "reason": args.reason or "",
                "commit_sha": context.commit_sha,
                "commit_time": context.commit_time,
                "ci_run_url": context.run_url,
                "redeploy": args.redeploy,
            },
        }
    )
