"""spec + template + library → Document. Numbering lives here, and only here.

Three passes:

1. **place** — instantiate the template's sections as a tree of :class:`Placed` blocks (includes
   expanded, cycles refused, size bounded);
2. **edit** — apply the spec's ``sections.remove`` / ``sections.add`` anywhere in the tree;
3. **emit** — walk the tree, resolve params, render text, and number headings by depth
   (一、 （一） 1. （1）); a fifth level is an error naming the block and line.

Problems are collected rather than raised one by one, so a user sees all of them at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any

from .bounds import BLOCKS, SHAPES, TEXTS, TREES
from .context import ROLES, build_context, size_note
from .document import Document, Heading, Node, Paragraph, Recurrence, RunIn, Signature, Table
from .errors import PlanError, PlanErrors, own_message
from .library import Library
from .numbering import MAX_LEVEL, ordinal
from .render import Read, Renderer, Where, frozen, plain
from .safeyaml import PathKey, SourceMap
from .schema.types import (
    DETAIL_NAMES,
    Block,
    BodyElement,
    DetailMark,
    Include,
    Item,
    Para,
    Param,
    ParamValue,
    PlanSpec,
    PlanTemplate,
    RawValue,
    SectionRef,
    TableElement,
    TableSpec,
    as_dict,
    shown_at,
)
from .schema.values import param_value

MAX_NODES = 5_000  # headings + paragraphs; a real plan has a few hundred
MAX_CHARS = 300_000  # rendered characters in one plan (a 3–8 page plan has 2,000–5,000)


@dataclass
class ParamSet:
    """Param values set somewhere (template, include, spec), with where, for error messages."""

    values: Mapping[str, RawValue]
    source: SourceMap | None
    key: PathKey
    qualified: bool = False  # keys are "block.id.param" rather than "param"


@dataclass
class Text:
    """A paragraph, item or table of a block's body."""

    element: Para | Item | TableElement
    key: PathKey
    children: list[Placed | Text] = field(default_factory=list)


@dataclass
class Placed:
    """A block placed in the plan tree."""

    id: str
    block: Block
    source: SourceMap
    site: tuple[Path | str | None, int | None]
    param_sets: list[ParamSet] = field(default_factory=list)
    title: tuple[str, SourceMap, PathKey] | None = None
    when: tuple[str, Where] | None = None
    detail: DetailMark = None  # the include's or section's detail mark
    inline: Sequence[str] = ()  # detail levels at which it joins its parent
    children: list[Placed | Text] = field(default_factory=list)
    structure: tuple[int, int | None] | None = None  # (generation, number): Composer._structure
    blocks: tuple[str, ...] | None = None  # the ids of the blocks placed in it, its own first


@dataclass
class Composer:
    library: Library
    renderer: Renderer = field(default_factory=Renderer)
    problems: list[PlanError] = field(default_factory=list)
    nodes: int = 0
    chars: int = 0
    fill_missing: bool = False  # previews and validation: placeholder values for required params
    detail: str = "standard"  # the plan's detail level, set by compose()
    _refs: dict[int, tuple[PlanTemplate, list[SectionRef]]] = field(
        default_factory=dict
    )  # template → its refs
    _splits: dict[int, dict[str, ParamSet]] = field(default_factory=dict)  # this plan's global sets by block
    _emitted: OrderedDict[tuple[Any, ...], _Emitted] = field(
        default_factory=OrderedDict
    )  # block emissions (see _emit_block), least recently used first
    _shapes: dict[tuple[Any, ...], tuple[int, Block]] = field(default_factory=dict)  # shape → its number
    _uses: dict[int, tuple[Read, ...]] = field(default_factory=dict)  # shape number → what it has read
    _reads: list[set[Read]] = field(default_factory=list)  # what each block being emitted has read
    _placed_shapes: dict[int, int | None] = field(default_factory=dict)  # this plan's: id(Placed) → shape
    _generation: int = 0  # bumped when _shapes is cleared: a node's cached structure must match it
    _trees: dict[int, tuple[PlanTemplate, SourceMap, list[Placed | Text], int]] = field(
        default_factory=dict
    )  # a template's placed tree, unedited, and its node count: the same for every plan without edits

    # -- entry point -------------------------------------------------------------------------
    def compose(
        self,
        spec: PlanSpec,
        spec_source: SourceMap,
        template: PlanTemplate | None = None,
        template_source: SourceMap | None = None,
    ) -> Document:
        """Compose *spec*; *template* (with its source) overrides the one the spec names (previews)."""
        self.problems = []
        self.nodes = 0
        self.chars = 0
        self._splits = {}
        self._placed_shapes = {}
        if len(self._shapes) >= SHAPES:  # bounded, between plans: a number never changes meaning mid-plan
            self._shapes.clear()
            self._uses.clear()
            self._emitted.clear()
            self._generation += 1
        if template is None or template_source is None:
            try:
                template = self.library.template(spec.template)
            except PlanError as exc:
                raise self._at(exc, spec_source, ("template",)) from None
            template_source = self.library.source("template", spec.template)
        self.detail = spec.detail or template.default_detail()
        context = build_context(
            spec.year,
            as_dict(spec.org),
            spec.date,
            spec.settings.congress_year,
            template.kind,
            sector=template.sector,
            membership=template.membership,
            detail=self.detail,
        )
        global_sets = [
            ParamSet(template.params, template_source, ("params",), qualified=True),
            ParamSet(spec.params, spec_source, ("params",), qualified=True),
        ]
        self._check_qualified(global_sets)

        sections = spec.sections
        edited = bool(sections.remove or sections.add or sections.order)
        cached = None if edited else self._trees.get(id(template))
        if cached is not None and cached[0] is template and cached[1] is template_source:
            roots, self.nodes = cached[2], cached[3]
        else:
            roots = self._place_sections(template, template_source)
            if not edited and not self.problems:
                if len(self._trees) >= TREES:
                    self._trees.clear()
                self._trees[id(template)] = (template, template_source, roots, self.nodes)
            self._edit(roots, spec, spec_source)

        title_source = spec_source if spec.title else template_source
        title = self._render(spec.title or template.title, context, title_source, ("title",))
        doc = Document(title=_one_line(title), year=spec.year, org=spec.org.name, date=context["date"])
        doc.vacations = self._vacations(spec, spec_source, template.sector)
        if note := size_note(template.kind, spec.org.members):
            doc.notes.append(note)
        # 基本情况 (from the spec's counts) leads the past year's review, then the template's purpose
        opening = paragraphs(spec.review) if spec.review else []
        if template.intro:
            opening += paragraphs(self._render(template.intro, context, template_source, ("intro",)))
        if context["overview"]:
            opening[:1] = [context["overview"] + (opening[0] if opening else "")]
        doc.intro = [Paragraph(text) for text in opening]
        self._emit(roots, 1, None, context, global_sets, doc)
        if template.signature:
            doc.signature = Signature(context["org"]["full_name"], context["date_cn"])
        doc.build_toc()
        PlanErrors.raise_if_any(self.problems)
        placed = {node.id for node in _walk(roots) if isinstance(node, Placed)} if spec.params else set()
        for qualified in spec.params:
            block_id = qualified.rpartition(".")[0]
            if block_id not in placed:
                doc.notes.append(f"参数 {qualified} 所属的内容块不在本计划中，已忽略。")
        return doc

    def _place_sections(self, template: PlanTemplate, template_source: SourceMap) -> list[Placed | Text]:
        """The template's sections, each with its blocks placed in it (pass 1). Kept for the next
        plan of the same template that edits none of them (a batch's): placing reads only the
        template and the library, and emitting does not change the tree."""
        roots: list[Placed | Text] = []
        for index, ref in enumerate(self._section_refs(template)):
            key: PathKey = ("sections", index)
            sets = [ParamSet(ref.params, template_source, (*key, "params"))]
            placed = self._place(ref.block, template_source.locate(key), [], 1, sets)
            if placed is None:
                continue
            if ref.title:
                placed.title = (ref.title, template_source, (*key, "title"))
            placed.detail = ref.detail
            for j, extra in enumerate(ref.include):
                if isinstance(extra, str):
                    child = self._place(
                        extra, template_source.locate((*key, "include", j)), [ref.block], 2, []
                    )
                else:
                    extra_key = (*key, "include", j)
                    child = self._place(
                        extra.include,
                        template_source.locate((*extra_key, "include")),
                        [ref.block],
                        2,
                        [ParamSet(extra.params, template_source, (*extra_key, "params"))],
                        (extra.when, Where(*template_source.locate((*extra_key, "when"))))
                        if extra.when
                        else None,
                    )
                    if child is not None:
                        child.detail, child.inline = extra.detail, extra.inline
                if child is not None:
                    placed.children.append(child)
            roots.append(placed)
        return roots

    def _vacations(
        self, spec: PlanSpec, source: SourceMap, sector: str
    ) -> list[tuple[str, dt.date, dt.date]]:
        """The plan year's 寒暑假: the spec's settings.vacations, else the sector's usual ones."""
        from .schedule.vacations import parse, vacations

        given = spec.settings.vacations
        for index, text in enumerate(given or ()):
            try:
                parse(text, spec.year)
            except ValueError as exc:
                self.problems.append(source.error(("settings", "vacations", index), f"寒暑假：{exc}"))
                return []
        try:
            return vacations(given, sector, spec.year)
        except ValueError as exc:  # a year outside the lunar tables
            self.problems.append(PlanError(f"寒暑假：{exc}"))
            return []

    # -- pass 1: place -----------------------------------------------------------------------
    def _place(
        self,
        block_id: str,
        site: tuple[Path | str | None, int | None],
        chain: list[str],
        level: int,
        param_sets: list[ParamSet],
        when: tuple[str, Where] | None = None,
    ) -> Placed | None:
        if block_id in chain:
            cycle = " → ".join([*chain[chain.index(block_id) :], block_id])
            self.problems.append(PlanError(f"内容块循环嵌入：{cycle}", *site, hint="删除其中一处 include。"))
            return None
        if level > MAX_LEVEL:
            self.problems.append(self._too_deep(block_id, site))
            return None
        try:
            block = self.library.block(block_id)
            source = self.library.source("block", block_id)
        except PlanError as exc:
            self.problems.append(exc.located(*site) if exc.path is None else exc)
            return None
        placed = Placed(block_id, block, source, site, list(param_sets), when=when)
        placed.children = self._expand(block.body, ("body",), placed, [*chain, block_id], level + 1)
        return placed

    def _expand(
        self, elements: Sequence[BodyElement], base: PathKey, owner: Placed, chain: list[str], level: int
    ) -> list[Placed | Text]:
        out: list[Placed | Text] = []
        for index, element in enumerate(elements):
            key = (*base, index)
            self.nodes += 1
            if self.nodes > MAX_NODES:
                if self.nodes == MAX_NODES + 1:
                    self.problems.append(
                        owner.source.error(
                            key, f"计划展开后超过 {MAX_NODES} 个段落和标题", hint="检查是否有块被反复嵌入。"
                        )
                    )
                return out
            if isinstance(element, Include):
                where = Where(*owner.source.locate((*key, "when")))
                placed = self._place(
                    element.include,
                    owner.source.locate((*key, "include")),
                    chain,
                    level,
                    [ParamSet(element.params, owner.source, (*key, "params"))],
                    (element.when, where) if element.when else None,
                )
                if placed is not None:
                    placed.detail = element.detail
                    placed.inline = element.inline
                    out.append(placed)
            elif isinstance(element, Item):
                if level > MAX_LEVEL:
                    self.problems.append(self._too_deep(owner.id, owner.source.locate((*key, "item"))))
                    continue
                body = element.body
                out.append(
                    Text(
                        element,
                        key,
                        self._expand(body, (*key, "body"), owner, chain, level + 1) if body else [],
                    )
                )
            else:
                out.append(Text(element, key))
        return out

    @staticmethod
    def _too_deep(block_id: str, site: tuple[Path | str | None, int | None]) -> PlanError:
        return PlanError(
            f"层级超过四级：内容块“{block_id}”在此处会成为第五级标题",
            *site,
            hint="公文标题最多四级（一、（一）1.（1））；把这部分改为段落，或减少一层嵌入。",
        )

    # -- pass 2: edit ------------------------------------------------------------------------
    def _edit(self, roots: list[Placed | Text], spec: PlanSpec, source: SourceMap) -> None:
        removed = spec.sections.remove
        present = {node.id for node in _walk(roots) if isinstance(node, Placed)} if removed else set()
        for index, block_id in enumerate(removed):
            _remove(roots, block_id)
            if block_id not in present:  # checked against the template's tree: removing a parent
                self.problems.append(
                    source.error(
                        ("sections", "remove", index),
                        f"要删除的内容块“{block_id}”不在本计划中",
                        hint="用 plangen templates show 查看模板包含的块。",
                    )
                )
        for index, add in enumerate(spec.sections.add):
            key: PathKey = ("sections", "add", index)
            anchor_name = add.after or add.before or add.into
            level = 1
            found: tuple[list[Placed | Text], int, int] | None = None
            if anchor_name is not None:
                found = _find(roots, anchor_name, 1) or _find_category(roots, anchor_name)
                if found is None:
                    self.problems.append(
                        source.error(
                            (*key, "after" if add.after else "before" if add.before else "into"),
                            f"找不到位置“{anchor_name}”：本计划中没有这个块或分类",
                        )
                    )
                    continue
                level = found[2] + (1 if add.into else 0)
            enclosing = _ancestors(roots, found) if found else []
            if not add.into:
                enclosing = enclosing[:-1]  # a sibling of the anchor, not inside it
            chain = [p.id for p in enclosing]
            placed = self._place(
                add.block,
                source.locate((*key, "block")),
                chain,
                level,
                [ParamSet(add.params, source, (*key, "params"))],
            )
            if placed is None:
                continue
            if found is None:
                roots.append(placed)
                continue
            siblings, position, _ = found
            if add.into:
                target = siblings[position]
                target.children.append(placed)
            else:
                siblings.insert(position + (1 if add.after else 0), placed)

        self._reorder(roots, spec, source)

    def _reorder(self, roots: list[Placed | Text], spec: PlanSpec, source: SourceMap) -> None:
        """``sections.order``: the top-level sections it names first, in its order; the rest after."""
        order = spec.sections.order
        if not order:
            return
        top = [node.id for node in roots if isinstance(node, Placed)]
        for index, block_id in enumerate(order):
            if block_id not in top:
                self.problems.append(
                    source.error(
                        ("sections", "order", index),
                        f"“{block_id}”不是本计划的一级部分，无法排序",
                        hint="order 只能列计划的一级部分（plangen templates show 中的“一、二、三……”）。",
                    )
                )
        rank = {block_id: i for i, block_id in enumerate(dict.fromkeys(order))}
        keyed = [(rank.get(node.id, len(rank)) if isinstance(node, Placed) else len(rank), i, node)
                 for i, node in enumerate(roots)]  # fmt: skip
        roots[:] = [node for _, _, node in sorted(keyed, key=lambda item: item[:2])]

    # -- pass 3: emit ------------------------------------------------------------------------
    def _emit(
        self,
        nodes: list[Placed | Text],
        level: int,
        owner: Placed | None,
        base: dict[str, Any],
        global_sets: list[ParamSet],
        doc: Document,
        owner_context: dict[str, Any] | None = None,
    ) -> None:
        counter = 0
        # Siblings are either all run-in items or all headings: where a sub-block (a heading) shares
        # a level with items, the items become headings too, so the numbering and the TOC have no gaps.
        headings_here = any(
            isinstance(node, Placed) and shown_at(node.detail, self.detail) and self.detail not in node.inline
            for node in nodes
        )
        for node in nodes:
            mark = node.detail if isinstance(node, Placed) else node.element.detail
            if not shown_at(mark, self.detail):
                continue
            if isinstance(node, Placed):
                context = self._block_context(node, base, global_sets)
                if context is None:
                    continue
                if node.when and not self._test(node.when, owner_context or base):
                    continue
                if self.detail in node.inline:
                    self._schedule(node, context, doc)
                    self._emit_inline(node, level, base, global_sets, doc, context)
                    continue
                if level > MAX_LEVEL:
                    self._schedule(node, context, doc)
                    self.problems.append(self._too_deep(node.id, node.site))
                    continue
                counter += 1
                self._emit_block(node, level, ordinal(level, counter), base, global_sets, doc, context)
                continue
            assert owner is not None and owner_context is not None
            element = node.element
            if element.when and not self._test(
                (element.when, Where(*owner.source.locate((*node.key, "when")))), owner_context
            ):
                continue
            if isinstance(element, Para):
                text = self._render(element.p, owner_context, owner.source, (*node.key, "p"))
                doc.body.extend(Paragraph(part, owner.id) for part in paragraphs(text))
                continue
            if isinstance(element, TableElement):
                doc.body.append(self._table(element.table, owner_context, owner.source, (*node.key, "table")))
                continue
            if level > MAX_LEVEL:
                self.problems.append(self._too_deep(owner.id, owner.source.locate((*node.key, "item"))))
                continue
            counter += 1
            heading = _one_line(self._render(element.item, owner_context, owner.source, (*node.key, "item")))
            parts = []
            if element.p:
                parts = paragraphs(self._render(element.p, owner_context, owner.source, (*node.key, "p")))
            if parts and not headings_here:  # the label gets its "。" back where the text runs on
                doc.body.append(
                    RunIn(level, ordinal(level, counter), heading.removesuffix("。"), parts[0], owner.id)
                )
                doc.body.extend(Paragraph(part, owner.id) for part in parts[1:])
            elif heading.endswith("。") and not node.children and not headings_here:
                # “1.坚持每月……理论。”: a numbered sentence, not a heading (no keep-with-next, no TOC)
                doc.body.append(
                    RunIn(level, ordinal(level, counter), heading.removesuffix("。"), "", owner.id)
                )
            else:
                doc.body.append(Heading(level, ordinal(level, counter), heading.removesuffix("。"), owner.id))
                doc.body.extend(Paragraph(part, owner.id) for part in parts)
            self._emit(node.children, level + 1, owner, base, global_sets, doc, owner_context)

    def _emit_block(
        self,
        node: Placed,
        level: int,
        number: str,
        base: dict[str, Any],
        global_sets: list[ParamSet],
        doc: Document,
        context: dict[str, Any],
    ) -> None:
        """A block under its heading: its schedule rules, its heading, what it holds.

        Remembered: a batch composes the same blocks for every branch, and most of them read none of
        the values that differ between branches. What a block emits depends only on its shape (the
        block, its params, detail marks and what is placed in it — :meth:`_shape`), the level and
        the values of the context names its texts read; those names are recorded as it is emitted
        (a text not rendered, behind a condition, reads nothing, but the condition's names then
        decide the same way). An emission that reported a problem is not remembered.
        """
        shape = self._shape(node, global_sets)
        key = self._emission_key(shape, level, base) if shape is not None else None
        hit = self._emitted.get(key) if key is not None else None
        if hit is not None:
            self._emitted.move_to_end(key)  # type: ignore[arg-type]
        if hit is not None and self.chars + hit.chars <= MAX_CHARS:
            if self._reads:
                self._reads[-1].update(hit.names)
            first = _orders(doc.recurrences)
            doc.recurrences += [
                r if r.order == first + step else dc_replace(r, order=first + step)
                for step, r in hit.recurrences
            ]
            doc.body.append(Heading(level, number, hit.title, node.id))
            doc.body += hit.body
            self.chars += hit.chars
            return
        problems, chars, recurrences, start = (
            len(self.problems),
            self.chars,
            len(doc.recurrences),
            len(doc.body),
        )
        first = _orders(doc.recurrences)
        reads: set[Read] = set()
        self._reads.append(reads)
        try:
            self._schedule(node, context, doc)
            if node.title:
                text, title_source, title_key = node.title
                title = _one_line(self._render(text, context, title_source, title_key))
            else:
                title = _one_line(self._render(node.block.title, context, node.source, ("title",)))
            doc.body.append(Heading(level, number, title, node.id))
            self._emit(node.children, level + 1, node, base, global_sets, doc, context)
        finally:
            self._reads.pop()
        if self._reads:
            self._reads[-1] |= reads
        if shape is None or len(self.problems) > problems or self.chars > MAX_CHARS:
            return
        uses = self._uses.get(shape, ())
        if not reads <= set(uses):
            uses = self._uses[shape] = tuple(sorted(reads.union(uses), key=str))
        key = self._emission_key(shape, level, base)
        if key is None:
            return
        if len(self._emitted) >= BLOCKS:
            self._emitted.popitem(last=False)
        self._emitted[key] = _Emitted(
            title,
            tuple(doc.body[start + 1 :]),
            tuple((r.order - first, r) for r in doc.recurrences[recurrences:]),
            self.chars - chars,
            uses,
        )

    def _emission_key(self, shape: int, level: int, base: dict[str, Any]) -> tuple[Any, ...] | None:
        """The shape, level and detail, and the values of every name emissions of this shape have
        read (None when one of them is not plain data)."""
        uses = self._uses.get(shape)
        if uses is None:
            return None
        try:
            values = tuple(self.renderer.value_key(base, read) for read in uses)
        except TypeError:
            return None
        return (shape, level, self.detail, self.fill_missing, uses, values)

    def _shape(self, node: Placed, global_sets: list[ParamSet]) -> int | None:
        """A number for what *node* is, apart from the plan's values: its structure
        (:meth:`_structure`) and the params the spec sets for the blocks in it. (Once per placed
        block of a plan: the tree is not edited after it is emitted.)"""
        known = self._placed_shapes.get(id(node), False)
        if known is not False:
            return known
        shape = self._structure(node, global_sets[0])
        spec_set = global_sets[1]
        if shape is not None and spec_set.values:
            try:
                part = tuple(
                    (block_id, _frozen_values(values))
                    for block_id in self._blocks_in(node)
                    if (values := self._only(spec_set, block_id).values)
                )
            except TypeError:
                shape = None
            else:
                shape = self._number((shape, part), node.block) if part else shape
        self._placed_shapes[id(node)] = shape
        return shape

    def _structure(self, node: Placed, template_set: ParamSet) -> int | None:
        """A number for the block (its object: a block file read again is another), its params as
        the template and the includes set them, its detail marks, condition and title, and the
        same of everything placed in it, in order — kept on the node, which a template's cached
        tree keeps from plan to plan."""
        cached = node.structure
        if cached is not None and cached[0] == self._generation:
            return cached[1]
        number = None
        try:
            params = tuple(_frozen_values(s.values) for s in node.param_sets)
            own = _frozen_values(self._only(template_set, node.id).values)
        except TypeError:
            pass
        else:
            children = self._structures_of(node.children, template_set)
            if children is not None:
                when = node.when[0] if node.when else None
                title = node.title[0] if node.title else None
                parts = (id(node.block), node.id, node.detail, tuple(node.inline), params, own, when, title)
                number = self._number((*parts, children), node.block)
        node.structure = (self._generation, number)
        return number

    def _structures_of(self, nodes: list[Placed | Text], template_set: ParamSet) -> tuple[Any, ...] | None:
        """The structures of what a block holds, in order: a placed block's number, a text's
        element (it belongs to a block :attr:`_shapes` keeps, so its id is not reused) and what it
        holds."""
        out: list[Any] = []
        for child in nodes:
            if isinstance(child, Placed):
                number = self._structure(child, template_set)
            else:
                held = self._structures_of(child.children, template_set) if child.children else ()
                number = None if held is None else (id(child.element), held)
            if number is None:
                return None
            out.append(number)
        return tuple(out)

    def _number(self, shape: tuple[Any, ...], block: Block) -> int:
        known = self._shapes.get(shape)
        if known is None:  # the block kept with it: its id, in the shape, stays its own
            known = self._shapes[shape] = (len(self._shapes), block)
        return known[0]

    def _blocks_in(self, node: Placed) -> tuple[str, ...]:
        """The ids of the blocks placed in *node*, its own first (kept on the node)."""
        if node.blocks is None:
            node.blocks = tuple(dict.fromkeys(n.id for n in _walk([node]) if isinstance(n, Placed)))
        return node.blocks

    def _emit_inline(
        self,
        node: Placed,
        level: int,
        base: dict[str, Any],
        global_sets: list[ParamSet],
        doc: Document,
        context: dict[str, Any],
    ) -> None:
        """A block merged into its parent at this detail: its paragraphs and tables, no heading.

        Numbered items would share the parent's ordinals, so an inlined block must have none left at
        this detail; they are reported rather than numbered wrongly.
        """
        start = len(doc.body)
        self._emit(node.children, level, node, base, global_sets, doc, context)
        if any(isinstance(added, (Heading, RunIn)) for added in doc.body[start:]):
            del doc.body[start:]
            self.problems.append(
                PlanError(
                    f"内容块“{node.id}”在{DETAIL_NAMES[self.detail]}版中并入上级（inline），却仍有条目或子块",
                    *node.site,
                    hint=f"给这些条目加 detail，使它们在{DETAIL_NAMES[self.detail]}版中不出现，或去掉 inline。",
                )
            )

    def _schedule(self, node: Placed, context: dict[str, Any], doc: Document) -> None:
        """The block's schedule rules, rendered and parsed (a bad rule is reported at its line)."""
        if not node.block.schedule:
            return
        if self._reads:
            self._reads[-1].add(("party", "committee"))  # the owner's words, read below
        order = _orders(doc.recurrences)
        for index, rule in enumerate(node.block.schedule):
            key: PathKey = ("schedule", index)
            if rule.when and not self._test((rule.when, Where(*node.source.locate((*key, "when")))), context):
                continue
            name = _one_line(self._render(rule.name, context, node.source, (*key, "name")))
            on = _one_line(self._render(rule.on, context, node.source, (*key, "on"))) if rule.on else None
            owner = context["party"]["committee"]
            if rule.owner:
                owner = _one_line(self._render(rule.owner, context, node.source, (*key, "owner")))
                if owner in ROLES:
                    if self._reads:
                        self._reads[-1].add(("who", ROLES[owner]))
                    owner = context["who"].get(ROLES[owner], owner)
                if len(owner) > 40:
                    self.problems.append(
                        node.source.error((*key, "owner"), "日程规则：责任人过长（上限 40 字）")
                    )
                    continue
            from .schedule.rules import FORMS, recurrence

            try:
                doc.recurrences.append(
                    recurrence(rule, name=name, on=on, owner=owner, source=node.id, index=index, order=order)
                )
            except ValueError as exc:
                self.problems.append(
                    node.source.error(
                        (*key, "on" if rule.on else "every"),
                        f"日程规则：{own_message(exc, '写法无法识别')}",
                        hint=f"可写：{FORMS}",
                    )
                )

    def _table(self, spec: TableSpec, context: dict[str, Any], source: SourceMap, key: PathKey) -> Table:
        def cell(text: str, where: PathKey) -> str:
            return _one_line(self._render(text, context, source, where)) if text else ""

        header = [cell(text, (*key, "header", i)) for i, text in enumerate(spec.header)]
        rows = [
            [cell(text, (*key, "rows", r, c)) for c, text in enumerate(row)]
            for r, row in enumerate(spec.rows)
        ]
        widths = list(spec.widths) if spec.widths is not None else None
        return Table(header, rows, widths, cell(spec.caption, (*key, "caption")))

    def _block_context(
        self, node: Placed, base: dict[str, Any], global_sets: list[ParamSet]
    ) -> dict[str, Any] | None:
        """The block's params resolved in order: defaults, template, include site/section, spec."""
        declared = node.block.params
        values = {name: param.default for name, param in declared.items()}
        template_global, spec_global = global_sets
        ordered = [self._only(template_global, node.id), *node.param_sets, self._only(spec_global, node.id)]
        ok = True
        for param_set in ordered:
            for name, raw in param_set.values.items():
                key = (*param_set.key, f"{node.id}.{name}" if param_set.qualified else name)
                where = param_set.source
                if name not in declared:
                    known = "、".join(declared) or "（无）"
                    self.problems.append(
                        _error_at(where, key, f"内容块“{node.id}”没有参数“{name}”", f"可设置的参数：{known}")
                    )
                    ok = False
                    continue
                try:
                    values[name] = param_value(declared[name], raw)
                except ValueError as exc:
                    label = declared[name].label
                    reason = own_message(exc, "值无效")
                    self.problems.append(_error_at(where, key, f"参数“{name}”（{label}）：{reason}"))
                    ok = False
        if not ok:
            return None
        missing = [name for name, value in values.items() if value is None]
        if missing and self.fill_missing:
            values.update({name: placeholder(declared[name]) for name in missing})
        elif missing:
            labels = "、".join(f"{name}（{declared[name].label}）" for name in missing)
            self.problems.append(
                PlanError(
                    f"内容块“{node.id}”缺少参数：{labels}",
                    *node.site,
                    hint=f"在计划文件的 params 中设置，如 {node.id}.{missing[0]}: …",
                )
            )
            return None
        return {**base, **values}

    def _only(self, param_set: ParamSet, block_id: str) -> ParamSet:
        """The part of a qualified set that belongs to *block_id*, unqualified (the set is split
        once per plan: every block asks)."""
        parts = self._splits.get(id(param_set))
        if parts is None:
            parts = self._splits[id(param_set)] = _split(param_set)
        return parts.get(block_id) or ParamSet({}, param_set.source, param_set.key, qualified=True)

    def _check_qualified(self, sets: list[ParamSet]) -> None:
        """Spec/template params keyed "block.id.param" must name a real block and param."""
        for param_set in sets:
            for qualified in param_set.values:
                key = (*param_set.key, qualified)
                block_id, _, name = qualified.rpartition(".")
                if not block_id:
                    self.problems.append(
                        _error_at(
                            param_set.source,
                            key,
                            f"参数名“{qualified}”应写作“块id.参数名”",
                            "如 organization.three-meetings.lectures_per_year: 4",
                        )
                    )
                    continue
                try:
                    block = self.library.block(block_id)
                except PlanError as exc:
                    self.problems.append(_error_at(param_set.source, key, exc.message, exc.hint))
                    continue
                if name not in block.params:
                    known = "、".join(block.params) or "（无）"
                    self.problems.append(
                        _error_at(
                            param_set.source,
                            key,
                            f"内容块“{block_id}”没有参数“{name}”",
                            f"可设置的参数：{known}",
                        )
                    )

    # -- rendering helpers -------------------------------------------------------------------
    def _render(self, text: str, context: dict[str, Any], source: SourceMap, key: PathKey) -> str:
        if self.chars > MAX_CHARS:
            return ""  # reported once, below; the rest is not worth rendering
        if plain(text) and self.chars + len(text) <= MAX_CHARS:
            self.chars += len(text)
            return text
        out = self.renderer.remembered(text, context)  # most texts of a batch's plans: no place needed
        if out is None:
            try:
                out = self.renderer.render(text, context, _where(source, key))
            except PlanError as exc:
                self.problems.append(exc)
                return ""
        if self._reads:
            self._reads[-1].update(self.renderer.names(text))
        self.chars += len(out)
        if self.chars > MAX_CHARS:
            where = _where(source, key)
            self.problems.append(
                PlanError(
                    f"计划全文超过 {MAX_CHARS} 字",
                    where.path,
                    where.line,
                    hint="检查是否有内容块被反复嵌入，或参数中填入了过长的文字。",
                )
            )
            return ""
        return out

    def _section_refs(self, template: PlanTemplate) -> list[SectionRef]:
        """The template's sections as refs, made once per template (a batch composes it 1,000 times;
        the refs are only read)."""
        cached = self._refs.get(id(template))
        if cached is None or cached[0] is not template:
            cached = (template, template.section_refs())
            self._refs[id(template)] = cached
        return cached[1]

    def _test(self, when: tuple[str, Where], context: dict[str, Any]) -> bool:
        expression, where = when
        try:
            passed = self.renderer.test(expression, context, where)
        except PlanError as exc:
            self.problems.append(exc)
            return False
        if self._reads:
            self._reads[-1].update(self.renderer.names(self.renderer.condition(expression)))
        return passed

    @staticmethod
    def _at(exc: PlanError, source: SourceMap, key: PathKey) -> PlanError:
        return exc.located(*source.locate(key))


@dataclass(frozen=True, slots=True)
class _Emitted:
    """A block's emission, remembered: its heading's text, what follows the heading, its schedule
    rules (each with its block's place counted from the first block of this emission), its length
    and the context names it read."""

    title: str
    body: tuple[Node, ...]
    recurrences: tuple[tuple[int, Recurrence], ...]
    chars: int
    names: tuple[Read, ...]


def _orders(recurrences: list[Recurrence]) -> int:
    """How many blocks have placed schedule rules so far (the next block's place)."""
    return len({r.order for r in recurrences})


def _frozen_values(values: Mapping[str, RawValue]) -> tuple[Any, ...]:
    return tuple((name, frozen(value)) for name, value in values.items()) if values else ()


def placeholder(param: Param) -> ParamValue:
    """A stand-in for a required param in previews: visibly a blank to fill, never a real value."""
    kind = param.type
    if kind == "int":
        return param.min if param.min is not None else 1
    if kind == "bool":
        return False
    if kind == "choice":
        return param.choices[0]
    if kind == "list":
        return [f"〔{param.label}〕"]
    if kind == "date":
        import datetime as dt

        return dt.date(2000, 1, 1)
    return f"〔{param.label}〕"


def _where(source: SourceMap, key: PathKey) -> Where:
    """The file and line of the text at *key* (a value from --set has no line of the file)."""
    path, line = source.locate(key)
    return Where(path, source.text_line(key) if line is not None else None)


def _split(param_set: ParamSet) -> dict[str, ParamSet]:
    """A qualified set ("block.id.param") by block: each block's part, unqualified."""
    parts: dict[str, dict[str, RawValue]] = {}
    for key, value in param_set.values.items():
        block_id, _, name = key.rpartition(".")
        parts.setdefault(block_id, {})[name] = value
    return {block_id: ParamSet(values, param_set.source, param_set.key, qualified=True)
            for block_id, values in parts.items()}  # fmt: skip


def _error_at(source: SourceMap | None, key: PathKey, message: str, hint: str | None = None) -> PlanError:
    if source is None:
        return PlanError(message, hint=hint)
    return source.error(key, message, hint)


def _walk(nodes: list[Placed | Text]) -> list[Placed | Text]:
    out: list[Placed | Text] = []
    for node in nodes:
        out.append(node)
        out += _walk(node.children)
    return out


def _remove(nodes: list[Placed | Text], block_id: str) -> bool:
    removed = False
    for node in list(nodes):
        if isinstance(node, Placed) and node.id == block_id:
            nodes.remove(node)
            removed = True
        else:
            removed = _remove(node.children, block_id) or removed
    return removed


def _find(
    nodes: list[Placed | Text], block_id: str, level: int
) -> tuple[list[Placed | Text], int, int] | None:
    """(siblings, index, level) of the shallowest block *block_id* (a top-level section wins)."""
    frontier = [(nodes, level)]
    while frontier:
        deeper = []
        for siblings, depth in frontier:
            for index, node in enumerate(siblings):
                if isinstance(node, Placed) and node.id == block_id:
                    return siblings, index, depth
                deeper.append((node.children, depth + 1))
        frontier = deeper
    return None


def _find_category(nodes: list[Placed | Text], category: str) -> tuple[list[Placed | Text], int, int] | None:
    """The last top-level section of *category* (so ``after: integrity`` works)."""
    hits = [i for i, node in enumerate(nodes) if isinstance(node, Placed) and node.block.category == category]
    return (nodes, hits[-1], 1) if hits else None


def _ancestors(
    roots: list[Placed | Text], found: tuple[list[Placed | Text], int, int] | None
) -> list[Placed]:
    """Blocks enclosing the anchor, to refuse an ``add`` that would create a cycle."""
    if found is None:
        return []
    siblings, index, _ = found
    target = siblings[index]

    def walk(nodes: list[Placed | Text], trail: list[Placed]) -> list[Placed] | None:
        for node in nodes:
            here = [*trail, node] if isinstance(node, Placed) else trail
            if node is target:
                return here
            found_trail = walk(node.children, here)
            if found_trail is not None:
                return found_trail
        return None

    return walk(roots, []) or []


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’…—·"
_SPACE_BY_WIDE = re.compile(f"\\s+(?=[{_WIDE}])|(?<=[{_WIDE}])\\s+")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=TEXTS)
def tidy(text: str) -> str:
    """One line: no white space next to a Chinese character or punctuation, single spaces elsewhere.

    YAML folding and Jinja tags leave spaces where source lines were wrapped; Chinese text has none.
    (Remembered: a batch tidies the same library sentences for every plan.)
    """
    return _SPACES.sub(" ", _SPACE_BY_WIDE.sub("", text)).strip()


def paragraphs(text: str) -> list[str]:
    """Split rendered text into paragraphs on blank lines, each tidied to one line."""
    return [line for line in (tidy(chunk) for chunk in _BLANK_LINE.split(text)) if line]


def _one_line(text: str) -> str:
    return tidy(text)
