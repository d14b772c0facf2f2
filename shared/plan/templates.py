"""Message templates a team writes for a channel: Jinja, checked when the plan is loaded, not when an alert fires.

Jinja is imported only when a plan has templates: most plans have none, and every service imports the plan model
at start (Jinja and what it pulls in cost each of them about 70 ms of start-up)."""

from functools import cache
from typing import Any

TEMPLATE_PARTS = ("title", "text", "subject", "html")


@cache
def _parser() -> Any:
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment()


def check_channel_templates(templates: dict[str, str]) -> dict[str, str]:
    if not templates:
        return templates
    from jinja2 import TemplateSyntaxError

    for part, source in templates.items():
        if part not in TEMPLATE_PARTS:
            raise ValueError(f"unknown template {part!r}; a channel may override {', '.join(TEMPLATE_PARTS)}")
        try:
            _parser().parse(source)
        except TemplateSyntaxError as exc:
            raise ValueError(f"template {part!r} line {exc.lineno}: {exc.message}") from None
    return templates
