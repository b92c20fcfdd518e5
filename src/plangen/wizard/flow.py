"""The wizard's course: sector → template → year and organisation → detail → sections → each
block's params → preview → confirm. Each step is a :class:`Question` built from the answers so far,
so a step back re-asks with the earlier answer as its default.

Answers come, in copier's order of priority, from ``--data`` (never asked), from the person at the
terminal, and from defaults (``--defaults``, or a previous plan with ``--from``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import PlanError, own_message
from ..schema.types import BodyElement, Include, Item, PlanTemplate, RawValue
from ..years import SAMPLE_YEAR, planning_year
from .answers import Answers
from .questions import BACK, Asker, Choice, Question, param_question

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..compose import Composer
    from ..document import Document
    from ..library import Library

DETAIL_CHOICES = [
    Choice("concise", "精简（约3000—3500字，必备事项齐全，适合上报）"),
    Choice("standard", "标准（主要工作分条目写明做法）"),
    Choice("full", "详尽（每项工作的具体做法）"),
]
COMMITTEE_ROLES = {"branch": ["组织委员", "宣传委员", "纪检委员"], "general-branch": ["组织委员", "宣传委员", "纪检委员"],
                   "committee": ["副书记", "纪委书记", "组织委员", "宣传委员"]}  # fmt: skip
COUNTS = {"branch": ["members", "probationary", "activists", "groups"],
          "general-branch": ["members", "probationary", "activists", "branches"],
          "committee": ["branches", "members", "probationary", "activists"]}  # fmt: skip


ORG_TEXT = ["name", "parent", "unit", "full_name", "secretary"]


def known_keys() -> list[str]:
    """Every key the course can ask, for any template, except params.<block>.<param>; ``confirm``
    answers the confirmation, ``meetings`` the offer of the year's meeting papers that follows it."""
    roles = dict.fromkeys(role for kind in COMMITTEE_ROLES.values() for role in kind)
    counts = dict.fromkeys(count for kind in COUNTS.values() for count in kind)
    org = [*ORG_TEXT, *counts, *(f"committee.{role}" for role in roles)]
    plain = ["sector", "template", "year", "detail", "sections", "order", "ask_params", "confirm", "meetings"]
    return [*plain, *(f"org.{name}" for name in org)]


class MissingAnswer(PlanError):
    """No terminal to ask on, and no answer given."""


@dataclass
class Wizard:
    library: Library
    asker: Asker
    data: dict[str, Any] = field(default_factory=dict)  # --data / --data-file: never asked
    defaults: dict[str, Any] = field(default_factory=dict)  # --from: a previous plan's answers
    previous: dict[str, Any] = field(default_factory=dict)  # --from: that plan file's data, as written
    today: dt.date = field(default_factory=dt.date.today)
    answers: dict[str, Any] = field(default_factory=dict)
    given: Answers = field(default_factory=Answers)  # where each of *data* came from, for refusals
    used: set[str] = field(default_factory=set)  # the keys of *data* the course has taken
    _composer: Composer | None = None
    _composed: dict[str, Document] = field(default_factory=dict)  # spec (as JSON) → Document

    # -- the course ---------------------------------------------------------------------------
    def run(self, resume: bool = False) -> dict[str, Any]:
        """Ask until every step has an answer; returns the plan spec as data. *resume* starts at the
        last question (“← 上一题” at the confirmation)."""
        index = len(list(self.steps())) - 1 if resume else 0
        while True:
            steps = list(self.steps())
            if index >= len(steps):
                return self.spec()
            question = steps[index]
            if question.key in self.data:
                self.answers[question.key] = self._given(question)
                self.used.add(question.key)
                index += 1
                continue
            try:
                answer = self.asker.ask(question, index + 1, len(steps))
            except ValueError as exc:  # a default or scripted answer the question refuses
                raise PlanError(
                    f"{question.label}（{question.key}）：{own_message(exc, '回答无效')}"
                ) from None
            if answer is BACK:
                index = max(index - 1, 0)
                while index > 0 and steps[index].key in self.data:
                    index -= 1
                continue
            self.answers[question.key] = answer
            index += 1

    def steps(self) -> Iterator[Question]:
        yield self._sector()
        template = self._template_question()
        yield template
        chosen = self.library.template(self.value(template))
        yield Question("year", "int", "计划年度", self.default("year", planning_year(self.today)), "如 2027",
                       check=_year)  # fmt: skip
        yield from self._org(chosen)
        yield Question("detail", "select", "详略", self.default("detail", chosen.default_detail()),
                       choices=DETAIL_CHOICES)  # fmt: skip
        sections = self._sections_question(chosen)
        yield sections
        yield self._order_question(chosen, self.value(sections) or [])
        detailed = Question("ask_params", "bool", "逐项设置各部分的参数（党课次数、主题党日时间等）？",
                            self.default("ask_params", bool(self.defaults) and any(
                                k.startswith("params.") for k in self.defaults)),
                            help="选“否”则全部用模板的默认值，以后可在 plan.yaml 中修改")  # fmt: skip
        yield detailed
        if self.value(detailed) or any(key.startswith("params.") for key in self.data):
            yield from self._params(chosen)

    # -- questions built from data ----------------------------------------------------------------
    def _sector(self) -> Question:
        from ..schema.types import SECTOR_NAMES

        order = list(SECTOR_NAMES)
        sectors = sorted({t.sector for _, t in self.library.all("template")}, key=lambda s: (order.index(s)
                         if s in order else len(order), s))  # fmt: skip
        choices = [Choice(s, SECTOR_NAMES.get(s, s)) for s in sectors]
        given = str(self.data.get("template", ""))  # --data template=…: its sector, not the first one
        implied = next((t.sector for _, t in self.library.all("template") if t.id == given), None)
        question = Question(
            "sector", "select", "领域", self.default("sector", implied or sectors[0]), choices=choices
        )
        question.decides = implied is None and "sector" not in self.answers and "sector" not in self.defaults
        return question

    def _template_question(self) -> Question:
        sector = self.value(self._sector())
        templates = [t for _, t in self.library.all("template") if t.sector == sector]
        templates.sort(key=lambda t: t.kind != "branch")  # most who ask write a branch's plan: first
        choices = [Choice(t.id, _short(f"{t.name}：{t.summary}" if t.summary else t.name)) for t in templates]
        default = self.default("template", templates[0].id)
        if default not in [c.value for c in choices]:
            default = templates[0].id
        return Question("template", "select", "计划模板", default, choices=choices)

    def _org(self, template: PlanTemplate) -> Iterator[Question]:
        from ..context import formal_name, has_committee, party_words
        from ..schema.fast import description

        def text(name: str, optional: bool = True, limit: int = 60, said: str = "{}") -> Question:
            label = description("Org", name).split("，")[0].split("；")[0]
            return Question(f"org.{name}", "text", label, self.default(f"org.{name}", ""), optional=optional,
                            check=_name(limit, optional, said))  # fmt: skip

        # required, with no stand-in: a plan for “示例党支部” is residue (lint R011), never a default
        name = text("name", optional=False)
        name.label = {"branch": "党支部名称（用于标题），如 内科第一党支部",
                      "committee": "党委名称（用于标题），如 江城大学党委；街道写 东湖街道党工委",
                      "general-branch": "党总支名称（用于标题）"}[template.kind]  # fmt: skip
        yield name
        yield text("parent")  # the name's parts one by one: the full name is composed from them
        unit = text("unit")
        unit.label = {"branch": "所在单位或科室（用于正文），如 内科", "committee": "所在单位（用于正文），如 江城市第一人民医院",
                      "general-branch": "所在单位或部门（用于正文）"}[template.kind] + "（可留空）"  # fmt: skip
        yield unit
        counts: dict[str, Question] = {}

        def size() -> tuple[int | None, int | None]:
            """(members, probationary) as answered so far."""
            return _int(self.value(counts["members"])), (
                _int(self.value(counts["probationary"])) if "probationary" in counts else None
            )

        for count in COUNTS[template.kind]:  # the size first: it decides the full name and the offices
            if count == "groups" and not has_committee(template.kind, *size()):
                continue  # a branch under 7 full members is not divided into 党小组
            label = description("Org", count).split("（")[0].split("：")[-1]  # “党委、党总支：所属党支部个数”
            counts[count] = Question(f"org.{count}", "int", f"{label}（可留空）", self.default(f"org.{count}", ""),
                                     optional=True, check=_count)  # fmt: skip
            yield counts[count]
        members, probationary = size()
        formal = formal_name(str(self.value(name) or "测试党支部"), self.value(text("parent")) or None, template.kind,
                             members, probationary)  # fmt: skip
        full = text("full_name")
        full.label = "正式全称（用于落款）"
        full.default = self.default("org.full_name", "") or formal
        yield full
        secretary = text("secretary", limit=30, said="{}同志")  # as the plan says it: “张三同志” is residue
        secretary.label = "书记姓名"
        yield secretary
        if not has_committee(template.kind, members, probationary):
            return  # under 7 full members: a 书记, no 委员 (支部工作条例 art. 9)
        office = party_words(template.kind, name=str(self.value(name) or ""))["org"]  # 党委 or 党工委
        for role in COMMITTEE_ROLES[template.kind]:
            said = {
                "副书记": f"{office}副书记",
                "纪委书记": "纪工委书记" if office == "党工委" else role,
            }.get(role, role)
            yield Question(f"org.committee.{role}", "text", f"{said}姓名（可留空）",
                           self.default(f"org.committee.{role}", ""), optional=True,
                           check=_name(30, True, "{}同志"))  # fmt: skip

    def _sections_question(self, template: PlanTemplate) -> Question:
        present = [ref.block for ref in template.section_refs()]
        tree = self._tree_ids(template)
        categories = {self.library.block(b).category for b in present}
        extra = []
        for _, block in self.library.all("block"):
            if block.id in tree or block.id in extra or block.category in categories:
                continue
            if template.sector not in block.sectors and "all" not in block.sectors:
                continue
            if ("committee" in block.id) != (template.kind == "committee"):
                continue
            if block.category in {"guiding-ideology", "goals", "safeguards"} or block.category not in _TOP:
                continue
            if not block.id.endswith(".main") and template.sector not in block.sectors:
                continue
            extra.append(block.id)
        choices = [Choice(b, self._block_title(b)) for b in present + extra]
        default = self.default("sections", present)
        return Question("sections", "checkbox", "计划包括哪些部分（空格选中或取消，回车确认）", default,
                        choices=choices, check=_not_empty)  # fmt: skip

    def _order_question(self, template: PlanTemplate, chosen: list[str]) -> Question:
        """The order of the chosen sections: their numbers in the new order, Enter to keep it."""
        natural = _natural_order(template, chosen)
        listing = " ".join(f"{i}.{self._block_title(b).split('（')[0]}" for i, b in enumerate(natural, 1))

        def check(value: object) -> list[str]:
            text = str(value or "").replace("，", ",").replace("、", ",").replace(" ", ",")
            numbers = [part for part in text.split(",") if part]
            if not numbers:
                return natural
            picked = [int(n) for n in numbers if n.isdigit()]
            if (
                len(picked) != len(numbers)
                or len(set(picked)) != len(picked)
                or not all(1 <= n <= len(natural) for n in picked)
            ):
                raise ValueError(
                    f"编号应在 1 到 {len(natural)} 之间、每个编号写一次，用逗号分隔；没写的按原顺序排在后面"
                )
            first = [natural[n - 1] for n in picked]
            return first + [b for b in natural if b not in first]

        default = self.default("order", "")
        if isinstance(default, list):  # an earlier answer: show it as numbers again
            default = ",".join(str(natural.index(b) + 1) for b in default if b in natural)
        return Question("order", "text", "各部分的顺序（回车不变；要调整就按新顺序写编号，如 1,2,4,3，没写的排在后面）", default,
                        help=listing, check=check, optional=True, empty=natural)  # fmt: skip

    def _params(self, template: PlanTemplate) -> Iterator[Question]:
        try:
            doc = self._compose(self.spec(template.id))
        except PlanError:  # answers not settled yet: the params follow once they are
            return
        seen: list[str] = []
        for node in doc.body:
            source = getattr(node, "source", "")
            if source and source not in seen:
                seen.append(source)
        for block_id in seen:
            block = self.library.block(block_id)
            for name, param in block.params.items():
                key = f"params.{block_id}.{name}"
                effective = _effective(template, block_id, name, param.default)
                yield param_question(block, name, param, self.default(key, effective))

    # -- answers --------------------------------------------------------------------------------
    def value(self, question: Question) -> Any:
        if question.key in self.data:
            return self._given(question)
        return self.answers.get(question.key, question.default)

    def default(self, key: str, fallback: Any) -> Any:
        if key in self.answers:
            return self.answers[key]
        value = self.defaults.get(key)
        return fallback if value in (None, "") else value

    def _given(self, question: Question) -> Any:
        try:
            return question.accept(self.data[question.key])
        except ValueError as exc:
            reason = own_message(exc, "值无效")
            raise self.given.error(question.key, reason, hint=f"“{question.label}”") from None

    def unused(self) -> None:
        """Refuse an answer the chosen template never asks for (``org.branches`` for a branch)."""
        for key in self.data:
            if key not in self.used and key not in ("confirm", "meetings"):  # asked after the course
                template = self.answers.get("template", "")
                raise self.given.error(key, f"所选模板（{template}）不问这一项，该答案不会被用到",
                                       hint="删去这一项，或换用问到它的模板")  # fmt: skip

    def spec(self, template_id: str | None = None) -> dict[str, Any]:
        """The plan spec as data, from the answers (and defaults) so far."""
        # --data not yet accepted by its question: only what shapes the course (sector, template,
        # sections …); a raw param or count could not be trusted to compose the plan
        raw = {k: v for k, v in self.data.items() if k not in self.answers and k in _SHAPING}
        values = {**self.defaults, **raw, **self.answers}
        template_id = template_id or values.get("template")
        template = self.library.template(template_id) if template_id else None
        org: dict[str, Any] = {}
        committee: dict[str, str] = {}
        for key, value in values.items():
            if not key.startswith("org.") or value in (None, ""):
                continue
            name = key[4:]
            if name.startswith("committee."):
                committee[name.split(".", 1)[1]] = str(value)
            else:
                org[name] = value
        if committee:
            org["committee"] = {"书记": org["secretary"], **committee} if org.get("secretary") else committee
        if template is not None and org.get("full_name") and org.get("name"):
            from ..context import formal_name

            derived = formal_name(str(org["name"]), org.get("parent"), template.kind,
                                  _int(org.get("members")), _int(org.get("probationary")))  # fmt: skip
            if org["full_name"] == derived:  # the derived name: leave it to plangen, so it follows edits
                del org["full_name"]
        org.setdefault("name", "测试党支部")
        spec: dict[str, Any] = {
            "template": template_id,
            "year": values["year"] if isinstance(values.get("year"), int) else planning_year(self.today),
        }
        if values.get("detail") and template is not None and values["detail"] != template.default_detail():
            spec["detail"] = values["detail"]
        spec["org"] = org
        if template is not None:
            params = {k[7:]: v for k, v in values.items() if k.startswith("params.")}
            changed = {}
            for qualified, value in params.items():
                block_id, _, name = qualified.rpartition(".")
                try:
                    default = self.library.block(block_id).params[name].default
                except (PlanError, KeyError):
                    continue
                # a previous plan's own values are kept, a default among them: its file is the user's
                if (
                    value != _effective(template, block_id, name, default)
                    or f"params.{qualified}" in self.defaults
                ):
                    changed[qualified] = value
            if changed:
                spec["params"] = changed
            chosen = values.get("sections")
            if chosen is not None:
                present = [ref.block for ref in template.section_refs()]
                remove = [b for b in present if b not in chosen]
                add = [{"block": b, "before": "safeguards"} for b in chosen if b not in present]
                order = values.get("order")
                order = order if isinstance(order, list) and order != _natural_order(template, chosen) else []
                order = [b for b in order if b in chosen]
                if remove or add or order:
                    edits = (("remove", remove), ("add", add), ("order", order))
                    spec["sections"] = {k: v for k, v in edits if v}
                unchanged = chosen == self.defaults.get("sections") and not order
                if unchanged and "sections" in self.previous:  # its own edits, where and how it put them
                    spec["sections"] = self.previous["sections"]
        spec["output"] = {"formats": ["docx", "md"], "dir": "."}
        return _carried(self.previous, spec) if self.previous else spec

    # -- helpers --------------------------------------------------------------------------------
    def _compose(self, spec: dict[str, Any]) -> Document:
        """The plan as the answers so far make it: one composer (templates compile once), and each
        distinct spec composed once — the course is recomputed after every answer."""
        import json

        from ..compose import Composer
        from ..safeyaml import SourceMap
        from ..schema.load import validated

        key = json.dumps(spec, ensure_ascii=False, sort_keys=True, default=str)
        if key not in self._composed:
            if self._composer is None:
                self._composer = Composer(self.library, fill_missing=True)
            source = SourceMap("（向导）")
            checked = validated("PlanSpec", {**spec, "output": {}}, source)
            self._composed[key] = self._composer.compose(checked, source)
        return self._composed[key]

    def _tree_ids(self, template: PlanTemplate) -> set[str]:
        ids: set[str] = set()
        stack = [ref.block for ref in template.section_refs()]
        stack += [
            i if isinstance(i, str) else i.include for ref in template.section_refs() for i in ref.include
        ]
        while stack:
            block_id = stack.pop()
            if block_id in ids:
                continue
            ids.add(block_id)
            try:
                block = self.library.block(block_id)
            except PlanError:
                continue
            stack += list(_includes(block.body))
        return ids

    def _block_title(self, block_id: str) -> str:
        try:
            block = self.library.block(block_id)
        except PlanError:
            return block_id
        title = block.title
        if "{{" in title:
            from ..context import build_context
            from ..render import Renderer, Where

            try:
                title = Renderer().render(title, build_context(SAMPLE_YEAR, {"name": ""}), Where(None, None))
            except PlanError:
                title = block_id
        return f"{title}（{block_id}）"


_SHAPING = {"sector", "template", "org.name"}  # the rest is taken once its question accepts it
_TOP = {"political", "theory-study", "organization", "integrity", "conduct", "integration", "civilization",
        "publicity", "united-front", "volunteer"}  # fmt: skip


def _carried(previous: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """``--from``: the new plan file is the previous one with the answers put in — every field the
    questions do not ask (its output, schedule, date …) kept as written, in its order; the date it
    was signed moved on with the year."""
    from ..years import move_to_year

    out = {key: previous[key] for key in previous}
    dated = {"year": previous.get("year"), "date": previous.get("date")} if "date" in previous else {}
    for key, value in spec.items():
        if key == "output" and "output" in previous:
            continue
        out[key] = value
    for key in ("detail", "params", "sections"):  # asked, and answered away
        if key in previous and key not in spec:
            del out[key]
    if dated:
        if isinstance(dated["date"], str):  # written in quotes: "2026-12-20"
            from ..schema.values import parse_date

            with contextlib.suppress(ValueError):
                dated["date"] = parse_date(dated["date"])
        move_to_year(dated, out["year"])
        out["date"] = dated["date"]
    return out


def _natural_order(template: PlanTemplate, chosen: list[str]) -> list[str]:
    """The chosen sections as the plan would have them: the template's order, additions before
    保障措施 (or at the end)."""
    present = [ref.block for ref in template.section_refs()]
    kept = [b for b in present if b in chosen]
    added = [b for b in chosen if b not in present]
    tail = [b for b in kept if b.startswith("safeguards.")]
    return [b for b in kept if b not in tail] + added + tail


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _includes(elements: Sequence[BodyElement]) -> Iterator[str]:
    for element in elements:
        if isinstance(element, Include):
            yield element.include
        elif isinstance(element, Item):
            yield from _includes(element.body)


def _effective(template: PlanTemplate, block_id: str, name: str, default: RawValue) -> RawValue:
    qualified = f"{block_id}.{name}"
    if qualified in template.params:
        return template.params[qualified]
    for ref in template.section_refs():
        if ref.block == block_id and name in ref.params:
            return ref.params[name]
    return default


def _year(value: Any) -> int:
    from ..years import FIRST_YEAR

    year = int(value)
    if not FIRST_YEAR <= year <= 2100:
        raise ValueError(f"年度应在 {FIRST_YEAR} 到 2100 之间")
    return year


def _int(value: Any) -> int | None:
    """An answered count, or None (left empty)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _count(value: Any) -> int | None:
    if value in (None, ""):
        return None
    number = int(value)
    if not 0 <= number <= 100000:
        raise ValueError("人数应在 0 到 100000 之间")
    return number


def _line(limit: int, optional: bool) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        text = str(value or "").strip()
        if not text and not optional:
            raise ValueError("必填，不能留空")
        if "\n" in text or len(text) > limit:
            raise ValueError(f"应为一行，不超过 {limit} 字")
        from ..textio import control_characters

        if control_characters(text):
            raise ValueError("含有控制字符")
        return text or None

    return check


def _name(limit: int, optional: bool, said: str) -> Callable[[object], str | None]:
    """A name, one line, that is not a placeholder: checked by lint's residue rules (R001–R004, R011)
    as the plan will say it (*said*: “{}同志” for a person)."""
    line = _line(limit, optional)

    def check(value: object) -> str | None:
        from ..lint import placeholder

        text = line(value)
        if text:
            reason = placeholder(said.format(text))
            if reason:
                raise ValueError(f"“{text}”不是实际名称：{reason}")
        return text

    return check


def _not_empty(value: list[str]) -> list[str]:
    if not value:
        raise ValueError("至少选一个部分")
    return value
