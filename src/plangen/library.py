"""The content library: blocks and plan templates from layered folders.

Layers, later overriding earlier by id: the built-in library shipped in the wheel, then each folder
of ``PLANGEN_PATH`` (a parent committee's library), then each ``--library DIR`` (this branch's).
A layer is a folder holding ``blocks/<category>/<name>.yaml`` and/or ``plans/<id>.yaml``.
Ids are looked up in this index only — never joined onto a path — so an id cannot reach a file
outside the library roots.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal, overload

from .errors import PlanError, os_reason
from .safeyaml import SourceMap, load_text
from .schema.types import Block, BodyElement, Item, Para, PlanTemplate

Kind = Literal["block", "template"]
BUILTIN = "内置"


@dataclass(frozen=True)
class Layer:
    root: Path
    origin: str  # 内置 | PLANGEN_PATH | --library

    @property
    def label(self) -> str:
        return BUILTIN if self.origin == BUILTIN else f"{self.origin} {self.root}"


@dataclass
class Entry:
    id: str
    kind: Kind
    path: Path
    layer: Layer
    shadows: list[Entry] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return self.layer.label


def builtin_root() -> Path:
    """The built-in library: inside the installed package, or the repository's templates/ in a checkout."""
    return _shipped("_templates", "templates", "内置内容库")


def examples_root() -> Path:
    """The example plan files and roster: inside the installed package, or the repository's examples/."""
    return _shipped("_examples", "examples", "示例文件")


def _shipped(packaged_name: str, checkout_name: str, what: str) -> Path:
    """A folder the wheel carries inside the package, or the repository's own in a checkout."""
    packaged = Path(str(resources.files("plangen").joinpath(packaged_name)))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / checkout_name
    if checkout.is_dir():
        return checkout
    raise PlanError(
        f"找不到{what}（plangen/{packaged_name}）",
        hint="安装可能不完整：请重新执行 pip install plangen。",
    )


def default_layers(libraries: Iterable[Path] = (), environ: Mapping[str, str] | None = None) -> list[Layer]:
    environ = os.environ if environ is None else environ
    layers = [Layer(builtin_root(), BUILTIN)]
    for raw in (environ.get("PLANGEN_PATH") or "").split(os.pathsep):
        if raw.strip():
            layers.append(_checked_layer(Path(raw.strip()), "PLANGEN_PATH"))
    for path in libraries:
        layers.append(_checked_layer(Path(path), "--library"))
    return layers


def _checked_layer(root: Path, origin: str) -> Layer:
    try:
        names = set(os.listdir(root))
    except FileNotFoundError:
        raise PlanError(
            f"{origin} 指定的内容库文件夹不存在：{root}", hint="检查路径；多个文件夹用系统路径分隔符分开。"
        ) from None
    except NotADirectoryError:
        raise PlanError(
            f"{origin} 指定的不是文件夹：{root}", hint="内容库是一个含 blocks/ 或 plans/ 的文件夹。"
        ) from None
    except (OSError, ValueError) as exc:
        raise PlanError(f"{origin} 指定的内容库文件夹无法读取：{os_reason(exc)}", root) from None
    if not {"blocks", "plans"} & names and not (root / "lint.yaml").is_file():
        raise PlanError(
            f"{root} 不是 plangen 内容库",
            hint="内容库文件夹里应有 blocks/（内容块）或 plans/（计划模板）子文件夹，或检查规则 lint.yaml。",
        )
    return Layer(root.resolve(), origin)


class Library:
    """An overlay of layers with lazy, cached loading of blocks and templates."""

    def __init__(self, layers: list[Layer]) -> None:
        self.layers = layers
        self._index: dict[Kind, dict[str, Entry]] | None = None
        self._models: dict[tuple[Kind, str], Block | PlanTemplate] = {}
        self._sources: dict[tuple[Kind, str], SourceMap] = {}

    @classmethod
    def default(cls, libraries: Iterable[Path] = (), environ: Mapping[str, str] | None = None) -> Library:
        return cls(default_layers(libraries, environ))

    # -- discovery ---------------------------------------------------------------------------
    def index(self, kind: Kind) -> dict[str, Entry]:
        if self._index is None:
            self._index = {"block": {}, "template": {}}
            for layer in self.layers:
                for entry in _discover(layer):
                    table = self._index[entry.kind]
                    previous = table.get(entry.id)
                    if previous is not None:
                        entry.shadows = [previous, *previous.shadows]
                    table[entry.id] = entry
        return self._index[kind]

    def entry(self, kind: Kind, item_id: str) -> Entry:
        table = self.index(kind)
        if item_id in table:
            return table[item_id]
        noun = "内容块" if kind == "block" else "计划模板"
        close = difflib.get_close_matches(item_id, list(table), n=3, cutoff=0.5)
        command = "plangen blocks list" if kind == "block" else "plangen templates list"
        hint = f"是不是：{'、'.join(close)}？" if close else f"用 {command} 查看可用的{noun}。"
        raise PlanError(f"找不到{noun}“{item_id}”", hint=hint)

    def add_layer(self, layer: Layer) -> None:
        """Add a layer on top (``plangen validate`` on a folder that is itself a library)."""
        if all(existing.root.resolve() != layer.root.resolve() for existing in self.layers):
            self.layers.append(layer)
            self._index = None
            self._models.clear()
            self._sources.clear()

    def add_file(self, kind: Kind, item_id: str, path: Path, origin: str) -> Entry:
        """Put one file on top of every layer (``plangen validate`` checks a file in context)."""
        table = self.index(kind)
        previous = table.get(item_id)
        entry = Entry(item_id, kind, path, Layer(path.parent, origin), [previous] if previous else [])
        table[item_id] = entry
        self._models.pop((kind, item_id), None)
        self._sources.pop((kind, item_id), None)
        return entry

    # -- loading -----------------------------------------------------------------------------
    def block(self, block_id: str) -> Block:
        loaded = self._load("block", block_id)
        assert isinstance(loaded, Block)
        return loaded

    def template(self, template_id: str) -> PlanTemplate:
        loaded = self._load("template", template_id)
        assert isinstance(loaded, PlanTemplate)
        return loaded

    def source(self, kind: Kind, item_id: str) -> SourceMap:
        self._load(kind, item_id)
        return self._sources[(kind, item_id)]

    def _load(self, kind: Kind, item_id: str) -> Block | PlanTemplate:
        key = (kind, item_id)
        if key not in self._models:
            entry = self.entry(kind, item_id)
            model, source = load_model(kind, entry.path, expected_id=item_id)
            self._models[key] = model
            self._sources[key] = source
        return self._models[key]

    def is_users(self, kind: Kind, item_id: str) -> bool:
        """Whether *item_id* comes from a user's library (its file is theirs to edit)."""
        try:
            return self.entry(kind, item_id).layer is not self.layers[0]
        except PlanError:
            return False

    def locate_text(self, kind: Kind, item_id: str, text: str) -> tuple[Path | None, int | None]:
        """The file of *item_id* and the line holding *text* as written (a Jinja expression may hide it)."""
        try:
            entry = self.entry(kind, item_id)
        except PlanError:
            return None, None
        try:
            lines = entry.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return entry.path, None
        line = next((number for number, body in enumerate(lines, start=1) if text and text in body), None)
        return entry.path, line

    @overload
    def all(
        self, kind: Literal["block"], errors: list[PlanError] | None = None
    ) -> list[tuple[Entry, Block]]: ...
    @overload
    def all(
        self, kind: Literal["template"], errors: list[PlanError] | None = None
    ) -> list[tuple[Entry, PlanTemplate]]: ...
    @overload
    def all(
        self, kind: Kind, errors: list[PlanError] | None = None
    ) -> list[tuple[Entry, Block]] | list[tuple[Entry, PlanTemplate]]: ...

    def all(
        self, kind: Kind, errors: list[PlanError] | None = None
    ) -> list[tuple[Entry, Block]] | list[tuple[Entry, PlanTemplate]]:
        """Every item of *kind*, loaded; broken files go to *errors* (or raise when None)."""
        out: list[tuple[Entry, Block | PlanTemplate]] = []
        for item_id, entry in sorted(self.index(kind).items()):
            try:
                out.append((entry, self._load(kind, item_id)))
            except PlanError as exc:
                if errors is None:
                    raise
                errors.append(exc)
        return out

    def search(self, word: str, errors: list[PlanError] | None = None) -> list[tuple[Entry, Block]]:
        """Blocks whose id, title, summary, keywords or text mention *word* (case-insensitive)."""
        needle = word.casefold()
        hits = []
        for entry, block in self.all("block", errors):
            haystack = " ".join(
                [block.id, block.title, block.summary, *block.keywords, *_texts(block.body)]
            ).casefold()
            if needle in haystack:
                hits.append((entry, block))
        return hits


def load_model(
    kind: Kind, path: Path, expected_id: str | None = None
) -> tuple[Block | PlanTemplate, SourceMap]:
    """Load and validate one block or template file."""
    model, source = _cached_load(kind, path)
    if expected_id is not None and model.id != expected_id:
        where = ("blocks/" + model.id.replace(".", "/")) if kind == "block" else ("plans/" + model.id)
        raise source.error(
            ("id",),
            f"id“{model.id}”与文件位置不符（按位置应为“{expected_id}”）",
            hint=f"把 id 改为 {expected_id}，或把文件改名、移动，使位置与 id 一致（如 {where}.yaml）。",
        )
    return model, source


MAX_DEPTH = 50  # folders below blocks/: an id has at most 50 parts (100 characters)
MAX_ENTRIES = 20_000  # files and folders looked at in one library


def _cached_load(kind: Kind, path: Path) -> tuple[Block | PlanTemplate, SourceMap]:
    """Read and validate *path*, or take the result of an earlier run on the same bytes."""
    import pickle

    from . import cache
    from .schema.load import validated
    from .textio import read_bytes, source_text

    raw = read_bytes(path)  # read once: the key, and on a miss the text
    name = cache.key("library", kind, raw)
    blob = cache.get(name)
    if blob is not None:
        try:
            model, source = pickle.loads(blob)
            source.path = path
            return model, source
        except Exception:  # a damaged entry: read the file again
            pass
    data, source = load_text(source_text(raw, path), path)
    model: Block | PlanTemplate = (
        validated("Block", data, source) if kind == "block" else validated("PlanTemplate", data, source)
    )
    cache.put(name, pickle.dumps((model, source), protocol=pickle.HIGHEST_PROTOCOL))
    return model, source


def yaml_files(folder: Path) -> list[Path]:
    """The .yaml/.yml files under *folder*."""
    return files_under(folder, (".yaml", ".yml"))


def files_under(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files under *folder* whose names end in *suffixes* (any case), found without recursion (a
    hostile tree may be thousands of folders deep), without following links to folders, and bounded
    in depth and number."""
    found: list[Path] = []
    pending = [(folder, 0)]
    seen = 0
    while pending:
        current, depth = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError as exc:  # a folder left out silently would be content lost silently
            raise PlanError(f"无法读取文件夹：{os_reason(exc)}", current) from None
        for entry in entries:
            seen += 1
            if seen > MAX_ENTRIES:
                raise PlanError(
                    f"文件夹中的文件过多（超过 {MAX_ENTRIES} 个）", folder, hint="请确认选对了文件夹。"
                )
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth < MAX_DEPTH:
                        pending.append((Path(entry.path), depth + 1))
                elif entry.name.lower().endswith(suffixes) and entry.is_file():
                    found.append(Path(entry.path))
            except OSError:
                continue
    return sorted(found)


def _discover(layer: Layer) -> list[Entry]:
    entries: list[Entry] = []
    root = layer.root.resolve()
    blocks = root / "blocks"
    if _folder(blocks):
        for path in yaml_files(blocks):
            if not _inside(path, root):
                continue
            rel = path.relative_to(blocks).with_suffix("")
            if any(part.startswith((".", "_")) for part in rel.parts):
                continue
            entries.append(Entry(".".join(rel.parts), "block", path, layer))
    plans = root / "plans"
    if _folder(plans):
        for path in sorted(plans.glob("*.y*ml")):
            usable = _inside(path, root) and path.is_file() and path.suffix in (".yaml", ".yml")
            if usable and not path.stem.startswith((".", "_")):
                entries.append(Entry(path.stem, "template", path, layer))
    return entries


def _folder(path: Path) -> bool:
    """Whether a library's *path* is a folder; one the system will not show is an error, not absent."""
    try:
        return path.is_dir()
    except OSError as exc:
        raise PlanError(f"无法读取文件夹：{os_reason(exc)}", path) from None


def _inside(path: Path, root: Path) -> bool:
    """True when *path* (following links) stays inside *root*. :func:`yaml_files` never enters a
    linked folder, so only a linked file can lead outside: anything else needs no resolving (which
    costs a system call per folder of the path, per file)."""
    try:
        if not path.is_symlink() and path.is_relative_to(root):
            return True
        return path.resolve().is_relative_to(root)
    except OSError:
        return False


def _texts(body: Sequence[BodyElement]) -> list[str]:
    out: list[str] = []
    for element in body:
        if isinstance(element, Para):
            out.append(element.p)
        elif isinstance(element, Item):
            out += [text for text in (element.p, element.item) if text]
            out += _texts(element.body)
    return out
