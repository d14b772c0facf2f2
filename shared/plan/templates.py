"""Message templates a team writes for a channel: Jinja, checked when the plan is loaded, not when an alert fires."""

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

TEMPLATE_PARTS = ("title", "text", "subject", "html")
_PARSER = SandboxedEnvironment()


def check_channel_templates(templates: dict[str, str]) -> dict[str, str]:
    for part, source in templates.items():
        if part not in TEMPLATE_PARTS:
            raise ValueError(f"unknown template {part!r}; a channel may override {', '.join(TEMPLATE_PARTS)}")
        try:
            _PARSER.parse(source)
        except TemplateSyntaxError as exc:
            raise ValueError(f"template {part!r} line {exc.lineno}: {exc.message}") from None
    return templates
