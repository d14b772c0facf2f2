"""The render package stays pure: the standard library's text and number tools, its own modules and the graph
model, no I/O library, no clock; so a page may call it per replay frame and a test compares the exact output."""

import ast
from pathlib import Path

RENDER = Path(__file__).resolve().parents[3] / "services" / "dashboard" / "render"
STANDARD = {"collections", "dataclasses", "datetime", "html", "itertools", "math", "re", "urllib"}
OURS = {"services.dashboard.domain.graph"}
CLOCKS = {"now", "utcnow", "today", "time", "monotonic", "perf_counter"}


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_render_modules_import_nothing_that_does_io_and_read_no_clock() -> None:
    files = sorted(RENDER.glob("*.py"))
    assert len(files) >= 10
    for path in files:
        tree = ast.parse(path.read_text(), str(path))
        for name in _imports(tree):
            allowed = name.split(".")[0] in STANDARD or name in OURS
            assert allowed, f"{path.name} imports {name}: render code is pure"
        called = {
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        assert not called & CLOCKS, f"{path.name} reads the clock ({sorted(called & CLOCKS)}): pass the moment in"
