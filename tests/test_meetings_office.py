"""Meeting papers opened in a real client (issue 28): LibreOffice lays out the Word files as users
get them (only the copy it reads is adapted, as for plans) and the PDFs are read back: every form —
sign-in sheet, record, outline, appraisal form — fills exactly one page, within the margins; a text
paper's signature never stands alone; and the record book's contents give the pages the records
are printed on. A branch of 50 signs and is appraised on one page too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, require_libreoffice, run_cli

from plangen import office
from plangen.layout import wrap_title

MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, (210 - 26) * MM, 37 * MM, (297 - 35) * MM
FORMS = ("签到表", "记录", "记录（续）", "提纲", "测评表")
TEXTS = ("的通知", "活动方案", "议程", "程序")


@dataclass
class Rendered:
    docx: Path
    pages: list[office.Page]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    require_libreoffice(pdftotext=True)
    folder = tmp_path_factory.mktemp("meetings")
    env = {"PLANGEN_OFFICE": "0"}
    example = REPO / "examples" / "hospital-branch.yaml"
    result = run_cli(["meetings", str(example), "-o", str(folder / "year"), "--members",
                      str(REPO / "examples" / "members.csv"), "--combine", "记录本"], folder, env)  # fmt: skip
    assert result.code == 0, result.err
    chosen = {p.stem.split(" ", 1)[-1]: p for p in sorted((folder / "year").glob("*.docx"))}  # one of a name
    big = folder / "big.csv"
    big.write_text("姓名,党小组,类别\n" + "".join(f"党员{n:02d},第{n % 3 + 1}党小组,正式\n" for n in range(1, 51)),
                   encoding="utf-8")  # fmt: skip
    result = run_cli(["meetings", str(example), "-o", str(folder / "big"), "--members", str(big), "-k",
                      "民主评议党员,支部党员大会", "--to", "3月", "--set", "org.members=50"], folder, env)  # fmt: skip
    assert result.code == 0, result.err
    for path in (folder / "big").glob("*.docx"):
        chosen["50 " + path.stem.split(" ", 1)[-1]] = path
    unset = run_cli(["meetings", str(example), "-o", str(folder / "unset"), "-k", "支委会,党小组会", "--to", "1月",
                     "--set", "org.members=7"], folder, env)  # fmt: skip
    assert unset.code == 0, unset.err
    for path in (folder / "unset").glob("*.docx"):
        chosen["unset " + path.stem.split(" ", 1)[-1]] = path
    copies = folder / "copies"
    copies.mkdir()
    names = {}
    for number, (name, path) in enumerate(sorted(chosen.items())):
        (copies / f"{number:03d}.docx").write_bytes(office.for_libreoffice(path.read_bytes()))
        names[f"{number:03d}"] = name
    pdfs = office.settled(sorted(copies.glob("*.docx")), folder)
    return {names[pdf.stem]: Rendered(chosen[names[pdf.stem]], office.read_pdf(pdf)) for pdf in pdfs}


def _content(page: office.Page) -> list[office.Line]:
    """The page's lines but its number."""
    return [line for line in page.lines if not office._PAGE_NUMBER.match(line.text.strip())]


def _titles(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Title"]


def test_every_form_fills_one_page_and_every_sheet_starts_one(rendered: dict[str, Rendered]) -> None:
    assert len(rendered) >= 14
    for name, item in rendered.items():
        if name == "记录本":
            continue
        titles = _titles(item.docx)
        tops = [_content(page)[0].text.replace(" ", "") if _content(page) else "" for page in item.pages]
        starts = [tops.index(title.split("\n")[0]) for title in titles]  # each sheet's title heads a page
        assert starts == sorted(starts) and starts[0] == 0, (name, tops)
        for title, start, end in zip(titles, starts, [*starts[1:], len(tops)], strict=True):
            title = title.replace("\n", "")
            if title.endswith(FORMS):  # a form: exactly one page; the ballot of 50: both sides of one sheet
                assert end - start == (2 if name == "50 民主评议党员" and title.endswith("测评表") else 1), (
                    name,
                    tops,
                )
            else:
                assert title.endswith(TEXTS), title
                last = _content(item.pages[end - 1])
                assert len(last) > 3, (name, title)  # never a signature alone on a page


def test_every_line_stands_within_the_margins(rendered: dict[str, Rendered]) -> None:
    for name, item in rendered.items():
        for page in item.pages:
            for line in _content(page):
                assert line.x0 >= LEFT - 1 * MM and line.x1 <= RIGHT + 1 * MM, (name, line)
                assert line.y0 >= TOP - 2 * MM and line.y1 <= BOTTOM + 1 * MM, (name, line)


def test_a_branch_of_fifty_signs_and_is_appraised_on_one_page(rendered: dict[str, Rendered]) -> None:
    plenary = rendered["50 支部党员大会"]
    sign_in = next(page for page in plenary.pages if _content(page)[0].text == "支部党员大会签到表")
    assert {f"党员{n:02d}" for n in range(1, 51)} == {w for line in sign_in.lines for w in _words(line.text)}
    appraisal = rendered["50 民主评议党员"]
    form = [page for page in appraisal.pages if _content(page)[0].text == "民主评议党员测评表"]
    assert (
        len(form) == 1 and appraisal.pages[-2] is form[0]
    )  # 25 a page: the back of the sheet holds the rest
    listed = [w for page in appraisal.pages[-2:] for line in page.lines for w in _words(line.text)]
    assert sorted(listed) == [f"党员{n:02d}" for n in range(1, 51)]
    back = [line.text.replace(" ", "") for line in _content(appraisal.pages[-1])]
    assert {"姓名", "优秀", "合格", "基本合格", "不合格"} <= set(back[:8])  # the header repeated on the back


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"党员\d\d", text.replace(" ", ""))


def test_the_record_book_contents_give_the_pages_the_records_are_on(rendered: dict[str, Rendered]) -> None:
    """Each entry (“3月9日（周二）支部党员大会……29”) names the page whose footer says 29 and whose
    title is that meeting's record; every record is on two pages of its own."""
    import re

    book = rendered["记录本"]
    entries = []
    for page in book.pages:
        if office.page_number(page) is not None:
            break
        for line in page.lines:
            found = re.fullmatch(r"(\d+月\d+日（周.）)(.+?)[.…·\s]*(\d+)", line.text.replace(" ", ""))
            if found:
                entries.append((found[2], int(found[3])))
    numbered = {office.page_number(page): page for page in book.pages if office.page_number(page) is not None}
    assert len(entries) == 71 and len(numbered) == 2 * len(entries)
    for name, number in entries:
        for page, title in ((number, "记录"), (number + 1, "记录（续）")):
            first = wrap_title(f"{name.removesuffix('（线上）')}{title}")[0]
            assert _content(numbered[page])[0].text.replace(" ", "") == first, (name, number)
