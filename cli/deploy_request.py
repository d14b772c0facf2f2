"""What `flightdeck deploy` asks for, checked before anything is published by the same rules the dashboard's API
uses (shared/requests): each mistake is named in the same words, with the option it came from."""

import argparse

from shared.events import DeployRequested
from shared.requests import RequestError
from shared.requests.deploy import DeployInput, check_name, check_version, deploy_request, new_deployment_id

from . import ci
from .who import by_or_default

__all__ = ["build_request", "new_deployment_id"]
_OPTIONS = {"environment": "--env", "version": "--version", "id": "--id"}


def _services(items: list[str]) -> tuple[dict[str, str], list[str]]:
    """--service SERVICE=VERSION or SERVICE (at --version), each checked with the item it came from."""
    versions: dict[str, str] = {}
    services: list[str] = []
    for item in items:
        name, sep, version = item.partition("=")
        if not name or (sep and not version):
            raise ValueError(f"--service {item!r}: write it SERVICE=VERSION (or SERVICE to pick it at --version)")
        try:
            check_name(f"--service {item!r}", name, "a service name")
            if sep:
                check_version(f"--service {item!r}", version)
        except RequestError as error:
            raise ValueError(str(error)) from None
        if name in versions or name in services:
            raise ValueError(f"--service {name} is given twice: name each service once")
        if sep:
            versions[name] = version
        else:
            services.append(name)
    return versions, services


def build_request(args: argparse.Namespace, context: ci.CIContext) -> DeployRequested:
    """ValueError (or ValidationError) with what to fix when the arguments do not make a request."""
    versions, services = _services(args.service or [])
    asked = DeployInput(
        environment=args.env,
        version=args.version,
        versions=versions,
        services=services,
        reason=args.reason or "",
        id=args.id,
        redeploy=args.redeploy,
        commit_sha=context.commit_sha,
        commit_time=context.commit_time,
        ci_run_url=context.run_url,
    )
    try:
        return deploy_request(asked, by=args.by or context.actor or by_or_default(None))
    except RequestError as error:
        option = _OPTIONS.get(error.field, f"--{error.field}")
        if error.field == "version" and services and not args.version:
            raise ValueError(
                f"--service {services[0]} has no version: add --version V or write {services[0]}=VERSION"
            ) from None
        if error.field == "version" and not args.version:
            raise ValueError(
                "say what to deploy: --version V for every service, or --service SERVICE=VERSION"
            ) from None
        raise ValueError(f"{option}: {error.message}") from None
