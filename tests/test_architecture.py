"""Guards of the design itself: pure cores import no I/O libraries, and services never import each other."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IO_LIBRARIES = {"faststream", "redis", "httpx", "aiosmtplib", "uvicorn", "starlette", "fastapi", "subprocess", "socket"}
PURE = [
    "shared/durations.py",
    "shared/events/*.py",
    "shared/bus/delivery.py",
    "shared/bus/trim.py",
    "shared/plan/waves.py",
    "shared/plan/placeholders.py",
    "shared/plan/resolve.py",
]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_pure_modules_do_no_io() -> None:
    checked = 0
    for pattern in PURE:
        for path in ROOT.glob(pattern):
            used = {name.split(".")[0] for name in _imports(path)} & IO_LIBRARIES
            assert not used, f"{path.relative_to(ROOT)} is pure code but imports {sorted(used)}"
            checked += 1
    assert checked >= 10


def test_services_never_import_each_other() -> None:
    services = [p.name for p in (ROOT / "services").iterdir() if (p / "__init__.py").exists()]
    assert len(services) == 5
    for service in services:
        for path in (ROOT / "services" / service).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "services" and len(parts) > 1:
                    assert parts[1] == service, f"{path.relative_to(ROOT)} imports another service: {name}"


def test_shared_never_imports_a_service_or_the_cli() -> None:
    for path in (ROOT / "shared").rglob("*.py"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert not roots & {"services", "cli", "tests"}, f"{path.relative_to(ROOT)} imports {roots}"
