"""The import rule (README, Architecture), read from every module's own imports.

- core imports no app of the project;
- leases.models, leases.querysets, leases.reports (and leases.choices, which they share)
  import only core and each other;
- an app may import another app's models, querysets, filters, reports (and choices), never
  its views, exports, admin or urls;
- each app's urls.py routes only its own views and files.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "cameras", "leases")
PROJECT = (*APPS, "skynet")
SHARED = {"models", "querysets", "filters", "reports", "choices"}
LEASE_BASE = {"leases.models", "leases.querysets", "leases.reports", "leases.choices"}


def modules():
    """Yield (dotted name, path) of every app module, migrations aside."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


def imports_of(name: str, path: Path) -> set[str]:
    """Return the project modules `name` imports, relative imports made absolute."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m.split(".")[0] in PROJECT}


def existing(module: str) -> bool:
    """Keep imported modules, not the names imported from them (`from .models import Camera`)."""
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def violations(name: str, imported: set[str]) -> list[str]:
    app = name.split(".")[0]
    found = []
    for module in sorted(m for m in imported if existing(m)):
        other = module.split(".")[0]
        if other == app or module in (other, "core"):
            continue
        room = module.split(".")[1] if "." in module else ""
        if app == "core":
            found.append(f"{name} imports {module}: core imports no app")
        elif name in LEASE_BASE and other != "core":
            found.append(f"{name} imports {module}: it may import only core")
        elif other == "skynet":
            found.append(f"{name} imports {module}: apps do not import the settings package")
        elif other != "core" and room not in SHARED:
            found.append(f"{name} imports {module}: only another app's {sorted(SHARED)}")
        elif other == "core" and room in {"views", "exports", "admin", "urls"}:
            found.append(f"{name} imports {module}: core's own pages are its own")
    if name.endswith(".urls"):
        for module in imported:
            if module.split(".")[0] != app and existing(module):
                found.append(f"{name} routes {module}: each urls.py routes its own app")
    return found


def test_every_module_keeps_the_import_rule():
    found = [line for name, path in modules() for line in violations(name, imports_of(name, path))]
    assert found == []


@pytest.mark.parametrize(
    "name, source, broken",
    [
        ("core.views", "from cameras.models import Camera", "core imports no app"),
        ("leases.reports", "from cameras.reports import coverage", "may import only core"),
        ("leases.views", "from cameras.views import CameraListView", "only another app's"),
        ("cameras.views", "from leases import exports", "only another app's"),
        ("cameras.exports", "from core.views import healthz", "core's own pages"),
        ("leases.urls", "from cameras import views", "routes its own app"),
    ],
)
def test_a_forbidden_import_is_found(tmp_path, name, source, broken):
    path = tmp_path / "module.py"
    path.write_text(source + "\n")
    assert any(broken in line for line in violations(name, imports_of(name, path)))


@pytest.mark.parametrize(
    "name, source",
    [
        ("cameras.reports", "from leases.models import Batch\nfrom core.roc import format_roc"),
        ("leases.views", "from cameras.reports import coverage\nfrom cameras import filters"),
        ("cameras.views", "from . import reports\nfrom .imports import views"),
    ],
)
def test_an_allowed_import_is_not(tmp_path, name, source):
    path = tmp_path / "module.py"
    path.write_text(source + "\n")
    assert violations(name, imports_of(name, path)) == []
