"""The DOCX package without an office suite: well-formed parts, schema order, options, speed path."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest

from plangen.document import Appendix, Document, Heading, Paragraph, RunIn, Signature, Table, Volume
from plangen.layout import estimate_pages
from plangen.writers import docx
from plangen.writers.ooxml import DocxOptions, package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# ECMA-376 sequence order of the children we emit (Word rejects some files with misordered children).
ORDER = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
            "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
            "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
            "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "style": ["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
              "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
              "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
              "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
    "sectPr": ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
               "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
               "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"],
    "settings": ["writeProtection", "view", "zoom", "removePersonalInformation", "defaultTabStop", "evenAndOddHeaders",
                 "characterSpacingControl", "updateFields", "compat", "themeFontLang", "decimalSymbol",
                 "listSeparator"],
}  # fmt: skip


def sample() -> Document:
    doc = Document(
        title="内科第一党支部2027年工作计划",
        year=2027,
        org="内科第一党支部",
        date=dt.date(2027, 1, 4),
        intro=[Paragraph("导语。")],
        body=[
            Heading(1, "一、", "指导思想"),
            Paragraph("正文<&>“引号”\u0001。"),
            Heading(2, "（一）", "学习"),
            RunIn(3, "1.", "加强学习", "全年4次。"),
            Table(["收入", "比例"], [["3000元以下", "0.5%"]], caption="党费交纳比例"),
        ],
        signature=Signature("内科第一党支部", "2027年1月4日"),
        appendices=[Appendix("安排表", [Table(["月份", "内容"], [["1月", "支委会"]])])],
    )
    doc.build_toc()
    return doc


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    "options",
    [
        DocxOptions(),
        DocxOptions(toc=False),
        DocxOptions(bold_level3=True, latin_font="", toc_levels=3),
        DocxOptions(fonts="windows"),
    ],
)
def test_every_part_is_well_formed_and_in_schema_order(options: DocxOptions) -> None:
    files = parts(docx.render(sample(), options))
    assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/settings.xml", "docProps/core.xml",
            "docProps/app.xml", "word/footer1.xml", "word/footer2.xml", "word/fontTable.xml",
            "word/theme/theme1.xml"} <= set(files)  # fmt: skip
    styles = files["word/styles.xml"].decode()
    for level in range(1, options.toc_levels + 1):  # every TOC level used has its style
        assert f'w:styleId="TOC{level}"' in styles
    for name, data in files.items():
        root = ElementTree.fromstring(data)  # well-formed, and XML-invalid characters were dropped
        for element in root.iter():
            local = element.tag.removeprefix(W)
            if local in ORDER:
                children = [child.tag.removeprefix(W) for child in element]
                positions = [ORDER[local].index(c) for c in children if c in ORDER[local]]
                assert positions == sorted(positions), (name, local, children)
                assert all(c in ORDER[local] for c in children), (name, local, children)


def test_body_table_with_caption() -> None:
    document = parts(docx.render(sample()))["word/document.xml"].decode()
    assert document.count("<w:tbl>") == 2  # one in the body, one in the appendix
    assert (
        document.index("党费交纳比例") < document.index("<w:tbl>") < document.index(">附件<")
    )  # the only attachment: no number


def test_text_is_escaped_and_control_characters_dropped() -> None:
    document = parts(docx.render(sample()))["word/document.xml"].decode()
    texts = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", document))
    assert "正文&lt;&amp;&gt;“引号”。" in texts


def test_shared_marks_are_set_in_the_chinese_font_in_every_slot() -> None:
    """“”…— are full width in Word (the eastAsia hint); LibreOffice would set them in the Latin font
    next to digits: their runs name the Chinese font for every script, so both set them full width."""
    doc = sample()
    doc.intro = [Paragraph("完成“2027”项目…")]
    document = parts(docx.render(doc))["word/document.xml"].decode()
    runs = re.findall(r"<w:r><w:rPr><w:rFonts ([^/]*)/>.*?<w:t[^>]*>([^<]*)</w:t></w:r>", document)
    marks = {text: fonts for fonts, text in runs if text in ("“", "”", "…")}
    assert set(marks) == {"“", "”", "…"}
    for fonts in marks.values():
        assert 'w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312"' in fonts
    assert any(text == "2027" and 'w:ascii="Times New Roman"' in fonts for fonts, text in runs)


def test_the_static_parts_are_built_once_and_reused() -> None:
    options = DocxOptions()
    assert package(options) is package(options)
    moment = dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.UTC)
    one = docx.render(sample(), options, created=moment)
    two = docx.render(sample(), options, created=moment)
    assert one == two  # deterministic: same IR and build time, same bytes
    core = parts(one)["docProps/core.xml"].decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-24T08:30:00Z</dcterms:created>' in core


def test_source_date_epoch_fixes_the_build_time() -> None:
    from plangen.pipeline import build_time

    assert build_time({"SOURCE_DATE_EPOCH": "1795480000"}) == dt.datetime.fromtimestamp(1795480000, dt.UTC)
    assert abs((build_time({"SOURCE_DATE_EPOCH": "x"}) - dt.datetime.now(dt.UTC)).total_seconds()) < 60


def test_word_is_never_asked_to_update_fields() -> None:
    def settings(**kwargs) -> str:
        return parts(docx.render(sample(), **kwargs))["word/settings.xml"].decode()

    assert "updateFields" not in settings()  # the model's pages are the pages
    assert "updateFields" not in settings(options=DocxOptions(toc=False))
    volume = docx.render_volume(Volume("汇编", "某党委", "2027年1月", [sample(), sample()]))
    assert "updateFields" not in parts(volume)["word/settings.xml"].decode()


def test_no_pair_kerning_so_every_character_takes_its_advance_width() -> None:
    styles = parts(docx.render(sample()))["word/styles.xml"].decode()
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles).group(0)
    assert '<w:kern w:val="0"/>' in defaults
    assert re.findall(r'<w:kern w:val="(\d+)"/>', styles) == ["0"]


def test_every_paragraph_style_states_the_space_between_chinese_and_latin() -> None:
    """Word applies autoSpaceDE/DN when absent, LibreOffice always: stated, so neither decides."""
    styles = parts(docx.render(sample()))["word/styles.xml"].decode()
    paragraph_styles = re.findall(r'<w:style w:type="paragraph".*?</w:style>', styles)
    assert len(paragraph_styles) >= 10
    for style in [*paragraph_styles, re.search(r"<w:pPrDefault>.*?</w:pPrDefault>", styles).group(0)]:
        assert '<w:autoSpaceDE w:val="1"/><w:autoSpaceDN w:val="1"/>' in style, style[:80]


def test_table_rows_are_whole_body_lines_at_an_exact_pitch() -> None:
    """Row heights that do not depend on the font: exact 19.3 pt text lines, rows at least a whole
    number of 28.95 pt lines (the header 1/2 pt less, for the table's outer rule)."""
    doc = sample()
    doc.appendices = [Appendix("安排表", [Table(["月份", "内容"], [["1月", "学习" * 40], ["2月", "学习"]])])]
    package = parts(docx.render(doc))
    styles = package["word/styles.xml"].decode()
    for style in ("TableText", "TableHeader"):
        found = re.search(rf'w:styleId="{style}".*?</w:style>', styles).group(0)
        assert '<w:spacing w:line="386" w:lineRule="exact"/>' in found
    heights = re.findall(
        r'<w:trHeight w:val="(\d+)" w:hRule="atLeast"/>', package["word/document.xml"].decode()
    )
    assert heights[-3:] == ["569", "2895", "579"]  # header: 1 line less the rule; 80 字 in 6 lines: 5


def test_contents_in_a_section_of_their_own_and_the_body_numbered_from_1() -> None:
    document = parts(docx.render(sample()))["word/document.xml"].decode()
    first, body = re.findall(r"<w:sectPr>.*?</w:sectPr>", document)
    assert "footerReference" not in first  # the contents carry no page number
    assert '<w:pgNumType w:start="1"/>' in body and '<w:type w:val="nextPage"/>' in body
    assert document.index("目　录") < document.index(first) < document.index("内科第一党支部2027年工作计划")
    without = parts(docx.render(sample(), DocxOptions(toc=False)))["word/document.xml"].decode()
    assert without.count("<w:sectPr>") == 1 and "目　录" not in without


def test_a_quote_in_a_font_name_cannot_break_the_package() -> None:
    hostile = 'Evil" w:eastAsia="x"/><w:b/><w:rFonts w:ascii="y'
    for name, data in parts(docx.render(sample(), DocxOptions(latin_font=hostile))).items():
        root = ElementTree.fromstring(data)  # still well-formed
        if name == "word/styles.xml":
            fonts = root.find(f".//{W}rFonts")
            assert fonts.get(f"{W}ascii") == hostile  # the value came through as text
    from pydantic import ValidationError

    from plangen.schema.models import DocxSettings

    with pytest.raises(ValidationError):
        DocxSettings(latin_font=hostile)  # and a spec cannot even say it


def test_options_change_the_document() -> None:
    assert "TOC \\o" not in parts(docx.render(sample(), DocxOptions(toc=False)))["word/document.xml"].decode()
    styles = parts(docx.render(sample(), DocxOptions(bold_level3=True)))["word/styles.xml"].decode()
    heading3 = re.search(r'<w:style w:type="paragraph" w:styleId="Heading3">.*?</w:style>', styles).group()
    assert "<w:b/>" in heading3
    cjk_digits = parts(docx.render(sample(), DocxOptions(latin_font="")))["word/styles.xml"].decode()
    assert "Times New Roman" not in cjk_digits


def test_toc_uses_the_given_pages() -> None:
    doc = sample()
    document = parts(docx.render(doc, DocxOptions(), {0: 7, 2: 9}))["word/document.xml"].decode()
    numbers = re.findall(r"PAGEREF _Toc(\d+).*?<w:t xml:space=\"preserve\">(\d+)</w:t>", document)
    assert numbers == [("000000", "7"), ("000002", "9")]
    assert estimate_pages(doc) == {0: 1, 2: 1}  # the body is numbered from 1, whatever the TOC's length
