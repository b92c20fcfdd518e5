"""The arrows run one way (issue 22): the face (cli) calls commands, commands call the core, and
the core never imports a command or the face; no command imports another. Function-level imports
count: they are arrows too, only later ones."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "plangen"
SHARED = {"plangen.commands.report", "plangen.commands.show"}  # the commands' own shared steps


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module *path* imports, anywhere in it, as absolute names."""
    module = _name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("plangen")}


def _modules() -> dict[str, set[str]]:
    return {_name(path): _imports(path) for path in PACKAGE.rglob("*.py")}


def test_the_core_never_imports_a_command_or_the_face() -> None:
    wrong = {
        (module, target)
        for module, targets in _modules().items()
        if not module.startswith(("plangen.commands", "plangen.cli", "plangen.__main__"))
        for target in targets
        if target.startswith(("plangen.commands", "plangen.cli"))
    }
    assert wrong == set()


def test_no_command_imports_another() -> None:
    wrong = {
        (module, target)
        for module, targets in _modules().items()
        if module.startswith("plangen.commands.") and module not in SHARED
        for target in targets
        if target.startswith("plangen.commands.")
        and not target.startswith(tuple(SHARED))
        and not target.startswith(module)
    }
    assert wrong == set()


def test_lint_does_not_reach_up_into_the_build_steps() -> None:
    """The pipeline refuses a stale plan with lint; lint composes a spec through what it is given."""
    wrong = {
        (module, target)
        for module, targets in _modules().items()
        if module.startswith("plangen.lint")
        for target in targets
        if target.startswith("plangen.pipeline")
    }
    assert wrong == set()


def test_batch_neither_writes_specs_through_the_wizard_nor_sets_private_globals() -> None:
    batch = {module: targets for module, targets in _modules().items() if module.startswith("plangen.batch")}
    assert not any("plangen.wizard.spec_yaml" in targets for targets in batch.values())
    for path in (PACKAGE / "batch").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    assert not (isinstance(target, ast.Attribute) and target.attr.startswith("_")
                                and isinstance(target.value, ast.Name) and target.value.id != "self"), path  # fmt: skip


# --- the layers (docs/architecture.md), bottom up: a module may import its own layer and those below -

LAYERS: list[tuple[str, set[str]]] = [
    ("foundation", {"plangen", "errors", "years", "numbering", "patterns", "textio", "yamlout", "cache",
                    "document", "paper", "specfile", "bounds", "changes"}),
    ("edges", {"safeyaml", "output", "lock", "office", "layout", "context", "render"}),
    ("sources", {"schema", "readers", "schedule", "library"}),
    ("content", {"compose", "writers", "environment"}),
    ("checks", {"lint", "preview"}),
    ("steps", {"pipeline", "importer", "accounting", "validate", "compare"}),
    ("runs", {"wizard", "batch", "meetings", "summary"}),
    ("commands", {"commands"}),
    ("face", {"cli", "usage", "__main__"}),
]  # fmt: skip
RANK = {unit: rank for rank, (_, units) in enumerate(LAYERS) for unit in units}


def _unit(module: str) -> str:
    """plangen.readers.word → readers; plangen.cli → cli; plangen → plangen."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__version__" else "plangen"


def test_every_module_has_a_layer() -> None:
    """A new module or package is placed in a layer (and in docs/architecture.md) before it lands."""
    assert {_unit(module) for module in _modules()} - RANK.keys() == set()


def _upward(modules: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} ({LAYERS[RANK[_unit(module)]][0]}) → {target} ({LAYERS[RANK[_unit(target)]][0]})"
        for module, targets in modules.items()
        for target in targets
        if _unit(target) in RANK and RANK[_unit(target)] > RANK[_unit(module)]
    )


def _cycles(modules: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle closed while walking the import graph depth first (each at least once)."""
    graph = {
        module: {t for t in targets if t in modules and t != module} for module, targets in modules.items()
    }
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_no_module_imports_from_a_layer_above_it() -> None:
    assert _upward(_modules()) == []


def test_no_import_cycle() -> None:
    """Between modules, function-level and type-only imports included: a cycle means two modules
    that are one, or a rule living in the wrong one of them."""
    assert _cycles(_modules()) == []


def test_the_document_imports_nothing_of_ours_and_writers_see_only_it() -> None:
    modules = _modules()
    assert modules["plangen.document"] - {"plangen.document"} == set()
    for module, targets in modules.items():
        if module.startswith("plangen.writers"):
            assert not {_unit(t) for t in targets} & {"library", "render", "compose", "safeyaml", "schema"}, (
                module
            )


def test_the_layer_checks_find_what_they_are_for() -> None:
    """On a made-up package: an arrow up from the edges to a batch, and a cycle through a package's
    face, are both found; arrows down and sideways are not."""
    made_up = {
        "plangen.lock": {"plangen.batch.state", "plangen.errors"},
        "plangen.readers": {"plangen.readers.word"},
        "plangen.readers.word": {"plangen.readers", "plangen.errors"},
        "plangen.errors": set(),
        "plangen.batch.state": {"plangen.errors"},
    }
    assert _upward(made_up) == ["plangen.lock (edges) → plangen.batch.state (runs)"]
    assert _cycles(made_up) == [["plangen.readers", "plangen.readers.word", "plangen.readers"]]


def test_the_architecture_page_states_the_layers() -> None:
    """docs/architecture.md's table is this one: each layer on its row with every unit of it."""
    page = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip(): line.split("|")[2] for line in page.splitlines() if line.startswith("| ")
    }
    for name, units in LAYERS:
        assert name in rows, name
        stated = {unit.strip("`/ ") for unit in rows[name].split(",")}
        assert stated == units - {"plangen"}, (name, stated ^ (units - {"plangen"}))
