"""The layout model against LibreOffice (issue 23): on which page every contents entry lands, and how
many pages a plan takes, as :mod:`plangen.layout` computes them and as LibreOffice renders the DOCX.

Four kinds of documents (a *generator* each):

* ``examples`` — every example in ``examples/`` for the years 2026–2028;
* ``volume`` — the bound volume (汇编) ``plangen batch --combine`` writes, for the example roster
  (2026–2028) and a roster of every template: each plan's first page as the volume's contents give
  it (``batch.volume.first_pages`` of the estimated lengths) and the volume's last page;
* ``imported`` — plans ``plangen import`` recovered from the legacy sample and from the examples'
  own DOCX, rebuilt by plangen for 2026–2028;
* ``generated`` — documents built directly from the document model, each from a seed
  (``random.Random(seed)``), so any disagreement is rebuilt with ``--seeds``: titles of 4–60 字,
  headings that wrap, run-in items, paragraphs of 1–12 lines mixing digits, Latin words, quotes and
  brackets, long organisation names in the signature, appendices with tables of 1–120 rows.

Each is rendered under a set of stand-in fonts (``office.FONT_SETS``), many files per LibreOffice run.

As a script, from the repository root::

    python tests/layout_oracle.py --plans 500 --fonts fandol,noto

prints the agreement per font set and generator, then every disagreement (document, entry, model
page, LibreOffice page); the exit code is 1 unless the agreement is 100%.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from plangen import office
from plangen.document import Appendix, Document, Heading, Paragraph, RunIn, Signature, Table, Volume
from plangen.layout import LINES_PER_PAGE, estimate_length, estimate_pages, table_rows
from plangen.numbering import ordinal

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
LEGACY = REPO / "tests" / "data" / "samples" / "legacy-plan.txt"
YEARS = (2026, 2027, 2028)
GENERATORS = ("examples", "volume", "imported", "generated")
LENGTH = "<页数>"  # the entry name of a document's page count
BATCH = 100  # files per LibreOffice run


@dataclass
class Case:
    """One document to render: a plan (with its DOCX options) or a bound volume."""

    name: str
    generator: str
    data: bytes  # the DOCX as a user receives it
    doc: Document | None = None
    volume: Volume | None = None
    toc_levels: int = 2


@dataclass(frozen=True)
class Check:
    font: str
    case: str
    generator: str
    entry: str
    model: int | None
    office: int | None  # None: not found in the rendering

    @property
    def agrees(self) -> bool:
        return self.model == self.office

    def __str__(self) -> str:
        found = "未找到" if self.office is None else self.office
        return f"[{self.font}] {self.case}: {self.entry} — 模型 {self.model}，LibreOffice {found}"


@dataclass
class Outcome:
    checks: list[Check] = field(default_factory=list)

    def misses(self) -> list[Check]:
        return [check for check in self.checks if not check.agrees]

    def figure(self, font: str | None = None, generator: str | None = None) -> tuple[int, int]:
        """(agreeing, total) over the checks of *font* and *generator* (None: all)."""
        chosen = [
            c
            for c in self.checks
            if (font is None or c.font == font) and (generator is None or c.generator == generator)
        ]
        return sum(c.agrees for c in chosen), len(chosen)

    def table(self) -> str:
        fonts = list(dict.fromkeys(c.font for c in self.checks))
        generators = list(dict.fromkeys(c.generator for c in self.checks))
        lines = []
        for font in [*fonts, None]:
            for generator in [*generators, None]:
                agree, total = self.figure(font, generator)
                if total:
                    share = 100 * agree / total
                    label = f"{font or '全部'} / {generator or '全部'}"
                    lines.append(f"{label:<24} {agree:>6}/{total:<6} {share:6.2f}%")
        return "\n".join(lines)


# --- rendering and comparing -------------------------------------------------------------------------


def docx_bytes(doc: Document, options=None) -> bytes:
    from plangen.pipeline import render_formats
    from plangen.writers.ooxml import DocxOptions

    return render_formats(doc, ["docx"], options or DocxOptions()).data["docx"]


def compare(
    cases: list[Case], fonts: Iterable[str], folder: Path, jobs: int = 2, batch: int = BATCH
) -> Outcome:
    """Render every case under every font set (one LibreOffice run per *batch* files, *jobs* runs at
    a time) and compare each contents entry and page count with the model."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = folder / "copies"
    shutil.rmtree(copies, ignore_errors=True)
    copies.mkdir()
    by_name = {}
    for case in cases:
        (copies / f"{case.name}.docx").write_bytes(office.for_libreoffice(case.data))
        by_name[case.name] = case
    sources = sorted(copies.glob("*.docx"))
    work = [
        (font, start, sources[start : start + batch])
        for font in fonts
        for start in range(0, len(sources), batch)
    ]

    def run(item: tuple[str, int, list[Path]]) -> list[Check]:
        font, start, chunk = item
        # the settled layout (DOCX → ODT → PDF), as Word lays out: office.settled says why
        pdfs = office.settled(chunk, folder / f"{font}-{start}", fonts=office.FONT_SETS[font])
        checks = []
        for pdf in pdfs:
            if not isinstance(pdf, Path):
                raise pdf
            case = by_name[pdf.stem]
            pages = office.read_pdf(pdf)
            found = volume_checks(case, pages) if case.volume else plan_checks(case, pages)
            checks += [Check(font, case.name, case.generator, *row) for row in found]
        return checks

    outcome = Outcome()
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        for checks in pool.map(run, work):
            outcome.checks += checks
    return outcome


def last_page(pages: list[office.Page]) -> int:
    numbers = [n for n in (office.page_number(page) for page in pages) if n is not None]
    return max(numbers, default=0)


def plan_checks(case: Case, pages: list[office.Page]) -> list[tuple[str, int | None, int | None]]:
    """(entry, model page, rendered page) for every contents entry, then the page count."""
    doc = case.doc
    assert doc is not None
    found = office.heading_pages(doc, pages, case.toc_levels)
    model = estimate_pages(doc)
    rows = [
        (f"#{entry.heading} {entry.label[:40]}", model.get(entry.heading), found.get(entry.heading))
        for entry in doc.toc
        if entry.level <= case.toc_levels
    ]
    return [*rows, (LENGTH, estimate_length(doc), last_page(pages))]


def title_pages(pages: list[office.Page], titles: list[str]) -> dict[int, int]:
    """The printed page number on which each title stands, searched in order on numbered pages."""
    found: dict[int, int] = {}
    index = 0
    for number, title in enumerate(titles):
        wanted = re.sub(r"\s+", "", title)
        for position in range(index, len(pages)):
            printed = office.page_number(pages[position])
            top = re.sub(r"\s+", "", "".join(line.text for line in pages[position].lines[:4]))
            if printed is not None and wanted in top:
                found[number], index = printed, position + 1
                break
    return found


def volume_checks(case: Case, pages: list[office.Page]) -> list[tuple[str, int | None, int | None]]:
    """The volume's contents (each plan's first page) and its last page."""
    from plangen.layout import first_pages

    volume = case.volume
    assert volume is not None
    lengths = [estimate_length(plan) for plan in volume.plans]
    model = first_pages(lengths)
    found = title_pages(pages, [plan.title for plan in volume.plans])
    rows = [
        (f"#{number} {plan.title[:40]}", model[number], found.get(number))
        for number, plan in enumerate(volume.plans)
    ]
    end = model[len(lengths) - 1] + max(1, lengths[-1]) - 1
    return [*rows, (LENGTH, end, last_page(pages))]


# --- generators ----------------------------------------------------------------------------------


def _builder(libraries: Iterable[Path] = ()):
    from plangen.library import Library
    from plangen.pipeline import Builder

    return Builder(Library.default(list(libraries), environ={}), REPO)


def _build(builder, spec: Path, year: int) -> tuple[Document, object]:
    from plangen.pipeline import BuildOptions, docx_options

    options = BuildOptions(year=year)
    parsed, doc, _ = builder.document(spec, options, ["docx"])
    return doc, docx_options(parsed, options)


def _plan_case(name: str, generator: str, doc: Document, options=None) -> Case:
    from plangen.writers.ooxml import DocxOptions

    options = options or DocxOptions()
    return Case(name, generator, docx_bytes(doc, options), doc, toc_levels=options.toc_levels)


def example_cases(years: Iterable[int] = YEARS, examples: Iterable[Path] = EXAMPLES) -> list[Case]:
    builder = _builder()
    cases = []
    for year in years:
        for example in examples:
            doc, options = _build(builder, example, year)
            cases.append(_plan_case(f"ex-{example.stem}-{year}", "examples", doc, options))
    return cases


def _cli(args: list[str], cwd: Path) -> None:
    import os

    from plangen.cli import Env, main

    out, err = io.StringIO(), io.StringIO()
    environ = {
        "PLANGEN_OFFICE": "0",
        **{k: v for k, v in os.environ.items() if k.startswith("PLANGEN_CACHE")},
    }
    code = main(args, Env(stdout=out, stderr=err, stdin=None, cwd=cwd, environ=environ))
    if code != 0:
        raise RuntimeError(f"plangen {' '.join(args)} failed ({code}): {err.getvalue()}")


# A roster of every template, so the volume binds plans of every length and kind.
MIXED_ROSTER = (
    "支部名称,模板,书记\n"
    "综合办公室党支部,government-branch,周明\n"
    "心血管内科党支部,hospital-branch,王丽\n"
    "青山湖社区党支部,community-branch,李强\n"
    "初中部党支部,school-branch,张敏\n"
    "机械工程学院教工第二党支部,university-teacher-branch,陈晨\n"
    "电子信息学院本科生党支部,university-student-branch,刘洋\n"
    "制造事业部党支部,soe-branch,赵军\n"
    "江城智能装备股份有限公司党支部,private-enterprise-branch,孙红\n"
)


def volume_cases(work: Path, years: Iterable[int] = YEARS, mixed: bool = True) -> list[Case]:
    """Volumes as ``plangen batch --combine`` writes them (LibreOffice off, so with the estimated
    contents), and the same plans composed here for the model."""
    from plangen.document import Volume

    rosters = [("roster", (REPO / "examples" / "roster.csv").read_bytes(), "gb18030", "branch", list(years))]
    if mixed:
        rosters.append(("mixed", MIXED_ROSTER.encode("utf-8"), "utf-8", "支部名称", [2027]))
    cases = []
    for label, data, encoding, column, chosen in rosters:
        for year in chosen:
            folder = work / f"volume-{label}-{year}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            (folder / "roster.csv").write_bytes(data)
            spec = REPO / "examples" / "hospital-branch.yaml"
            _cli(["batch", "roster.csv", "--spec", str(spec), "-o", "out", "-f", "docx", "-y", str(year),
                  "--combine", "汇编.docx", "--no-lint"], folder)  # fmt: skip
            names = [row[column] for row in csv.DictReader(io.StringIO(data.decode(encoding)))]
            builder = _builder()
            plans = [_build(builder, folder / "out" / "plans" / f"{name}.yaml", year)[0] for name in names]
            volume = Volume("", "", "", plans)  # the model needs only the plans
            cases.append(
                Case(f"vol-{label}-{year}", "volume", (folder / "汇编.docx").read_bytes(), volume=volume)
            )
    return cases


def imported_cases(
    work: Path, years: Iterable[int] = YEARS, examples: Iterable[Path] = EXAMPLES
) -> list[Case]:
    """``plangen import`` of the legacy sample (two plans) and of the examples' own DOCX (built for
    2027), each imported plan rebuilt for *years*."""
    sources = work / "import-sources"
    shutil.rmtree(sources, ignore_errors=True)
    sources.mkdir(parents=True)
    shutil.copy(LEGACY, sources / "legacy.txt")
    builder = _builder()
    for example in examples:
        doc, options = _build(builder, example, 2027)
        (sources / f"{example.stem}.docx").write_bytes(docx_bytes(doc, options))
    cases = []
    for source in sorted(sources.iterdir()):
        folder = work / f"imported-{source.stem}"
        shutil.rmtree(folder, ignore_errors=True)
        _cli(["import", str(source), "-o", str(folder), "--no-office"], work)
        builder = _builder([folder])
        for spec in sorted(folder.glob("*.yaml")):
            for year in years:
                doc, options = _build(builder, spec, year)
                cases.append(_plan_case(f"imp-{spec.stem}-{year}", "imported", doc, options))
    return cases


def generated_cases(seeds: Iterable[int]) -> list[Case]:
    return [_plan_case(f"gen-{seed:05d}", "generated", random_document(seed)) for seed in seeds]


# --- random documents ------------------------------------------------------------------------------
# Plain words of our own, put together at random: what matters is their widths, not their sense.

_PLACES = [
    "江城市",
    "青山区",
    "临河县",
    "东湖新区",
    "北坪镇",
    "南岸街道",
    "西郊开发区",
    "云溪高新技术产业园区",
]
_UNITS = ["第一人民医院", "实验中学", "智能装备股份有限公司", "幸福里社区", "市场监督管理局", "职业技术学院",
          "中心卫生院", "城市建设投资集团有限公司", "自然资源和规划局", "第二小学", "机电工程学院",
          "5G产业园", "数字经济服务中心"]  # fmt: skip
_DEPARTMENTS = ["内科", "行政后勤", "机关第二", "离退休", "本科生第三", "教工", "研发中心", "A区", "物业服务",
                "综合办公室", "财务审计", "信息科"]  # fmt: skip
_FORMS = ["党支部", "党总支", "党委", "委员会", "支部委员会", "联合党支部"]
_VERBS = ["认真落实", "深入开展", "扎实推进", "持续加强", "组织党员", "按时召开", "定期检查", "全面完成",
          "进一步规范", "广泛听取", "及时整改", "统筹安排", "严格执行", "用心做好", "积极参与"]  # fmt: skip
_OBJECTS = ["三会一课制度", "主题党日活动", "理论学习", "组织生活会", "民主评议党员", "党费收缴工作",
            "发展党员工作", "志愿服务项目", "谈心谈话", "台账资料", "支部委员会会议", "专题党课",
            "廉洁教育", "群众意见", "重点任务清单", "阵地建设", "党员先锋岗", "结对帮扶", "年度考核",
            "业务骨干培养", "新媒体宣传", "学习笔记", "整改措施"]  # fmt: skip
_TAILS = ["确保取得实效", "形成长效机制", "做到有记录可查", "每季度通报一次", "年底前完成", "推动工作落地",
          "不断提高质量", "把问题解决在基层", "让党员有收获", "切实增强凝聚力"]  # fmt: skip
_LATIN = ["PDCA", "App", "OA", "Web", "QQ", "PPT", "AI", "Excel", "5G", "VR", "KPI", "Wi-Fi"]
_BOOKS = ["党支部工作条例", "党员教育管理工作条例", "年度学习计划", "支部工作手册", "学习读本"]
_HEADING_WORDS = ["加强政治建设", "抓好思想理论武装", "严格组织生活", "建强党员队伍", "推进党建与业务融合",
                  "落实全面从严治党责任", "做好群团工作", "提升服务群众能力", "完善制度机制", "加强作风建设",
                  "营造良好氛围", "强化督促检查", "抓好宣传引导", "发挥战斗堡垒作用"]  # fmt: skip


def _number(rng: random.Random, year: int) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return f"{year}年"
    if kind == 1:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%"
    if kind == 2:
        return f"第{rng.randint(1, 30)}项"
    if kind == 3:
        return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    if kind == 4:
        return f"{rng.randint(2, 120)}名党员"
    if kind == 5:
        return f"{rng.randint(1, 9)}次"
    if kind == 6:
        return f"{rng.randint(100, 99999)}元"
    return f"{rng.randint(1, 4)}个季度"


def _phrase(rng: random.Random, year: int) -> str:
    """A clause: verb and object, sometimes with a number, a Latin word, quotes or brackets."""
    verb, obj = rng.choice(_VERBS), rng.choice(_OBJECTS)
    kind = rng.randrange(10)
    if kind == 0:
        return f"{verb}“{obj}”"
    if kind == 1:
        return f"{verb}《{rng.choice(_BOOKS)}》规定的{obj}"
    if kind == 2:
        return f"{verb}{obj}（{_number(rng, year)}）"
    if kind == 3:
        return f"通过{rng.choice(_LATIN)}平台{verb}{obj}"
    if kind in (4, 5):
        return f"{_number(rng, year)}{verb}{obj}"
    if kind == 6:
        return f"{verb}{obj}，{rng.choice(_TAILS)}"
    return f"{verb}{obj}"


def _sentence(rng: random.Random, year: int) -> str:
    parts = [_phrase(rng, year) for _ in range(rng.randint(1, 4))]
    return "，".join(parts) + rng.choice("。。。；！")


def _text(rng: random.Random, year: int, chars: int) -> str:
    """Sentences until about *chars* characters."""
    text = ""
    while len(text) < chars:
        text += _sentence(rng, year)
    return text


def _cut(text: str, size: int) -> str:
    """*text* to at most *size* characters, never ending on an opening bracket or inside a number."""
    text = text[:size]
    while len(text) > 1 and (text[-1] in "（《“" or text[-1].isascii()):
        text = text[:-1]
    return text


def _org(rng: random.Random, size: int) -> str:
    """An organisation's name of about *size* 字 (4–48)."""
    name = rng.choice(_FORMS)
    pieces = [rng.choice(_DEPARTMENTS), rng.choice(_UNITS), rng.choice(_PLACES), rng.choice(_PLACES)]
    for piece in pieces:
        if len(name) + len(piece) > size:
            break
        name = piece + name
    while len(name) < min(size, 4):
        name = "第" + name
    return name


def _title(rng: random.Random, year: int, size: int) -> str:
    kind = rng.randrange(4)
    if kind == 0:  # 江城市……党支部2027年工作计划
        tail = f"{year}年" + rng.choice(["工作计划", "党建工作计划", "党建工作要点", "度组织生活安排"])
        return _org(rng, max(2, size - len(tail))) + tail
    if kind == 1:
        return _cut(f"关于{_phrase(rng, year)}的{year}年工作安排" * 3, size)
    if kind == 2:
        return _cut(f"{rng.choice(_LATIN)}" + _text(rng, year, size).rstrip("。；！"), size)
    return _cut(_org(rng, 30) + _text(rng, year, size), size)


def _heading(rng: random.Random, year: int, size: int) -> str:
    if size <= 14:
        return rng.choice(_HEADING_WORDS)[:size]
    text = rng.choice(_HEADING_WORDS) + "，" + _text(rng, year, size)
    return _cut(text, size).rstrip("，。；！")


def _table(rng: random.Random, year: int) -> Table:
    columns = rng.randint(2, 5)
    rows = rng.choice([rng.randint(1, 5), rng.randint(6, 30), rng.randint(31, 120)])
    header = [rng.choice(["月份", "时间", "工作内容", "责任人", "完成标准", "备注", "序号", "参加人员"])
              for _ in range(columns)]  # fmt: skip
    kinds = [rng.randrange(4) for _ in range(columns)]

    def cell(kind: int) -> str:
        if kind == 0:
            return _number(rng, year)
        if kind == 1:
            return rng.choice(["组织委员", "书记", "宣传委员", "纪检委员", "全体党员", "各党小组"])
        size = rng.choice([4, 10, 20, 40]) if kind == 2 else rng.randint(1, 60)
        return _cut(_text(rng, year, size), size)

    body = [[cell(kind) for kind in kinds] for _ in range(rows)]
    widths = None if rng.random() < 0.5 else [rng.randint(1, 5) for _ in range(columns)]
    if widths and min(widths) / sum(widths) < 0.12:  # no column narrower than 3 字 (a narrower one
        more = (0.12 * sum(widths) - min(widths)) / (1 - 0.12 * len(widths))  # is noted by uncertain)
        widths = [w + more for w in widths]
    caption = "" if rng.random() < 0.8 else _cut(_text(rng, year, 20), 16)
    table = Table(header, body, widths, caption)
    # a row is at most half a page: a taller one (60 字 in a 2-字 column) is no plan's table, and the
    # model only notes it (layout.uncertain) — cells are halved until every row fits
    while max(table_rows(table)) > LINES_PER_PAGE // 2:
        tallest = max(range(len(table.rows)), key=lambda i: table_rows(table)[i + 1])
        row = table.rows[tallest]
        longest = max(range(len(row)), key=lambda i: len(row[i]))
        row[longest] = row[longest][: len(row[longest]) // 2]
    return table


def random_document(seed: int) -> Document:
    """A plan of random shape and words, the same for the same seed."""
    import datetime as dt

    rng = random.Random(seed)
    year = rng.choice(YEARS)
    size = rng.choice([rng.randint(4, 20), rng.randint(21, 40), rng.randint(41, 60)])
    doc = Document(_title(rng, year, size), year, _org(rng, 16), dt.date(year, 1, 4))
    doc.intro = [Paragraph(_text(rng, year, rng.randint(10, 150))) for _ in range(rng.randint(0, 2))]

    def paragraph() -> Paragraph:
        lines = rng.choice([1, 1, 2, 3, 4, 5, 6, 8, 10, 12])
        return Paragraph(_cut(_text(rng, year, lines * 28 - rng.randint(0, 20)), lines * 28 + 10))

    def heading_size() -> int:
        return rng.choice([rng.randint(4, 12), rng.randint(4, 24), rng.randint(25, 52), rng.randint(53, 80)])

    for one in range(1, rng.randint(1, 7) + 1):
        doc.body.append(Heading(1, ordinal(1, one), _heading(rng, year, heading_size())))
        if rng.random() < 0.3:
            doc.body += [paragraph() for _ in range(rng.randint(1, 2))]
        for two in range(1, rng.randint(0, 5) + 1):
            doc.body.append(Heading(2, ordinal(2, two), _heading(rng, year, heading_size())))
            for item in range(1, rng.randint(0, 4) + 1):
                kind = rng.random()
                if kind < 0.3:
                    body = _text(rng, year, rng.randint(10, 220))
                    doc.body.append(RunIn(3, ordinal(3, item), _heading(rng, year, rng.randint(4, 16)), body))
                elif kind < 0.95:
                    doc.body.append(paragraph())
                else:
                    doc.body.append(_table(rng, year))
    if rng.random() < 0.85:
        date = rng.choice([f"{year}年1月{rng.randint(1, 31)}日", f"{year - 1}年12月{rng.randint(10, 31)}日"])
        doc.signature = Signature(_org(rng, rng.randint(4, 48)), date)
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        body: list[Paragraph | Table] = []
        if rng.random() < 0.4:
            body.append(Paragraph(_text(rng, year, rng.randint(10, 80))))
        body.append(_table(rng, year))
        doc.appendices.append(Appendix(_cut(f"{year}年" + _text(rng, year, 40), rng.randint(4, 40)), body))
    doc.build_toc()
    return doc


# --- the script ---------------------------------------------------------------------------------------


def collect(
    generators: Iterable[str], plans: int, work: Path, seeds: list[int] | None = None, first_seed: int = 0
) -> list[Case]:
    makers: dict[str, Callable[[], list[Case]]] = {
        "examples": example_cases,
        "volume": lambda: volume_cases(work),
        "imported": lambda: imported_cases(work),
        "generated": lambda: generated_cases(
            seeds if seeds is not None else range(first_seed, first_seed + plans)
        ),
    }
    cases = []
    for generator in generators:
        cases += makers[generator]()
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=500, help="generated plans (seeds from --first-seed)")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--seeds", help="only these seeds, comma-separated (rebuild a disagreement)")
    parser.add_argument("--fonts", default="fandol,noto", help=f"font sets: {','.join(office.FONT_SETS)}")
    parser.add_argument("--only", default=",".join(GENERATORS), help=f"generators: {','.join(GENERATORS)}")
    parser.add_argument("--jobs", type=int, default=2, help="LibreOffice runs at a time")
    parser.add_argument("--batch", type=int, default=BATCH, help="files per LibreOffice run")
    parser.add_argument("--keep", type=Path, help="keep the DOCX and PDF files in this folder")
    args = parser.parse_args(argv)
    fonts = [f.strip() for f in args.fonts.split(",") if f.strip()]
    generators = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [f for f in fonts if f not in office.FONT_SETS] + [g for g in generators if g not in GENERATORS]
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")
    seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else None

    import os

    scratch = Path(tempfile.mkdtemp(prefix="layout-oracle-"))
    os.environ.setdefault("PLANGEN_CACHE_DIR", str(scratch / "cache"))  # not the developer's cache
    work = args.keep or scratch
    try:
        start = time.monotonic()
        cases = collect(generators, args.plans, work, seeds, args.first_seed)
        built = time.monotonic()
        outcome = compare(cases, fonts, work, args.jobs, args.batch)
        agree, total = outcome.figure()
        print(f"{len(cases)} documents x {len(fonts)} font sets: built in {built - start:.0f} s, "
              f"rendered and compared in {time.monotonic() - built:.0f} s")  # fmt: skip
        print(outcome.table())
        misses = outcome.misses()
        for check in sorted(misses, key=lambda c: (c.font, c.generator, c.case)):
            print(check)
        print(f"agreement: {agree}/{total} = {100 * agree / max(total, 1):.2f}%")
        return 0 if agree == total else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
