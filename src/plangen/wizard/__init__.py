"""``plangen new``: from nothing to a Word file, leaving a plan spec that rebuilds next year's plan.

The questions are data (:mod:`.questions`), the course is :mod:`.flow`, and who answers is an
:class:`~.questions.Asker` (:mod:`.askers`). This module puts them together for the CLI: it reads
``--data``/``--data-file``/``--from``, shows the preview, writes ``plan.yaml`` and builds it, and
then offers the year's meeting papers (the command makes them: :class:`NewPlan`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PlanError, os_reason
from ..specfile import SCHEMA_NAME, spec_yaml
from .answers import Answers, given_answers

if TYPE_CHECKING:
    import datetime as dt

    from ..environment import Env
    from ..library import Library
    from ..safeyaml import SourceMap
    from ..schema.types import RawValue
    from .flow import Wizard
    from .questions import Asker, Question

__all__ = ["NewOptions", "NewPlan", "given_answers", "run_new"]

SPEC_NAME = "plan.yaml"
OFFER = "是否生成全年会议材料？"


@dataclass
class NewOptions:
    out_dir: Path
    defaults: bool = False
    given: Answers = field(default_factory=Answers)  # --data-file and --data
    previous: Path | None = None
    force: bool = False
    interactive: bool = True


class Abandoned(Exception):
    """The user chose 放弃 at the confirmation: not an error, nothing written."""


@dataclass
class NewPlan:
    """What ``plangen new`` wrote, and its offer of the year's meeting papers: asked only once the
    plan is on disk (a person sees it written first), so *offer* is called by the command after it
    has said so. It returns the answer — given (``--data meetings=是``), the default with
    ``--defaults`` (否), or the person's."""

    spec: Path
    files: list[Path]
    offer: Callable[[], bool]


def answers_from_spec(path: Path, library: Library) -> tuple[dict[str, Any], dict[str, Any]]:
    """A previous plan's answers, the year moved on (``plangen new --from plan.yaml``), and its data
    as written (what the questions do not ask is kept from it); the file is read once."""
    from ..safeyaml import load_text
    from ..schema.load import load_spec
    from ..schema.types import as_dict
    from ..textio import read_source

    text = read_source(path)
    spec, source = load_spec(path, text=text)
    written, _ = load_text(text, path)
    template = library.template(spec.template)
    _check_params(spec.params, library, source)
    answers: dict[str, Any] = {"sector": template.sector, "template": spec.template, "year": spec.year + 1}
    if spec.detail:
        answers["detail"] = spec.detail
    for name, value in as_dict(spec.org).items():
        if name == "committee":
            answers.update({f"org.committee.{role}": person for role, person in value.items()})
        elif value not in (None, ""):
            answers[f"org.{name}"] = value
    answers.update({f"params.{key}": value for key, value in spec.params.items()})
    present = [ref.block for ref in template.section_refs()]
    removed = set(spec.sections.remove)
    answers["sections"] = [b for b in present if b not in removed] + [a.block for a in spec.sections.add]
    return answers, written


def _check_params(params: Mapping[str, RawValue], library: Library, source: SourceMap) -> None:
    """A previous plan's params, checked as the questions will take them: a wrong value is refused at
    its line in that plan, not later in the preview where it has no place."""
    from ..errors import own_message
    from ..schema.values import param_value

    for key, value in params.items():
        block_id, _, name = key.rpartition(".")
        try:
            param = library.block(block_id).params[name]
        except (PlanError, KeyError):  # not a param the wizard asks: the build says what it is
            continue
        try:
            param_value(param, value)
        except ValueError as exc:
            raise source.error(("params", key), f"params.{key}：{own_message(exc, '值无效')}") from None


def run_new(env: Env, library: Library, options: NewOptions, asker: Asker | None = None) -> NewPlan:
    """Ask, preview, confirm, write plan.yaml and build it."""
    from .answers import check_keys
    from .askers import DefaultsAsker, NoTerminalAsker, QuestionaryAsker
    from .flow import Wizard, known_keys

    folder = options.out_dir
    spec_path = folder / SPEC_NAME
    if spec_path.exists() and not options.force:
        raise PlanError(f"文件已存在：{spec_path}", hint="换一个文件夹（-o），或加 --force 覆盖。")
    check_keys(options.given, known_keys(), library)  # before the first question: a typo is not lost
    offered = given_offer(options)  # a wrong answer is refused now, not after the plan is written
    if asker is None:
        if options.defaults:
            asker = DefaultsAsker()
        elif options.interactive:
            asker = QuestionaryAsker(out=env.stdout)
        else:
            asker = NoTerminalAsker()
    defaults, previous = answers_from_spec(options.previous, library) if options.previous else ({}, {})
    wizard = Wizard(library, asker, data=dict(options.given.values), defaults=defaults, given=options.given,
                    previous=previous)  # fmt: skip
    spec = wizard.run()
    wizard.unused()
    while True:
        asker.show(preview_text(wizard, spec))
        step = len(list(wizard.steps())) + 1
        decision = confirm(asker, options, step)
        if decision is True:
            meetings = has_meetings(wizard, spec)  # a 党委's calendar has none: nothing to offer
            if meetings and offered is None and isinstance(asker, NoTerminalAsker):
                asker.ask(offer_question(), step + 1, step + 1)  # no one to ask: stop before writing
            spec_path, files = write_and_build(env, library, spec, folder, options.force)
            return NewPlan(spec_path, files, partial(_answer, asker, offered, meetings, step + 1))
        if decision is False:
            raise Abandoned
        spec = wizard.run(resume=True)  # “← 上一题”: back into the questions


def confirm(asker: Asker, options: NewOptions, step: int = 1) -> bool | None:
    """True: write; False: give up; None: go back to the questions."""
    from ..schema.values import FALSE_WORDS
    from .questions import BACK, Choice, Question

    data = options.given.values
    if options.defaults or "confirm" in data:
        return str(data.get("confirm", "是")) not in FALSE_WORDS
    question = Question("confirm", "select", "按以上内容生成计划？", True,
                        choices=[Choice(True, "生成"), Choice(False, "放弃")])  # fmt: skip
    answer = asker.ask(question, step, step)  # the last question, numbered after the others
    return None if answer is BACK else bool(answer)


def given_offer(options: NewOptions) -> bool | None:
    """The answer to the offer of meeting papers when it needs no one: ``meetings`` as given (checked
    like any answer), 否 with ``--defaults``; None: a person is asked."""
    from ..errors import own_message
    from ..schema.values import parse_bool

    given = options.given
    if "meetings" not in given.values:
        return False if options.defaults else None
    value = given.values["meetings"]
    try:
        return value if isinstance(value, bool) else parse_bool(str(value))
    except ValueError as exc:
        raise given.error("meetings", own_message(exc, "值无效"), hint=(
            f"“{OFFER}”：写 meetings=是 或 meetings=否；会议的时间、地点写在 plan.yaml 的 meetings 中")) from None  # fmt: skip


def has_meetings(wizard: Wizard, spec: dict[str, Any]) -> bool:
    """Whether the plan's calendar has meetings that get papers (a branch's 三会一课, 主题党日 …)."""
    from ..paper import MEETING_KINDS
    from ..schedule import schedule

    try:
        events = schedule(wizard._compose(spec), appendix=False).events
    except PlanError:  # a calendar the preview could not make either: the offer is made, the build says
        return True
    return any(event.kind in MEETING_KINDS for event in events)


def offer_question() -> Question:
    """The offer made once the plan is written: no way back to the questions from there."""
    from .questions import Question

    return Question("meetings", "bool", OFFER, False, back=False,
                    help="通知、签到表、记录等，放在计划旁的文件夹")  # fmt: skip


def _answer(asker: Asker, given: bool | None, meetings: bool, step: int) -> bool:
    """The offer's answer: as given (是 for a plan without meetings too: the command says there are
    none), else asked when the plan has meetings."""
    if given is not None:
        return given
    return meetings and offer(asker, step)


def offer(asker: Asker, step: int) -> bool:
    """Ask the offer of meeting papers (numbered after the confirmation)."""
    from .questions import BACK

    while (answer := asker.ask(offer_question(), step, step)) is BACK:  # a script's “back”: ask again
        pass
    return bool(answer)


def preview_text(wizard: Wizard, spec: dict[str, Any]) -> str:
    """The structure the plan assumes, its signature, the table of contents and the first months of
    the calendar, for the terminal: what to check before anything is written."""
    from ..context import structure
    from ..schedule import schedule
    from ..schedule.rules import month_day

    doc = wizard._compose(spec)
    org = spec.get("org", {})
    template = wizard.library.template(spec["template"])
    lines = [f"【预览】{doc.title}"]
    lines.append("组织结构：" + structure(template.kind, org))
    if doc.signature is not None:
        lines.append(f"落款：{doc.signature.org}")
    lines.append("目录：")
    lines += [f"{'  ' * (entry.level - 1)}{entry.label}" for entry in doc.toc if entry.level <= 2]
    try:
        doc = schedule(doc, appendix=False)
    except PlanError:
        return "\n".join(lines)
    days: dict[dt.date, list[str]] = {}
    for event in doc.events:
        if event.date.month <= 2:
            days.setdefault(event.date, []).append(event.name)
    if days:
        lines.append("1—2月安排（全年见计划附件和 plangen schedule）：")
        for day, names in days.items():
            lines.append(f"  {month_day(day, weekday=True)} {'；'.join(names)}")
    if doc.calendar_note:
        lines.append(doc.calendar_note)
    return "\n".join(lines)


def write_and_build(
    env: Env, library: Library, spec: dict[str, Any], folder: Path, force: bool
) -> tuple[Path, list[Path]]:
    """plan.yaml, its schema and the plan, as ``plangen build`` makes it — all or nothing: the plan is
    composed, checked (lint) and rendered in memory before anything is written."""
    import json

    from ..output import check_targets, write_all
    from ..pipeline import Builder, BuildOptions, build_time
    from ..schema.models import json_schema

    spec_path = folder / SPEC_NAME
    text = spec_yaml(spec)
    schema = json.dumps(json_schema("spec"), ensure_ascii=False, indent=2) + "\n"
    replaceable = _schema_only_exists(folder)
    check_targets([spec_path], force)  # before the work: an existing plan.yaml is never lost
    options = BuildOptions(out_dir=folder, force=force, created=build_time(env.environ),
                           office=env.office())  # fmt: skip
    outputs = Builder(library, env.cwd).prepare(spec_path, options, spec_text=text).outputs
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanError(f"无法创建输出文件夹：{os_reason(exc, writing=True)}", folder) from None
    files = [(spec_path, text.encode("utf-8")), (folder / SCHEMA_NAME, schema.encode("utf-8")), *outputs]
    allowed = {folder / SCHEMA_NAME} if replaceable else set()
    write_all(files, force=True if force else allowed)
    return spec_path, [target for target, _ in outputs]


def _schema_only_exists(folder: Path) -> bool:
    """An existing spec.schema.json (from an earlier plan in this folder) may be replaced."""
    return (folder / SCHEMA_NAME).exists() and not (folder / SPEC_NAME).exists()
