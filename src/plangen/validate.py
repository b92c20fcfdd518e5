"""``plangen validate``: check blocks, templates and specs, reporting every problem with file:line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .compose import Composer
from .context import build_context
from .errors import PlanError, flatten
from .library import Layer, Library, load_model, yaml_files
from .preview import preview_block, preview_template
from .render import Renderer, Where
from .safeyaml import PathKey, SourceMap, load_file
from .schema.load import load_spec
from .schema.types import Block, BodyElement, Include, Item, Para, TableElement
from .textio import is_folder
from .years import SAMPLE_YEAR

KIND_NAMES = {"block": "内容块", "template": "计划模板", "spec": "计划文件", "rules": "检查规则"}
MAX_FILES = 2000
_CONTEXT_NAMES = frozenset(build_context(SAMPLE_YEAR, {"name": ""}))


@dataclass
class Checked:
    path: Path
    kind: str | None = None
    id: str | None = None
    problems: list[PlanError] = field(default_factory=list)
    repeated: int = 0  # problems already reported for another file (e.g. a block this template uses)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.repeated


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if is_folder(path):
            found = [
                p
                for p in yaml_files(path)
                if not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            yield from found[:MAX_FILES]
        else:
            yield path


def detect_kind(data: object) -> str | None:
    if not isinstance(data, dict):
        return None
    if "template" in data and ("org" in data or "year" in data):
        return "spec"
    if "sections" in data and "body" not in data:
        return "template"
    if "body" in data:
        return "block"
    return None


def library_position(path: Path) -> tuple[Path, str, str] | None:
    """(library root, kind, id) when *path* sits at blocks/<…>.yaml or plans/<id>.yaml of a library."""
    resolved = path.resolve()
    if resolved.parent.name == "plans":
        return resolved.parent.parent, "template", resolved.stem
    for parent in resolved.parents:
        if parent.name == "blocks":
            rel = resolved.relative_to(parent).with_suffix("")
            return parent.parent, "block", ".".join(rel.parts)
    return None


def check_paths(paths: Iterable[Path], library: Library) -> list[Checked]:
    files = list(files_under(paths))
    for path in files:  # a file inside a library folder is checked against its siblings
        position = library_position(path)
        if position is not None:
            library.add_layer(Layer(position[0], "待检查文件夹"))
    renderer = Renderer()
    results = [check_file(path, library, renderer) for path in files]
    seen: set[tuple[str, int | None, str]] = set()
    for result in results:  # a broken block is reported once, not again for each template using it
        kept = []
        for problem in result.problems:
            key = (str(problem.path), problem.line, problem.message)
            if key not in seen:
                seen.add(key)
                kept.append(problem)
            else:
                result.repeated += 1
        result.problems = kept
    return results


def check_file(path: Path, library: Library, renderer: Renderer) -> Checked:
    checked = Checked(path)
    try:
        data, source = load_file(path)
        from .lint.rules import check_rule_file, is_rule_file

        if is_rule_file(data):  # a library's lint.yaml (README: plangen lint)
            checked.kind = "rules"
            check_rule_file(data, source)
            return checked
        checked.kind = detect_kind(data)
        if checked.kind is None:
            raise PlanError(
                "无法判断文件类型：不是内容块（有 body）、计划模板（有 sections）或计划文件（有 template 和 org）",
                path,
                1,
            )
        if checked.kind == "spec":
            spec, source = load_spec(path, template=library.template)
            checked.id = spec.org.name
            Composer(library).compose(spec, source)
        else:
            _check_library_file(checked, library, renderer)
    except PlanError as exc:
        checked.problems.extend(flatten(exc))
    return checked


def _check_library_file(checked: Checked, library: Library, renderer: Renderer) -> None:
    kind = checked.kind
    assert kind in ("block", "template")
    position = library_position(checked.path)
    expected = position[2] if position and position[1] == kind else None
    model, source = load_model(kind, checked.path, expected_id=expected)  # type: ignore[arg-type]
    checked.id = model.id
    library.add_file(kind, model.id, checked.path, "待检查文件")  # type: ignore[arg-type]
    if kind == "block":
        checked.problems += _static_block_checks(model, source, library, renderer)
        try:
            preview_block(library, model.id)
        except PlanError as exc:
            checked.problems += flatten(exc)
    else:
        try:
            preview_template(library, model.id)
        except PlanError as exc:
            checked.problems += flatten(exc)


def _static_block_checks(
    block: Block, source: SourceMap, library: Library, renderer: Renderer
) -> list[PlanError]:
    """Syntax, forbidden constructs and unknown names in every text, and includes that don't exist."""
    problems: list[PlanError] = []
    known = _CONTEXT_NAMES | set(block.params)

    def text(value: str | None, key: PathKey, expression: bool = False) -> None:
        if not value:
            return
        source_text = "{% if " + value + " %}{% endif %}" if expression else value
        where = Where(source.path, source.text_line(key))
        try:
            unknown = sorted(renderer.variables(source_text, where) - known)
        except PlanError as exc:
            problems.append(exc)
            return
        for name in unknown:
            problems.append(
                PlanError(
                    f"未定义的变量：{name}",
                    where.path,
                    where.line,
                    hint="检查变量名拼写；块参数需在 params 中声明，内置变量见 README“模板变量”。",
                )
            )

    text(block.title, ("title",))
    for name, param in block.params.items():
        text(param.when, ("params", name, "when"), expression=True)
    for index, rule in enumerate(block.schedule):
        text(rule.on, ("schedule", index, "on"))
        text(rule.when, ("schedule", index, "when"), expression=True)

    def body(elements: Sequence[BodyElement], base: PathKey) -> None:
        for index, element in enumerate(elements):
            key = (*base, index)
            text(element.when, (*key, "when"), expression=True)
            if isinstance(element, Include):
                try:
                    library.entry("block", element.include)
                except PlanError as exc:
                    problems.append(source.error((*key, "include"), exc.message, exc.hint))
                continue
            if isinstance(element, (Para, Item)):
                text(element.p, (*key, "p"))
            if isinstance(element, TableElement):
                table = element.table
                for c, cell in enumerate(table.header):
                    text(cell, (*key, "table", "header", c))
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row):
                        text(cell, (*key, "table", "rows", r, c))
            if isinstance(element, Item):
                text(element.item, (*key, "item"))
                body(element.body, (*key, "body"))

    body(block.body, ("body",))
    return problems
