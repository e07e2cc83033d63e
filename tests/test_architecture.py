"""The house rules of docs/architecture.md, checked: what each package may import, and every
GraphQL operation of every package valid against the SDL."""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

from graphql import OperationDefinitionNode, parse, validate

import centra_bridge
from centra_bridge.centra import schema
from centra_bridge.client import operation_document, operation_names

PACKAGE = Path(centra_bridge.__file__).parent

# Package -> the packages it may import (every import counts, lazy and type-only ones too).
# ``__init__`` is the package root (``__version__``); ``errors``, ``redact`` and ``_lazy`` (the
# packages' names loaded on first use) are open to all.
BASE = {"__init__", "errors", "redact", "_lazy"}
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "_lazy": set(),
    "redact": set(),
    "warehouse": BASE,
    "centra": BASE,
    "client": BASE | {"centra"},
    "state": BASE,
    "events": BASE | {"client", "state"},
    "emulator": BASE | {"centra"},
    "sync": BASE | {"centra", "client", "events", "state", "warehouse"},
    "invitations": BASE | {"client", "events", "state"},
    "erp": BASE | {"centra", "client", "events", "state"},
    "analytics": BASE | {"warehouse"},
    "config": BASE | {"client", "sync", "invitations", "erp", "warehouse"},  # composes options
    "readiness": BASE | {"client", "events", "sync", "invitations", "erp"},
    "testing": BASE | {"emulator", "sync", "config", "client", "centra"},
    "service": BASE  # composition, as cli: runs every feature for many shops
    | {"config", "sync", "invitations", "erp", "analytics", "readiness", "client", "events"}
    | {"state", "warehouse", "centra"},
    "cli": BASE
    | {"centra", "client", "config", "emulator", "events", "readiness", "state"}
    | {"sync", "warehouse", "invitations", "analytics", "erp", "service"},
}
FEATURES = {"sync", "invitations", "analytics", "erp"}  # never import each other


def _imports() -> dict[str, set[str]]:
    """Top-level package of every module -> the centra_bridge packages its modules import."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        owner = relative.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module == "centra_bridge":
                # ``from centra_bridge import erp`` imports the package erp.
                names = [f"centra_bridge.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "centra_bridge":
                    target = parts[1] if len(parts) > 1 else "__init__"
                    if not (PACKAGE / target).is_dir() and not (PACKAGE / f"{target}.py").is_file():
                        target = "__init__"  # a name the package root defines (``__version__``)
                    if target != owner:
                        found[owner].add(target)
    return found


def test_packages_import_only_what_the_architecture_allows():
    imports = _imports()
    unknown = set(imports) - set(ALLOWED) - {"__init__"}
    assert not unknown, f"add {unknown} to docs/architecture.md and ALLOWED"
    broken = {
        owner: sorted(targets - ALLOWED[owner])
        for owner, targets in imports.items()
        if owner in ALLOWED and targets - ALLOWED[owner]
    }
    assert broken == {}


def test_client_and_emulator_meet_only_in_the_contract():
    imports = _imports()
    assert "emulator" not in imports["client"]
    assert "client" not in imports["emulator"]


def test_feature_packages_never_import_each_other():
    imports = _imports()
    for feature in FEATURES:
        assert not imports.get(feature, set()) & (FEATURES - {feature}), feature


def test_no_import_cycles_inside_the_cli():
    edges: dict[str, set[str]] = defaultdict(set)
    for path in (PACKAGE / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "centra_bridge.cli"
            ):
                targets = [node.module] if node.module != "centra_bridge.cli" else []
                targets += [f"centra_bridge.cli.{a.name}" for a in node.names if a.name[0] == "_"]
                edges[path.stem] |= {t.rsplit(".", 1)[-1] for t in targets} - {path.stem}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(
            step == goal or (step not in seen and reaches(step, goal, seen | {step}))
            for step in edges.get(start, ())
        )

    cycles = sorted(m for m in edges if m != "__init__" and reaches(m, m, set()))
    assert cycles == []


def test_every_operation_of_every_package_is_valid_against_the_sdl():
    import centra_bridge.readiness  # noqa: F401 (imports every feature: their operations register)

    names = operation_names()
    assert {"Orders", "Events", "PermissionProbe"} <= set(names)
    invalid = {
        name: [e.message for e in errors]
        for name in names
        if (errors := validate(schema(), parse(operation_document(name))))
    }
    assert invalid == {}


def test_operations_are_found_as_graphql_core_parses_their_files():
    # The loader finds them with a scan, not with graphql-core's parser (client._operations).
    import centra_bridge.readiness  # noqa: F401 (imports every feature: their operations register)

    files = sorted(PACKAGE.glob("*/operations/*.graphql"))
    parsed = {
        definition.name.value
        for path in files
        for definition in parse(path.read_text(encoding="utf-8")).definitions
        if isinstance(definition, OperationDefinitionNode) and definition.name
    }
    assert len(parsed) > 40
    assert set(operation_names()) == parsed
    for name in operation_names():
        defined = parse(operation_document(name)).definitions
        assert name in {
            d.name.value for d in defined if isinstance(d, OperationDefinitionNode) and d.name
        }


def test_every_public_name_of_every_package_resolves():
    # Packages that load their modules on first use (``_lazy``) list each name twice: once
    # for type checkers and once for the loader. A name missing from the loader fails here.
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        package = importlib.import_module(f"centra_bridge.{init.parent.name}")
        missing = [n for n in getattr(package, "__all__", ()) if not hasattr(package, n)]
        assert missing == [], package.__name__


def test_tests_and_benches_use_public_names_only():
    root = PACKAGE.parents[1]
    private = []
    for path in sorted([*root.glob("tests/*.py"), *root.glob("bench/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            if not module.startswith("centra_bridge"):
                continue
            names = [*module.split("."), *(a.name for a in node.names)]
            if any(n.startswith("_") and not n.endswith("__") for n in names):
                private.append(f"{path.name}:{node.lineno}")
    assert private == []
