"""Guards of the design itself: pure cores import no I/O libraries (every service domain, through all it imports,
and reads no clock), and services never import each other."""

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
    "shared/requests/actions.py",
    "services/dashboard/render/*.py",
    "shared/matching.py",
]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
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


DOMAIN_IO = IO_LIBRARIES | {"aiohttp", "aiosmtpd", "asyncio", "prometheus_client", "os", "shutil", "threading", "time"}
CLOCKS = {
    ("time", "time"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "sleep"),
}


def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def _resolved_imports(path: Path) -> set[str]:
    """Absolute names of what `path` imports, relative imports resolved, `from a import b` as a.b too."""
    package = ".".join(path.relative_to(ROOT).parent.parts)  # what a relative import is relative to
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _closure(path: Path) -> tuple[set[str], dict[str, str]]:
    """Every library reached from `path` through our own modules, and for each our module that imports it."""
    seen: set[Path] = set()
    todo = [path]
    libraries: set[str] = set()
    by: dict[str, str] = {}
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name in _resolved_imports(current):
            root = name.split(".")[0]
            if root in {"shared", "services", "cli"}:
                parts = name.split(".")
                for end in range(1, len(parts) + 1):  # a package's __init__ runs on the way to its module
                    found = _module_file(".".join(parts[:end]))
                    if found is not None:
                        todo.append(found)
            else:
                libraries.add(root)
                by.setdefault(root, str(current.relative_to(ROOT)))
    return libraries, by


def _domain_files() -> list[Path]:
    return sorted(p for p in ROOT.glob("services/*/domain/**/*.py"))


def test_every_domain_is_pure_through_everything_it_imports() -> None:
    files = _domain_files()
    assert {p.relative_to(ROOT).parts[1] for p in files} >= {"coordinator", "monitor", "alerter", "rollback"}
    for path in files:
        libraries, by = _closure(path)
        used = libraries & DOMAIN_IO
        where = {name: by[name] for name in sorted(used)}
        assert not used, f"{path.relative_to(ROOT)} is a pure domain but reaches I/O: {where}"


def test_no_domain_reads_a_clock() -> None:
    """A decision takes `now`; one that reads the clock itself cannot be tested with plain values."""
    for path in _domain_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                name = (
                    owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
                )
                assert (name, node.func.attr) not in CLOCKS, (
                    f"{path.relative_to(ROOT)}:{node.lineno} reads the clock ({name}.{node.func.attr}): take `now`"
                )
