"""The built-in library: complete, current for the plan year, and our own words.

Every template is built for 2027 and 2028 and its output linted; every block's raw text is checked
for duplicated sentences, typed year wording, and overlap with the downloaded samples.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import REPO

from plangen.compose import Composer
from plangen.library import Library
from plangen.lint import check
from plangen.preview import preview_template
from plangen.schema.load import load_spec
from plangen.writers import docx, markdown
from plangen.writers.ooxml import DocxOptions

SAMPLES = Path(__file__).parent / "data" / "samples"
# Fixed official formulations a plan must use verbatim (so they may also appear in the samples).
OFFICIAL = [
    "以习近平新时代中国特色社会主义思想为指导",
    "习近平新时代中国特色社会主义思想",
    "充分发挥党支部战斗堡垒作用和党员先锋模范作用",
    "党支部战斗堡垒作用和党员先锋模范作用",
    "医疗机构工作人员廉洁从业九项准则",
    "党委领导下的院长负责制",
    "控制总量、优化结构、提高质量、发挥作用",
    "坚持标准、保证质量、改善结构、慎重发展",
    "中国共产党支部工作条例",
]


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.default(environ={})


def texts(element: object) -> list[str]:
    out = []
    for name in ("title", "p", "item"):
        value = getattr(element, name, None)
        if isinstance(value, str):
            out.append(value)
    table = getattr(element, "table", None)
    if table is not None:
        out += [*table.header, *(cell for row in table.rows for cell in row), table.caption]
    for child in getattr(element, "body", []) or []:
        out += texts(child)
    return out


@pytest.fixture(scope="module")
def block_texts(library: Library) -> dict[str, list[str]]:
    return {block.id: texts(block) for _, block in library.all("block")}


def examples() -> list[Path]:
    return sorted((REPO / "examples").glob("*.yaml"))


# --- size and shape --------------------------------------------------------------------------


def test_library_size(library: Library) -> None:
    blocks = [block for _, block in library.all("block")]
    assert len(blocks) >= 45
    assert len({block.category for block in blocks}) >= 12
    templates = [template for _, template in library.all("template")]
    assert len(templates) >= 7
    assert {t.sector for t in templates} >= {"hospital", "university", "soe", "community", "government"}


def test_every_template_has_an_example_named_after_it(library: Library) -> None:
    ids = {template.id for _, template in library.all("template")}
    assert {path.stem for path in examples()} == ids


def test_blocks_with_recurring_activities_have_schedules(library: Library) -> None:
    recurring = re.compile(r"每月|每季度|每半年|按月|按季度")
    missing = [block.id for _, block in library.all("block")
               if any(recurring.search(t) for t in texts(block)) and not block.schedule]  # fmt: skip
    assert missing == []


# --- every template, every year ----------------------------------------------------------------


@pytest.mark.parametrize("year", [2027, 2028])
@pytest.mark.parametrize("example", examples(), ids=lambda p: p.stem)
def test_example_builds_and_is_current(library: Library, example: Path, year: int) -> None:
    spec, source = load_spec(example, year=year)
    doc = Composer(library).compose(spec, source)
    text = markdown.render(doc)
    data = docx.render(doc, DocxOptions())
    assert data[:2] == b"PK" and len(doc.headings()) >= 8
    assert f"{year}年" in doc.title
    assert check(text, year) == []  # the Markdown as the user gets it
    assert check(doc.text(), year) == []
    if year == 2027:  # the rendered text, parameters filled in, is ours too
        assert _runs(_official_removed(doc.text())) & _sample_grams() == set()


@pytest.mark.parametrize("year", [2027, 2028])
def test_every_template_with_default_params_is_current(library: Library, year: int) -> None:
    for _, template in library.all("template"):
        doc = preview_template(library, template.id, year)
        findings = [f for f in check(doc.text(), year) if f.rule != "R011"]  # the preview's 示例党支部
        assert findings == [], (template.id, [str(f) for f in findings])


# --- our own, current words --------------------------------------------------------------------

_JINJA = re.compile(r"{[{%#].*?[}%#]}", re.S)
_SENTENCE = re.compile(r"[^。！？；]+[。！？；]?")


def sentences(text: str) -> list[str]:
    plain = _JINJA.sub("", text)
    return [s.strip() for s in _SENTENCE.findall(plain) if len(re.findall(r"[\u4e00-\u9fff]", s)) >= 8]


def test_no_sentence_appears_in_two_blocks(block_texts: dict[str, list[str]]) -> None:
    seen: dict[str, str] = {}
    duplicates = []
    for block_id, items in block_texts.items():
        for sentence in {s for text in items for s in sentences(text)}:
            if sentence in seen and seen[sentence] != block_id:
                duplicates.append((sentence, seen[sentence], block_id))
            seen.setdefault(sentence, block_id)
    assert duplicates == []


def test_year_dependent_wording_is_computed_not_typed(block_texts: dict[str, list[str]]) -> None:
    typed = re.compile(r"20[2-4]\d年|十[四五六]五|[一二]十[一二]?大|\d+周年|二十[一二]?届")
    titles = re.compile(r"《[^》]*》")  # a rule's name keeps its year: 《……（2025年版）》
    offenders = [(block_id, m.group()) for block_id, items in block_texts.items() for text in items
                 for m in typed.finditer(titles.sub("", _JINJA.sub("", text)))]  # fmt: skip
    assert offenders == []


def _runs(text: str, size: int = 12) -> set[str]:
    grams = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        grams.update(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


def _official_removed(text: str) -> str:
    for phrase in OFFICIAL:
        text = text.replace(phrase, "|")
    return text


@lru_cache(maxsize=1)
def _sample_grams() -> frozenset[str]:
    grams: set[str] = set()
    for path in SAMPLES.glob("*.txt"):
        grams |= _runs(path.read_text(encoding="utf-8"))
    return frozenset(grams)


def test_no_12_character_run_shared_with_the_samples(block_texts: dict[str, list[str]]) -> None:
    sample_grams = _sample_grams()
    assert len(sample_grams) > 500  # the samples are really there
    shared = []
    for block_id, items in block_texts.items():
        for text in items:
            shared += [
                (block_id, gram) for gram in _runs(_official_removed(_JINJA.sub("", text))) & sample_grams
            ]
    assert shared == []


def test_templates_and_intros_are_original(library: Library) -> None:
    for _, template in library.all("template"):
        plain = _official_removed(_JINJA.sub("", template.intro or ""))
        assert _runs(plain) & _sample_grams() == set(), template.id


def test_lint_catches_what_the_legacy_sample_hides() -> None:
    text = (SAMPLES / "legacy-plan.txt").read_text(encoding="utf-8")
    rules = {finding.rule for finding in check(text, 2027)}
    assert {"R001", "R006", "R008", "S006", "A001"} <= rules


@pytest.mark.parametrize("year", [2027])
def test_committee_plans_speak_as_a_committee(library: Library, year: int) -> None:
    committees = [t for _, t in library.all("template") if t.kind == "committee"]
    assert committees
    for template in committees:
        text = preview_template(library, template.id, year).text()
        for branch_word in ("支委会", "本支部", "支部党员大会", "支部委员结合", "支部工作情况"):
            assert branch_word not in text, (template.id, branch_word)


def test_party_words_follow_the_template_kind(library: Library) -> None:
    branch = next(t for _, t in library.all("template") if t.kind == "branch")
    text = preview_template(library, branch.id, 2027).text()
    assert "支委会每季度对计划执行情况开展一次检查" in text
