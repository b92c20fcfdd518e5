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
        if target.startswith(("plangen.pipeline", "plangen.build"))
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
