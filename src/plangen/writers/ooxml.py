"""The parts of a GB/T 9704 DOCX package that do not depend on the plan: styles, settings, fonts,
footers, relationships. Written as our own XML, built once per option set and kept as a zip.

Why not python-docx's default template: it is Letter-sized, full of theme-font attributes, blue
bold headings, 10 pt after every paragraph and an en-US/ja-JP language setup — more to undo than to
write. Owning every byte here means nothing inherited can override the layout, and the per-plan
cost is only ``word/document.xml`` (python-docx remains the tool the tests use to read files back).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

# Page geometry (twips) — GB/T 9704-2012: A4, 37/35/28/26 mm margins, 22 lines of 28.95 pt.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1588, 1474
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 8844
LINE = 579  # exact line pitch: 225 mm / 22
CHAR = 315  # one 字 of body text: 16 pt glyph − 0.25 pt character spacing
CHAR_SPACING = -5  # twentieths of a point, on body runs
FOOTER_DISTANCE = 1431  # puts the page number's dashes 7.0 mm under the text area (measured in LibreOffice)
FOOTER_INDENT = 280  # 1 字 at 14 pt

# overflowPunct: LibreOffice's DOCX import reads w:val="1" as *no* hanging punctuation (and ignores
# autoSpaceDE/DN: it always puts 1/5 em between Chinese and Latin text, as Word does by default), so
# "1" keeps every line inside the 28-字 measure where the layout is checked.
FANGSONG, KAITI, HEITI, SONGTI, TITLE_FONT = "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体", "方正小标宋简体"
# Where Word does not have a font, it uses the alternate name (Windows ships 仿宋, 楷体, 宋体).
ALT_NAMES = {FANGSONG: "仿宋", KAITI: "楷体", TITLE_FONT: "宋体", HEITI: "SimHei", SONGTI: "SimSun"}


@dataclass(frozen=True)
class DocxOptions:
    """Choices a user may make about the DOCX (everything else is fixed by GB/T 9704)."""

    toc: bool = True
    toc_levels: int = 2
    bold_level3: bool = False
    latin_font: str = "Times New Roman"  # "" keeps digits and Latin letters in the Chinese font


def fonts(east: str, options: DocxOptions) -> str:
    """``w:rFonts`` with the Chinese font in the eastAsia slot and the hint that selects it."""
    latin = options.latin_font or east
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}" w:hint="eastAsia"/>'


def _paragraph_style(
    style_id: str, name: str, ppr: str, rpr: str, based: str = "Normal", extra: str = ""
) -> str:
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>{based_on}{extra}'
        f"<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def styles_xml(options: DocxOptions) -> str:
    plain = '<w:b w:val="0"/><w:bCs w:val="0"/><w:i w:val="0"/><w:color w:val="000000"/>'
    no_indent = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
    headings = []
    for level, east in enumerate((HEITI, KAITI, FANGSONG, FANGSONG), start=1):
        bold = "<w:b/><w:bCs/>" if level == 3 and options.bold_level3 else plain
        headings.append(
            _paragraph_style(
                f"Heading{level}",
                f"heading {level}",
                f'<w:keepNext/><w:outlineLvl w:val="{level - 1}"/>',
                fonts(east, options) + bold + '<w:sz w:val="32"/><w:szCs w:val="32"/>',
                extra='<w:next w:val="Normal"/>',
            )
        )
    toc_tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{CHAR * 28}"/></w:tabs>'
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
<w:docDefaults>
<w:rPrDefault><w:rPr>{fonts(FANGSONG, options)}<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="1"/><w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="1"/><w:ind w:firstLine="{CHAR * 2}" w:firstLineChars="200"/></w:pPr><w:rPr>{fonts(FANGSONG, options)}<w:color w:val="000000"/><w:spacing w:val="{CHAR_SPACING}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
{"".join(headings)}
{_paragraph_style("Title", "Title", f'<w:snapToGrid w:val="0"/>{no_indent}<w:jc w:val="center"/>', fonts(TITLE_FONT, options) + plain + '<w:spacing w:val="0"/><w:sz w:val="44"/><w:szCs w:val="44"/>', extra='<w:next w:val="Normal"/>')}
{_paragraph_style("TOCHeading", "TOC Heading", f'{no_indent}<w:jc w:val="center"/>', fonts(HEITI, options) + plain)}
{_paragraph_style("TOC1", "toc 1", f"{toc_tab}{no_indent}", plain, extra='<w:next w:val="Normal"/>')}
{_paragraph_style("TOC2", "toc 2", f'{toc_tab}<w:ind w:left="{CHAR * 2}" w:leftChars="200" w:firstLine="0" w:firstLineChars="0"/>', plain, extra='<w:next w:val="Normal"/>')}
{_paragraph_style("Signature", "Signature", f'{no_indent}<w:jc w:val="right"/>', plain)}
{_paragraph_style("AttachmentLabel", "Attachment Label", f'{no_indent}<w:jc w:val="left"/>', fonts(HEITI, options) + plain)}
{_paragraph_style("Footer", "footer", '<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>' + no_indent, f'<w:rFonts w:ascii="{SONGTI}" w:hAnsi="{SONGTI}" w:eastAsia="{SONGTI}" w:cs="{SONGTI}" w:hint="eastAsia"/>{plain}<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>')}
{_paragraph_style("TableText", "Table Text", '<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>' + no_indent + '<w:jc w:val="left"/>', fonts(FANGSONG, options) + plain + '<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>')}
{_paragraph_style("TableHeader", "Table Header", '<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>' + no_indent + '<w:jc w:val="center"/>', fonts(HEITI, options) + plain + '<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>')}
<w:style w:type="table" w:styleId="PlanTable"><w:name w:val="Plan Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"""


SETTINGS_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {NS}>
<w:zoom w:percent="100"/>
<w:defaultTabStop w:val="{CHAR * 2}"/>
<w:evenAndOddHeaders/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:updateFields w:val="true"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>
<w:decimalSymbol w:val="."/>
<w:listSeparator w:val=","/>
</w:settings>"""


def font_table_xml(options: DocxOptions) -> str:
    names = [
        FANGSONG,
        KAITI,
        HEITI,
        SONGTI,
        TITLE_FONT,
        *([options.latin_font] if options.latin_font else []),
    ]
    entries = []
    for name in dict.fromkeys(names):
        alt = f'<w:altName w:val="{ALT_NAMES[name]}"/>' if name in ALT_NAMES else ""
        charset = '<w:charset w:val="86"/>' if name in ALT_NAMES else '<w:charset w:val="00"/>'
        entries.append(
            f'<w:font w:name="{name}">{alt}{charset}<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {NS}>{"".join(entries)}</w:fonts>'
    )


def footer_xml(odd: bool) -> str:
    """Page number “— N —” in 宋体 14 pt: odd pages right, even pages left, 1 字 in from the text edge."""
    place = (
        f'<w:ind w:right="{FOOTER_INDENT}"/><w:jc w:val="right"/>'
        if odd
        else (f'<w:ind w:left="{FOOTER_INDENT}"/><w:jc w:val="left"/>')
    )

    def run(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    field = (
        run('<w:fldChar w:fldCharType="begin"/>')
        + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>')
        + run("<w:t>1</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>')
    )
    left = run('<w:t xml:space="preserve">— </w:t>')
    right = run('<w:t xml:space="preserve"> —</w:t>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NS}><w:p><w:pPr><w:pStyle w:val="Footer"/>'
        f"{place}</w:pPr>{left}{field}{right}</w:p></w:ftr>"
    )


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>
</Relationships>"""

APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>plangen</Application></Properties>"""

SECTION = (
    '<w:sectPr><w:footerReference w:type="even" r:id="rId5"/><w:footerReference w:type="default" r:id="rId4"/>'
    f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
    f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" '
    f'w:header="851" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
    f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr>'
)


def core_xml(title: str, author: str, created: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy><dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
        "</cp:coreProperties>"
    )


@lru_cache(maxsize=8)
def package(options: DocxOptions) -> bytes:
    """A zip with every part but word/document.xml and docProps/core.xml, for this option set."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/styles.xml", styles_xml(options))
        archive.writestr("word/settings.xml", SETTINGS_XML)
        archive.writestr("word/fontTable.xml", font_table_xml(options))
        archive.writestr("word/footer1.xml", footer_xml(odd=True))
        archive.writestr("word/footer2.xml", footer_xml(odd=False))
        archive.writestr("docProps/app.xml", APP_XML)
    return buffer.getvalue()
