"""The five service definitions by name, imported only when a command needs them."""

import importlib
from typing import cast

from shared.runtime import ServiceDefinition
from shared.streams import SERVICES


def definition(name: str) -> ServiceDefinition:
    if name not in SERVICES:
        raise SystemExit(f"unknown service {name!r}; choose one of: {', '.join(SERVICES)}")
    module = importlib.import_module(f"services.{name}.app")
    return cast(ServiceDefinition, module.DEFINITION)  # each services/NAME/app.py defines one
