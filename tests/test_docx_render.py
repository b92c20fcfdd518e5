"""The DOCX opened in a real client: LibreOffice renders every shipped example once per session (as
Word reads it), then the PDFs' text, positions, fonts and pixels are checked against GB/T 9704-2012.

Word is the target and LibreOffice the proxy: each file is built exactly as a user receives it, and
only the copy handed to LibreOffice goes through ``office.for_libreoffice`` (which undoes
LibreOffice's inverted reading of ``w:overflowPunct``). One copy is rendered without that
adaptation, to show the checks would catch a file that only looks right in LibreOffice.

Without LibreOffice these tests are skipped on a developer's machine and fail under CI (``CI`` set).
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLE, REPO, require_libreoffice, run_cli

from plangen import office
from plangen.compose import Composer
from plangen.document import Appendix, Document, Heading, Paragraph, RunIn, Table
from plangen.layout import wrap_title
from plangen.library import Library
from plangen.pipeline import render_formats
from plangen.schema.load import load_spec
from plangen.writers.ooxml import DocxOptions

MM = 72 / 25.4  # points per millimetre
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, (210 - 26) * MM, 37 * MM, (297 - 35) * MM
CHAR = 15.75  # pt: one 字 of body text
LONG_NAME = "江城市第一人民医院机关行政后勤第二党支部"
LONG_FORMAL = "中共江城高新技术产业开发区智能装备制造股份有限公司支部委员会"  # 29 字: two lines
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
TEMPLATES = {t.id: t.kind for _, t in Library.default(environ={}).all("template")}  # id → kind
# Shipped with every Windows 10/11, Chinese or not (the CJK fonts are part of the system), by both names
WINDOWS_FONTS = {"仿宋", "楷体", "黑体", "宋体", "FangSong", "KaiTi", "SimHei", "SimSun", "Times New Roman"}


@dataclass
class Rendered:
    """A DOCX as shipped and the PDF LibreOffice made of its adapted copy."""

    name: str
    docx: Path
    pdf: Path
    pages: list[office.Page]
    doc: Document | None = None

    @property
    def body_start(self) -> int:
        """Index of the first numbered page: the body, after an unnumbered table of contents."""
        return next(i for i, page in enumerate(self.pages) if office.page_number(page) is not None)

    def part(self, name: str) -> str:
        with zipfile.ZipFile(self.docx) as archive:
            return archive.read(name).decode("utf-8")


@dataclass
class Session:
    examples: dict[str, Rendered]
    detailed: Rendered  # the hospital plan with a long name and an appendix table
    windows: Rendered  # the hospital plan with output.docx.fonts: windows
    unadapted: Rendered  # the shipped hospital plan handed to LibreOffice as it is
    notes: dict[str, str]  # what each example's build printed on stderr
    defaults: dict[str, Rendered]  # each template built from a minimal spec (its defaults)


@pytest.fixture(scope="session")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    require_libreoffice(pdftotext=True)
    folder = tmp_path_factory.mktemp("render")
    environ = {"PLANGEN_OFFICE": "1"}  # as users with LibreOffice build: it must make no difference
    notes, shipped = {}, {}
    for example in EXAMPLES:
        result = run_cli(
            ["build", str(example), "-f", "docx", "-o", str(folder / example.stem)], folder, environ
        )
        assert result.code == 0, result.err
        notes[example.stem] = result.err
        shipped[example.stem] = next((folder / example.stem).glob("*.docx"))
    for template, kind in TEMPLATES.items():  # the plan a new user gets: every default
        spec = folder / f"default-{template}.yaml"
        name = "测试党委" if kind == "committee" else "测试党支部"
        spec.write_text(f"template: {template}\nyear: 2027\norg:\n  name: {name}\n", encoding="utf-8")
        result = run_cli(["build", str(spec), "-f", "docx", "-o", str(folder / spec.stem)], folder)
        assert result.code == 0, result.err
        shipped[spec.stem] = next((folder / spec.stem).glob("*.docx"))
    long = run_cli(["build", str(REPO / "examples" / "private-enterprise-branch.yaml"), "-f", "docx", "-o",
                    str(folder / "long-signature"), "--set", f"org.full_name={LONG_FORMAL}"], folder, environ)  # fmt: skip
    assert long.code == 0, long.err
    notes["long-signature"] = long.err
    shipped["long-signature"] = next((folder / "long-signature").glob("*.docx"))
    windows = run_cli(["build", str(EXAMPLE), "-f", "docx", "-o", str(folder / "windows"), "--set",
                       "output.docx.fonts=windows"], folder, environ)  # fmt: skip
    assert windows.code == 0, windows.err
    shipped["windows"] = next((folder / "windows").glob("*.docx"))

    spec, source = load_spec(EXAMPLE, [f"org.name={LONG_NAME}", "detail=full"])  # every feature, at length
    doc = Composer(Library.default(environ={})).compose(spec, source)
    rows = [[f"{month}月", f"第{week}周", "支部委员会会议、主题党日、党小组会和党课安排"] for month in range(1, 13)
            for week in range(1, 5)]  # fmt: skip
    doc.appendices = [
        Appendix(
            "2027年月度工作安排表",
            [Paragraph("按月排出组织生活安排。"), Table(["月份", "周次", "工作内容"], rows, [1, 1, 4])],
        )
    ]
    shipped["detailed"] = folder / "detailed.docx"
    shipped["detailed"].write_bytes(render_formats(doc, ["docx"], DocxOptions()).data["docx"])

    copies = folder / "copies"
    copies.mkdir()
    for name, path in shipped.items():
        (copies / f"{name}.docx").write_bytes(office.for_libreoffice(path.read_bytes()))
    (copies / "unadapted.docx").write_bytes(shipped["hospital-branch"].read_bytes())
    pdfs = office.settled(sorted(copies.glob("*.docx")), folder)  # a settled layout, as Word's
    rendered = {
        pdf.stem: Rendered(pdf.stem, shipped.get(pdf.stem, copies / pdf.name), pdf, office.read_pdf(pdf))
        for pdf in pdfs
    }
    rendered["detailed"].doc = doc
    return Session(
        {name: rendered[name] for name in [*(example.stem for example in EXAMPLES), "long-signature"]},
        rendered["detailed"],
        rendered["windows"],
        rendered["unadapted"],
        notes,
        {name.removeprefix("default-"): r for name, r in rendered.items() if name.startswith("default-")},
    )


@pytest.fixture(scope="session")
def detailed(session: Session) -> Rendered:
    return session.detailed


def footer(page: office.Page) -> office.Line:
    return max(page.lines, key=lambda line: line.y0)


def content(page: office.Page) -> list[office.Line]:
    """The page's lines without its page number."""
    if office.page_number(page) is None:
        return list(page.lines)
    return [line for line in page.lines if line is not footer(page)]


def squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def cjk(text: str) -> int:
    return sum(1 for c in text if not c.isascii())


def has_table(page: office.Page) -> bool:
    """Table cells sit side by side: two text lines sharing a baseline."""
    lines = content(page)
    return any(abs(a.y1 - b.y1) < 1 and a is not b for a in lines for b in lines)


def body_pages(rendered: Rendered) -> list[int]:
    """Numbered pages of the main text (attachments excluded)."""
    end = next(
        (i for i, page in enumerate(rendered.pages) if content(page) and content(page)[0].text == "附件"),
        len(rendered.pages),
    )
    return list(range(rendered.body_start, end))


def toc_entries(rendered: Rendered) -> list[tuple[str, int]]:
    entries = []
    for page in rendered.pages[: rendered.body_start]:
        for line in page.lines:
            match = re.fullmatch(r"(.+?)\.{3,}\s*(\d+)", squash(line.text))
            if match:
                entries.append((match[1], int(match[2])))
    return entries


def heading_lines(rendered: Rendered) -> set[str]:
    return {squash(label) for label, _ in toc_entries(rendered)}


# --- the shipped file says what Word needs ----------------------------------------------------------


def test_shipped_files_forbid_hanging_punctuation_as_word_reads_it(session: Session) -> None:
    """ISO/IEC 29500-1 §17.3.1.21: overflowPunct false = no punctuation in the margin."""
    for rendered in [*session.examples.values(), session.detailed, session.windows]:
        styles = rendered.part("word/styles.xml")
        values = re.findall(r'<w:overflowPunct w:val="(\w+)"/>', styles)
        assert values and set(values) == {"0"}, rendered.name
        assert "overflowPunct" not in rendered.part("word/document.xml")  # nothing overrides the styles
    adapted = office.for_libreoffice(session.examples["hospital-branch"].docx.read_bytes())
    with zipfile.ZipFile(io.BytesIO(adapted)) as archive:
        assert set(re.findall(r'overflowPunct w:val="(\w+)"', archive.read("word/styles.xml").decode())) == {
            "1"
        }


def test_no_example_asks_word_to_update_fields(session: Session) -> None:
    for name, rendered in session.examples.items():
        assert "updateFields" not in rendered.part("word/settings.xml"), name
        assert "估算" not in session.notes[name], session.notes[name]


# --- every example, rendered as Word reads it -----------------------------------------------------------


@pytest.mark.parametrize("name", [example.stem for example in EXAMPLES])
def test_example_stays_inside_the_text_area_at_28_characters(session: Session, name: str) -> None:
    rendered = session.examples[name]
    widest = 0
    for index in body_pages(rendered):
        if has_table(rendered.pages[index]):
            continue
        for line in content(rendered.pages[index]):
            assert line.x0 >= LEFT - 1 * MM and line.x1 <= RIGHT + 0.5 * MM, (index + 1, line.text)
            if all(not c.isascii() for c in squash(line.text)):
                assert cjk(line.text) <= 28, line.text
                widest = max(widest, cjk(line.text))
    assert widest == 28


@pytest.mark.parametrize("name", [example.stem for example in EXAMPLES])
def test_example_full_pages_have_22_lines(session: Session, name: str) -> None:
    rendered = session.examples[name]
    pages = body_pages(rendered)
    headings = heading_lines(rendered)
    checked = 0
    for index in pages[:-2]:  # the closing block may pull text from the page before the last
        page, following = rendered.pages[index], rendered.pages[index + 1]
        if has_table(page) or has_table(following):
            continue
        lines = content(page) + ([None] if index == rendered.body_start else [])  # the blank under the title
        if len(lines) < 22:  # only keep-with-next may leave lines free: a heading chain moved down
            chain = list(itertools.takewhile(lambda ln: squash(ln.text) in headings, content(following)))
            assert chain and 22 - len(lines) <= len(chain) + 1, (
                index + 1,
                len(lines),
                content(following)[0].text,
            )
        else:
            assert len(lines) == 22, (index + 1, len(lines))
            checked += 1
    assert checked >= 2


@pytest.mark.parametrize("name", [example.stem for example in EXAMPLES])
def test_example_toc_pages_are_the_rendered_pages(session: Session, name: str) -> None:
    rendered = session.examples[name]
    entries = toc_entries(rendered)
    assert len(entries) >= 8
    position = (rendered.body_start, 0)
    for label, page in entries:
        position = _find(rendered.pages, label, position)
        printed = office.page_number(rendered.pages[position[0]])
        assert page == printed, f"{label}: TOC says {page}, rendered on page {printed}"


@pytest.mark.parametrize("name", [example.stem for example in EXAMPLES])
def test_example_body_page_1_carries_the_title(session: Session, name: str) -> None:
    rendered = session.examples[name]
    assert rendered.body_start >= 1  # the contents stand before the body ...
    assert all(
        office.page_number(page) is None for page in rendered.pages[: rendered.body_start]
    )  # unnumbered
    first = rendered.pages[rendered.body_start]
    assert office.page_number(first) == 1
    lines = [squash(line.text) for line in content(first)]
    expected = wrap_title(rendered.docx.stem)  # the file is named after the title
    assert lines[: len(expected)] == expected
    numbers = [office.page_number(page) for page in rendered.pages[rendered.body_start :]]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_default_plan_is_at_most_8_body_pages(session: Session, name: str) -> None:
    rendered = session.defaults[name]
    numbers = [office.page_number(page) for page in rendered.pages[rendered.body_start :]]
    assert numbers == list(range(1, len(numbers) + 1))
    body = appendix_start(rendered) - rendered.body_start  # the 月度工作安排表 is an attachment
    assert 3 <= body <= 8, body  # real plans, a branch's or a 党委's: 3–8 pages


@pytest.mark.parametrize("name", [example.stem for example in EXAMPLES])
def test_every_example_plan_is_3_to_8_body_pages(session: Session, name: str) -> None:
    """The examples as shipped (a committee's and every sector's branch), measured in the PDF."""
    rendered = session.examples[name]
    assert 3 <= appendix_start(rendered) - rendered.body_start <= 8


def appendix_start(rendered: Rendered) -> int:
    """Index of the page that opens the attachment (the 月度工作安排表, the only one: “附件”)."""
    return next(
        i
        for i, page in enumerate(rendered.pages)
        if i > rendered.body_start and content(page) and squash(content(page)[0].text) == "附件"
    )


SCHEDULE_HEADER = "月份工作安排"


def table_rows(page: office.Page) -> list[str]:
    """The page's text as rows: cells on one baseline (±2 pt) joined left to right."""
    rows: list[list[office.Line]] = []
    for line in sorted(content(page), key=lambda ln: (ln.y0, ln.x0)):
        if rows and abs(rows[-1][0].y0 - line.y0) <= 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    return ["".join(squash(ln.text) for ln in sorted(row, key=lambda ln: ln.x0)) for row in rows]


@pytest.mark.parametrize("name", [example.stem for example in EXAMPLES])
def test_schedule_appendix_is_at_most_two_pages_and_fits_the_text_area(session: Session, name: str) -> None:
    """The compact 月度工作安排表: 每月 (what recurs, said once), then a row for every month; at most
    two pages as LibreOffice renders it, its header repeated on the second."""
    rendered = session.examples[name]
    start = appendix_start(rendered)
    pages = rendered.pages[start:]
    assert 1 <= len(pages) <= 2, len(pages)
    first = [squash(line.text) for line in content(pages[0])]
    assert first[:2] == ["附件", "2027年月度工作安排表"]
    for index, page in enumerate(pages):
        texts = table_rows(page)
        if index and not has_table(page):  # the note under the table, on a page of its own
            continue
        header_at = 2 if index == 0 else 0  # page 1: 附件, the title, then the table
        assert texts[header_at] == SCHEDULE_HEADER, (index, texts[:3])
        for line in content(page):
            assert line.x0 >= LEFT - 1 * MM and line.x1 <= RIGHT + 0.5 * MM, (index, line.text)
    rows = [t for page in pages for t in table_rows(page)]
    for label in ["每月", *(f"{month}月" for month in range(1, 13))]:
        assert any(t.startswith(label) for t in rows), label


def test_every_template_is_measured(session: Session) -> None:
    assert set(session.defaults) == set(TEMPLATES)


def test_the_checks_catch_a_file_tuned_to_libreoffice(session: Session) -> None:
    """The shipped file given to LibreOffice unadapted hangs punctuation, as a file carrying
    overflowPunct=1 does in Word: the text-area check sees it."""
    rendered = session.unadapted
    past = [
        line.text
        for index in range(rendered.body_start, len(rendered.pages))
        for line in content(rendered.pages[index])
        if line.x1 > RIGHT + 0.5 * MM
    ]
    assert past, "no line in the margin: the adaptation would not be needed"
    assert all(squash(text)[-1] in "，。、；：”）》！？" for text in past)


def test_windows_fonts_render_and_name_only_fonts_windows_ships(session: Session) -> None:
    rendered = session.windows
    for part in ("word/styles.xml", "word/document.xml", "word/fontTable.xml", "word/theme/theme1.xml"):
        xml = rendered.part(part)
        names = {
            v for element in re.findall(r"<w:rFonts [^>]*>", xml) for v in re.findall(r'="([^"]+)"', element)
        }
        names |= set(re.findall(r'<w:(?:font w:name|altName w:val)="([^"]+)"', xml))
        names |= set(re.findall(r'typeface="([^"]+)"', xml))
        names -= {"eastAsia", ""}  # w:hint="eastAsia" is not a font
        assert names <= WINDOWS_FONTS, (part, names - WINDOWS_FONTS)
    assert "_GB2312" not in rendered.part("word/document.xml")
    lines = [line for index in body_pages(rendered) for line in content(rendered.pages[index])]
    assert max(cjk(line.text) for line in lines) == 28
    assert all(line.x1 <= RIGHT + 0.5 * MM for line in lines)
    fonts = subprocess.run(["pdffonts", str(rendered.pdf)], capture_output=True, text=True, check=True).stdout
    assert "FandolFang" in fonts and "FandolSong" in fonts  # 仿宋 and 宋体 (bold title) were found


def test_every_example_passes_the_open_xml_validator(session: Session) -> None:
    from openxml_audit import OpenXmlValidator

    validator = OpenXmlValidator()
    for rendered in [*session.examples.values(), session.detailed, session.windows]:
        result = validator.validate(str(rendered.docx))
        problems = [f"{e.description} ({getattr(e, 'part', '')})" for e in result.errors]
        assert result.is_valid, (rendered.name, problems)


# --- the detailed plan: grid, page numbers, title, closing, table ------------------------------------


def test_line_pitch_is_28_95_points(detailed: Rendered) -> None:
    lines = content(detailed.pages[detailed.body_start + 1])
    average = (lines[-1].y1 - lines[0].y1) / (len(lines) - 1)  # boxes differ a little between fonts
    assert abs(average - 28.95) < 0.05
    assert all(abs(b.y1 - a.y1 - 28.95) < 2 for a, b in itertools.pairwise(lines))


def test_body_starts_28mm_from_the_left_edge_with_2_zi_indent(detailed: Rendered) -> None:
    page = detailed.pages[detailed.body_start]
    title = wrap_title(detailed.doc.title)
    lines = content(page)[len(title) :]
    assert abs(min(line.x0 for line in lines) - LEFT) <= 1 * MM
    assert abs(lines[0].x0 - (LEFT + 2 * CHAR)) <= 1 * MM  # first-line indent of 2 字
    assert abs(content(page)[0].y0 - TOP) <= 4 * MM  # the title on the first line


def test_page_numbers_odd_right_even_left(detailed: Rendered) -> None:
    for page in detailed.pages[detailed.body_start :]:
        line = footer(page)
        number = office.page_number(page)
        if number % 2:
            assert abs(line.x1 - (RIGHT - 14)) <= 1.5 * MM, (number, line.x1 / MM)  # 1 字 (14 pt) in
        else:
            assert abs(line.x0 - (LEFT + 14)) <= 1.5 * MM, (number, line.x0 / MM)


def test_page_number_dashes_are_full_width_and_7mm_below_the_text_area(
    detailed: Rendered, tmp_path: Path
) -> None:
    index = detailed.body_start + 1  # "— 2 —", on the left
    words = subprocess.run(["pdftotext", "-f", str(index + 1), "-l", str(index + 1), "-bbox", str(detailed.pdf), "-"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    dashes = [
        float(b) - float(a)
        for a, b in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>—<', words)
    ]
    assert len(dashes) == 2 and all(abs(w - 14) < 0.3 for w in dashes), dashes  # one 字 at 14 pt
    line = footer(detailed.pages[index])
    dpi = 600
    x = int((line.x0 + 2) / 72 * dpi)
    y = int((BOTTOM + 3 * MM) / 72 * dpi)
    width, height = int(8 / 72 * dpi), int(12 * MM / 72 * dpi)
    out = tmp_path / "crop"
    subprocess.run(["pdftoppm", "-f", str(index + 1), "-l", str(index + 1), "-r", str(dpi), "-x", str(x), "-y", str(y),
                    "-W", str(width), "-H", str(height), "-gray", str(detailed.pdf), str(out)], check=True)  # fmt: skip
    image = next(tmp_path.glob("crop*.pgm")).read_bytes()
    pixels = image[_pgm_header_end(image) :]
    dark = [row for row in range(height) if min(pixels[row * width : (row + 1) * width]) < 128]
    assert dark, "no dash found under the text area"
    stroke = (y + (dark[0] + dark[-1]) / 2) / dpi * 25.4  # mm from the top of the page
    assert abs(stroke - (297 - 35 + 7)) <= 0.5, f"dash at {stroke:.2f} mm, expected 269 mm"


def _pgm_header_end(data: bytes) -> int:
    fields, position = 0, 0
    while fields < 4:
        while data[position : position + 1].isspace():
            position += 1
        if data[position : position + 1] == b"#":
            position = data.index(b"\n", position)
            continue
        while not data[position : position + 1].isspace():
            position += 1
        fields += 1
    return position + 1


def test_long_title_is_wrapped_into_centred_lines_short_over_long(
    session: Session, detailed: Rendered
) -> None:
    expected = wrap_title(detailed.doc.title)
    assert len(expected) == 2
    for rendered in (detailed, session.examples["hospital-committee"]):
        lines = content(rendered.pages[rendered.body_start])[:2]
        assert [squash(line.text) for line in lines] == wrap_title(squash(lines[0].text + lines[1].text))
        assert lines[0].x1 - lines[0].x0 <= lines[1].x1 - lines[1].x0 + 1  # 正梯形
        for line in lines:
            assert abs((line.x0 + line.x1) / 2 - (LEFT + RIGHT) / 2) <= 2 * MM  # centred
            assert line.y1 - line.y0 > 20  # 22 pt type
    committee = content(
        session.examples["hospital-committee"].pages[session.examples["hospital-committee"].body_start]
    )
    assert squash(committee[0].text) == "中共江城市第一人民医院"


def test_toc_of_the_detailed_plan(detailed: Rendered) -> None:
    expected = [h.label for h in detailed.doc.headings() if h.level <= 2]
    assert [label for label, _ in toc_entries(detailed)] == expected
    assert squash(content(detailed.pages[0])[0].text) == "目录"


def _find(pages: list[office.Page], label: str, start: tuple[int, int]) -> tuple[int, int]:
    for p in range(start[0], len(pages)):
        lines = pages[p].lines
        for i in range(start[1] if p == start[0] else 0, len(lines)):
            text = squash(lines[i].text)
            joined = text + (squash(lines[i + 1].text) if i + 1 < len(lines) else "")
            if text == label or (len(text) < len(label) and joined.startswith(label)):
                return p, i + 1
    raise AssertionError(f"heading {label!r} not found")


def test_signature_follows_gbt_9704(detailed: Rendered) -> None:
    last = next(p for p in detailed.pages if any(squash(ln.text) == "2027年1月4日" for ln in p.lines))
    formal = detailed.doc.signature.org
    assert formal == "中共江城市第一人民医院机关行政后勤第二支部委员会"  # the formal name, not the short one
    name = next(line for line in last.lines if squash(line.text) == formal)  # same page
    date = next(line for line in last.lines if squash(line.text) == "2027年1月4日")
    assert date.y0 > name.y0
    assert abs(name.x1 - (RIGHT - 2 * CHAR)) <= 1.5 * MM  # name 2 字 from the right
    assert abs(date.x0 - (name.x0 + 2 * CHAR)) <= 1.5 * MM  # date starts 2 字 right of the name


@pytest.mark.parametrize("name", [*(example.stem for example in EXAMPLES), "long-signature"])
def test_every_examples_signature_date_is_one_line_under_its_name(session: Session, name: str) -> None:
    """Every example signs on one line; a 29-字 name (a firm's, given in full) is set on two lines,
    each 2 字 from the right, and the date stays whole, starting 2 字 right of the longer line (GB/T
    9704 7.3.5.2)."""
    rendered = session.examples[name]
    date = re.compile(r"20\d\d年\d{1,2}月\d{1,2}日")  # the whole date on one line, or no match
    page = next(
        p for p in reversed(rendered.pages) if any(date.fullmatch(squash(ln.text)) for ln in content(p))
    )
    lines = content(page)
    at = next(i for i, line in enumerate(lines) if date.fullmatch(squash(line.text)))
    above = []
    for line in reversed(lines[:at]):  # the name's lines: right-aligned 2 字 from the right
        if abs(line.x1 - (RIGHT - 2 * CHAR)) > 1.5 * MM:
            break
        above.insert(0, line)
    assert above and squash(above[0].text).startswith("中共"), [
        ln.text for ln in lines[max(0, at - 3) : at + 1]
    ]
    assert abs(lines[at].x0 - (min(line.x0 for line in above) + 2 * CHAR)) <= 1.5 * MM
    assert len(above) == (2 if name == "long-signature" else 1), [line.text for line in above]


def test_attachment_starts_a_new_page_with_its_label_and_title(detailed: Rendered) -> None:
    index = next(
        i for i, page in enumerate(detailed.pages) if content(page) and content(page)[0].text == "附件"
    )
    lines = content(detailed.pages[index])
    assert abs(lines[0].x0 - LEFT) <= 1 * MM  # flush left
    title = lines[1]
    assert squash(title.text) == "2027年月度工作安排表"
    assert abs(title.y1 - (lines[0].y1 + 2 * 28.95)) <= 6  # on the third line (a 22 pt box is deeper)
    before = "".join(line.text for page in detailed.pages[index - 2 : index] for line in page.lines)
    assert "附件：2027年月度工作安排表" in squash(before)


def test_table_is_compact_and_repeats_its_header(detailed: Rendered) -> None:
    months = [
        i
        for i, page in enumerate(detailed.pages)
        if any(re.fullmatch(r"\d+月", squash(ln.text)) for ln in page.lines)
    ]
    assert len(months) >= 2, "the test table should run over a page break"
    for index in months:  # pdftotext gives each cell its own line
        cells = [squash(line.text) for line in detailed.pages[index].lines]
        assert {"月份", "周次", "工作内容"} <= set(cells), f"header row missing on page {index + 1}"
    lines = detailed.pages[months[1]].lines
    ends = [line for line in lines if squash(line.text) == "安排"]
    wrapped = [
        (max((a for a in lines if a.y1 < end.y1 and abs(a.x0 - end.x0) < 1), key=lambda a: a.y1), end)
        for end in ends
    ]
    assert wrapped, "the long cells wrap onto a second line"
    assert all(b.y1 - a.y1 < 20 for a, b in wrapped)  # single spacing, not the body's 28.95 pt


# --- fonts, styles and reading back ----------------------------------------------------------------


def test_stand_in_fonts_are_embedded(detailed: Rendered) -> None:
    fonts = subprocess.run(["pdffonts", str(detailed.pdf)], capture_output=True, text=True, check=True).stdout
    for family in ("FandolFang", "FandolSong", "GBZenKai", "NotoSansCJK", "NotoSerifCJK", "LiberationSerif"):
        assert family in fonts, (family, fonts)


def test_pandoc_reads_the_heading_levels(detailed: Rendered) -> None:
    import pypandoc

    markdown = pypandoc.convert_file(str(detailed.docx), "gfm", format="docx")
    levels = [len(m[1]) for m in re.finditer(r"^(#+) ", markdown, flags=re.M)]
    assert levels == [h.level for h in detailed.doc.headings()]  # titles are metadata for pandoc


def test_every_chinese_run_has_an_east_asian_font_and_no_theme_fonts(detailed: Rendered) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(detailed.docx))
    styles = {style.style_id: style for style in document.styles}

    def east_asian(run, paragraph) -> str | None:
        fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
        style = styles.get(paragraph.style.style_id)
        while style is not None:
            rfonts = style.element.rPr.rFonts if style.element.rPr is not None else None
            if rfonts is not None and rfonts.get(qn("w:eastAsia")):
                return rfonts.get(qn("w:eastAsia"))
            style = style.base_style
        return None

    checked = 0
    paragraphs = list(document.paragraphs) + [
        p for t in document.tables for c in t._cells for p in c.paragraphs
    ]
    for paragraph in paragraphs:
        for run in paragraph.runs:
            if any(not c.isascii() for c in run.text):
                assert east_asian(run, paragraph) in {
                    "仿宋_GB2312",
                    "楷体_GB2312",
                    "黑体",
                    "方正小标宋简体",
                }, run.text
                checked += 1
    assert checked > 100
    for part in ("word/styles.xml", "word/document.xml", "word/settings.xml"):
        assert not re.search(r"\w*[Tt]heme\w*=", detailed.part(part)), part
    settings = detailed.part("word/settings.xml")
    assert "<w:evenAndOddHeaders/>" in settings and 'w:eastAsia="zh-CN"' in settings


def test_font_table_guides_word_to_the_right_stand_in(detailed: Rendered) -> None:
    table = detailed.part("word/fontTable.xml")
    for name, alt in (
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("方正小标宋简体", "宋体"),
        ("黑体", "SimHei"),
    ):
        entry = re.search(rf'<w:font w:name="{name}">(.*?)</w:font>', table).group(1)
        assert f'<w:altName w:val="{alt}"/>' in entry
        for element in ("panose1", "charset", "family", "pitch", "sig"):
            assert f"<w:{element} " in entry, (name, element)
        assert '<w:charset w:val="86"/>' in entry  # GB2312


def test_headings_use_word_heading_styles_and_table_captions_their_own(detailed: Rendered) -> None:
    import docx

    document = docx.Document(str(detailed.docx))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [(f"Heading {h.level}", h.label) for h in detailed.doc.headings()]
    assert "w:numPr" not in detailed.part("word/document.xml")
    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    tables = [n for n in detailed.doc.body if isinstance(n, Table) and n.caption]
    assert [p.text for p in captions] == [t.caption for t in tables] and captions
    assert [p.text for p in document.paragraphs if p.style.name == "TOC Heading"] == ["目　录"]
    sections = document.sections
    assert len(sections) == 2  # the contents, then the body numbered from 1
    assert not sections[0].footer.paragraphs or not sections[0].footer.paragraphs[0].text
    for section in sections:
        assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.2)
        margins = (
            section.top_margin.mm,
            section.bottom_margin.mm,
            section.left_margin.mm,
            section.right_margin.mm,
        )
        assert margins == pytest.approx((37, 35, 28, 26), abs=0.1)


def test_document_properties(detailed: Rendered) -> None:
    import datetime as dt

    import docx

    properties = docx.Document(str(detailed.docx)).core_properties
    assert properties.title == detailed.doc.title
    assert properties.author == LONG_NAME
    assert properties.language == "zh-CN"
    created = properties.created.replace(tzinfo=dt.UTC)
    assert abs((created - dt.datetime.now(dt.UTC)).total_seconds()) < 3600  # the build, not the plan's date
    assert properties.modified == properties.created
    app = detailed.part("docProps/app.xml")
    pages = int(re.search(r"<Pages>(\d+)</Pages>", app).group(1))
    assert pages == len(detailed.pages)  # the layout model: contents and body
    assert int(re.search(r"<Characters>(\d+)</Characters>", app).group(1)) > 5000
    for element in ("Application", "Template", "DocSecurity", "Words", "Lines", "Paragraphs"):
        assert f"<{element}>" in app


def test_run_in_items_are_not_headings(detailed: Rendered) -> None:
    run_in = [n for n in detailed.doc.body if isinstance(n, RunIn)]
    assert run_in
    text = " ".join(line.text for page in detailed.pages for line in page.lines)
    assert squash(run_in[0].label) in squash(text)
    assert not any(isinstance(n, Heading) and n.text == run_in[0].text for n in detailed.doc.body)
