"""Running a Flightdeck service: wiring, lifecycle, HTTP health and metrics, and the command-line entry."""

from .definition import ServiceContext, ServiceDefinition
from .main import main

__all__ = ["ServiceContext", "ServiceDefinition", "main"]
