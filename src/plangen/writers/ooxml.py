"""The parts of a GB/T 9704 DOCX package that do not depend on the plan's text: styles, settings,
fonts, theme, footers, relationships. Written as our own XML, built once per option set.

Why not python-docx's default template: it is Letter-sized, full of theme-font attributes, blue
bold headings, 10 pt after every paragraph and an en-US/ja-JP language setup — more to undo than to
write. Owning every byte here means nothing inherited can override the layout, and the per-plan
cost is only ``word/document.xml`` and the two property parts.

Settings are written with ISO/IEC 29500 semantics, i.e. as Word and WPS read them. Where
LibreOffice reads one differently, :func:`plangen.office.for_libreoffice` adapts the copy it is
given; the file users receive is never tuned to LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

from ..layout import (  # the page geometry is the layout model's: one definition
    CELL_LINE,
    CELL_MARGIN_H,
    CELL_MARGIN_V,
    CHAR,
    CHAR_SPACING,
    LINE,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_H,
    PAGE_W,
    TEXT_W,
)
from .fontset import FONT_INFO, FONT_SETS, FontSet

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

FOOTER_DISTANCE = 1431  # puts the page number's dashes 7.0 mm under the text area (measured)
FOOTER_INDENT = 280  # 1 字 at 14 pt

# w:overflowPunct (ISO/IEC 29500-1 §17.3.1.21): true or absent lets punctuation hang in the right
# margin. "0" keeps every line inside the 28-字 measure in Word and WPS. LibreOffice's DOCX import
# reads the value inverted (writerfilter DomainMapper: ParaIsHangingPunctuation = (val == 0)), so
# the copy rendered there is adapted by office.for_libreoffice — never this file.
OVERFLOW_PUNCT = "0"


def escape(value: str) -> str:
    """*value* escaped for XML character data. (xml.sax.saxutils would do, but importing it pulls in
    urllib and http.client: 25 ms of every build.)"""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """*value* escaped for a double-quoted XML attribute: the one way data reaches an attribute."""
    escaped = escape(value).replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


@dataclass(frozen=True)
class DocxOptions:
    """Choices a user may make about the DOCX (everything else is fixed by GB/T 9704)."""

    toc: bool = True
    toc_levels: int = 2
    bold_level3: bool = False
    latin_font: str = "Times New Roman"  # "" keeps digits and Latin letters in the Chinese font
    fonts: str = "standard"  # standard | windows (see fontset.py)

    @property
    def fontset(self) -> FontSet:
        return FONT_SETS[self.fonts]


@lru_cache(maxsize=64)
def fonts(east: str, options: DocxOptions) -> str:
    """``w:rFonts`` with the Chinese font in the eastAsia slot and the hint that selects it."""
    latin = attr(options.latin_font or east)
    east = attr(east)
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}" w:hint="eastAsia"/>'


# w:autoSpaceDE/DN (ISO/IEC 29500-1 §17.3.1.2–3): the space Word puts between Chinese and Latin
# letters or digits. Absent means on in Word, and LibreOffice applies the space whatever the value;
# stating it on in every paragraph style leaves nothing for Word, WPS or LibreOffice to decide
# differently, and the layout model counts it (layout.AUTOSPACE).
AUTO_SPACE = '<w:autoSpaceDE w:val="1"/><w:autoSpaceDN w:val="1"/>'
# CT_PPrBase's sequence: autoSpaceDE/DN come after these and before everything else we write
_BEFORE_AUTO_SPACE = ("keepNext", "keepLines", "pageBreakBefore", "widowControl", "tabs", "overflowPunct")


def with_auto_space(ppr: str) -> str:
    """*ppr* with :data:`AUTO_SPACE` in its schema position."""
    position = 0
    for element in re.finditer(r"<w:(\w+)\b[^>]*?(?:/>|>.*?</w:\1>)", ppr):
        if element.group(1) not in _BEFORE_AUTO_SPACE:
            break
        position = element.end()
    return ppr[:position] + AUTO_SPACE + ppr[position:]


def _paragraph_style(
    style_id: str, name: str, ppr: str, rpr: str, based: str = "Normal", extra: str = ""
) -> str:
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>{based_on}{extra}'
        f"<w:qFormat/><w:pPr>{with_auto_space(ppr)}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


PLAIN = '<w:b w:val="0"/><w:bCs w:val="0"/><w:i w:val="0"/><w:color w:val="000000"/>'
BOLD = '<w:b/><w:bCs/><w:i w:val="0"/><w:color w:val="000000"/>'
NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
SIZE_16 = '<w:sz w:val="32"/><w:szCs w:val="32"/>'
SIZE_14 = '<w:sz w:val="28"/><w:szCs w:val="28"/>'
SIZE_22 = '<w:sz w:val="44"/><w:szCs w:val="44"/>'
COMPACT = '<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>'  # footers
CELL = f'<w:snapToGrid w:val="0"/><w:spacing w:line="{CELL_LINE}" w:lineRule="exact"/>'  # table text


# No pair kerning (w:kern 0): Times New Roman and its stand-ins kern “11” and the like by different
# tables, so a line of digits would break where one application's kerning lets it; without kerning
# every character takes its advance width, the one the layout model counts.


def styles_xml(options: DocxOptions) -> str:
    font = options.fontset
    headings = []
    for level, east in enumerate((font.level1, font.level2, font.body, font.body), start=1):
        weight = BOLD if level == 3 and options.bold_level3 else PLAIN
        headings.append(
            _paragraph_style(
                f"Heading{level}",
                f"heading {level}",
                f'<w:keepNext/><w:outlineLvl w:val="{level - 1}"/>',
                fonts(east, options) + weight + SIZE_16,
                extra='<w:next w:val="Normal"/>',
            )
        )
    tocs = []
    for level in range(1, 5):
        indent = (level - 1) * 2
        ind = f'<w:ind w:left="{CHAR * indent}" w:leftChars="{indent * 100}" w:firstLine="0" w:firstLineChars="0"/>'
        tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
        tocs.append(
            _paragraph_style(
                f"TOC{level}", f"toc {level}", tab + ind, PLAIN, extra='<w:next w:val="Normal"/>'
            )
        )
    title_weight = BOLD if font.title_bold else PLAIN
    compact_text = fonts(font.body, options) + PLAIN + '<w:spacing w:val="0"/>' + SIZE_14
    compact_head = fonts(font.level1, options) + PLAIN + '<w:spacing w:val="0"/>' + SIZE_14
    page_font = attr(font.page_number)
    para_defaults = (
        f'<w:widowControl w:val="0"/><w:overflowPunct w:val="{OVERFLOW_PUNCT}"/>{AUTO_SPACE}'
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/><w:jc w:val="both"/>'
    )
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
<w:docDefaults>
<w:rPrDefault><w:rPr>{fonts(font.body, options)}<w:kern w:val="0"/>{SIZE_16}<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr>{para_defaults}</w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="{OVERFLOW_PUNCT}"/>{AUTO_SPACE}<w:ind w:firstLine="{CHAR * 2}" w:firstLineChars="200"/></w:pPr><w:rPr>{fonts(font.body, options)}<w:color w:val="000000"/><w:spacing w:val="{CHAR_SPACING}"/>{SIZE_16}</w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
{"".join(headings)}
{_paragraph_style("Title", "Title", f'<w:snapToGrid w:val="0"/>{NO_INDENT}<w:jc w:val="center"/>', fonts(font.title, options) + title_weight + '<w:spacing w:val="0"/>' + SIZE_22, extra='<w:next w:val="Normal"/>')}
{_paragraph_style("TOCHeading", "TOC Heading", f'{NO_INDENT}<w:jc w:val="center"/>', fonts(font.level1, options) + PLAIN, extra='<w:next w:val="Normal"/>')}
{"".join(tocs)}
{_paragraph_style("Caption", "caption", f'<w:keepNext/>{NO_INDENT}<w:jc w:val="center"/>', fonts(font.level1, options) + PLAIN + SIZE_16, extra='<w:next w:val="Normal"/>')}
{_paragraph_style("Signature", "Signature", f'{NO_INDENT}<w:jc w:val="right"/>', PLAIN)}
{_paragraph_style("AttachmentLabel", "Attachment Label", f'{NO_INDENT}<w:jc w:val="left"/>', fonts(font.level1, options) + PLAIN)}
{_paragraph_style("Footer", "footer", COMPACT + NO_INDENT, f'<w:rFonts w:ascii="{page_font}" w:hAnsi="{page_font}" w:eastAsia="{page_font}" w:cs="{page_font}" w:hint="eastAsia"/>{PLAIN}<w:spacing w:val="0"/>{SIZE_14}')}
{_paragraph_style("TableText", "Table Text", CELL + NO_INDENT + '<w:jc w:val="left"/>', compact_text)}
{_paragraph_style("TableHeader", "Table Header", "<w:keepNext/>" + CELL + NO_INDENT + '<w:jc w:val="center"/>', compact_head)}
<w:style w:type="table" w:styleId="PlanTable"><w:name w:val="Plan Table"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblCellMar><w:top w:w="{CELL_MARGIN_V}" w:type="dxa"/><w:left w:w="{CELL_MARGIN_H}" w:type="dxa"/><w:bottom w:w="{CELL_MARGIN_V}" w:type="dxa"/><w:right w:w="{CELL_MARGIN_H}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>"""


def settings_xml() -> str:
    """Document settings. Never ``updateFields``: it makes Word ask on every open whether to update
    fields (WPS ignores it, Protected View blocks it), and the contents' pages need no update — the
    layout model sets them as Word will."""
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {NS}>
<w:zoom w:percent="100"/>
<w:defaultTabStop w:val="{CHAR * 2}"/>
<w:evenAndOddHeaders/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>
<w:decimalSymbol w:val="."/>
<w:listSeparator w:val=","/>
</w:settings>"""


def font_table_xml(options: DocxOptions) -> str:
    names = [*options.fontset.names(), *([options.latin_font] if options.latin_font else [])]
    entries = []
    for name in dict.fromkeys(names):
        info = FONT_INFO.get(name)
        if info is None:  # a Latin font the user chose: what we know is that it is a Latin font
            entries.append(
                f'<w:font w:name="{attr(name)}"><w:charset w:val="00"/><w:family w:val="auto"/>'
                '<w:pitch w:val="variable"/></w:font>'
            )
            continue
        alt = f'<w:altName w:val="{attr(info.alt)}"/>' if info.alt else ""
        usb0, usb1, usb2, usb3, csb0, csb1 = info.sig
        entries.append(
            f'<w:font w:name="{attr(name)}">{alt}<w:panose1 w:val="{info.panose}"/>'
            f'<w:charset w:val="{info.charset}"/><w:family w:val="{info.family}"/>'
            f'<w:pitch w:val="{info.pitch}"/><w:sig w:usb0="{usb0}" w:usb1="{usb1}" w:usb2="{usb2}" '
            f'w:usb3="{usb3}" w:csb0="{csb0}" w:csb1="{csb1}"/></w:font>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {NS}>{"".join(entries)}</w:fonts>'
    )


def footer_xml(odd: bool) -> str:
    """Page number “— N —” in 宋体 14 pt: odd pages right, even pages left, 1 字 in from the text edge."""
    place = (
        f'<w:ind w:right="{FOOTER_INDENT}"/><w:jc w:val="right"/>'
        if odd
        else f'<w:ind w:left="{FOOTER_INDENT}"/><w:jc w:val="left"/>'
    )

    def run(inner: str) -> str:
        return f'<w:r><w:rPr><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr>{inner}</w:r>'

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


def theme_xml(font: FontSet) -> str:
    """A minimal DrawingML theme. Validators require the part; no run refers to its fonts (every
    run names its own), so it only decides what Word offers as "theme fonts" in its menus."""
    colors = {
        "dk1": '<a:sysClr val="windowText" lastClr="000000"/>',
        "lt1": '<a:sysClr val="window" lastClr="FFFFFF"/>',
        "dk2": '<a:srgbClr val="44546A"/>',
        "lt2": '<a:srgbClr val="E7E6E6"/>',
        "accent1": '<a:srgbClr val="4472C4"/>',
        "accent2": '<a:srgbClr val="ED7D31"/>',
        "accent3": '<a:srgbClr val="A5A5A5"/>',
        "accent4": '<a:srgbClr val="FFC000"/>',
        "accent5": '<a:srgbClr val="5B9BD5"/>',
        "accent6": '<a:srgbClr val="70AD47"/>',
        "hlink": '<a:srgbClr val="0563C1"/>',
        "folHlink": '<a:srgbClr val="954F72"/>',
    }
    scheme = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in colors.items())
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525" cap="flat" cmpd="sng" algn="ctr">{solid}<a:prstDash val="solid"/></a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"

    def face(latin: str, east: str) -> str:
        return f'<a:latin typeface="{attr(latin)}"/><a:ea typeface="{attr(east)}"/><a:cs typeface=""/>'

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="plangen">'
        f'<a:themeElements><a:clrScheme name="plangen">{scheme}</a:clrScheme>'
        '<a:fontScheme name="plangen">'
        f"<a:majorFont>{face('Times New Roman', font.level1)}</a:majorFont>"
        f"<a:minorFont>{face('Times New Roman', font.body)}</a:minorFont></a:fontScheme>"
        f'<a:fmtScheme name="plangen"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst><a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"
        "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
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
<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>
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
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>
</Relationships>"""

_PAGE = (
    f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
    f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" '
    f'w:header="851" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
)
_GRID = f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE}"/>'

# The table of contents stands in a section of its own, without page numbers.
CONTENTS_SECTION = f'<w:sectPr><w:type w:val="nextPage"/>{_PAGE}{_GRID}</w:sectPr>'


# The body: page numbers “— N —”, starting at 1 on a new page. Word takes odd and even from the
# number (MS-OI29500 §2.1.293: the pgNumType start of the section), so page 1 gets the odd-page
# footer whatever sheet it is printed on; LibreOffice inserts a blank page instead, which the PDF
# export skips (office.PDF_FILTER).
def numbered_section(start: str = "nextPage", restart: bool = True) -> str:
    """A section with page numbers: *start* nextPage or oddPage (a bound volume's later plans);
    *restart* numbers it from 1, else the numbers run on from the previous section."""
    number = '<w:pgNumType w:start="1"/>' if restart else ""
    return (
        '<w:sectPr><w:footerReference w:type="even" r:id="rId5"/><w:footerReference w:type="default" r:id="rId4"/>'
        f'<w:type w:val="{start}"/>{_PAGE}{number}{_GRID}</w:sectPr>'
    )


BODY_SECTION = numbered_section()


def footed_section(footer: str) -> str:
    """A section on a new page whose footer is the part *footer* (a relationship id): an empty one
    for a sheet without page numbers, as Word would otherwise repeat the previous section's."""
    return (
        f'<w:sectPr><w:footerReference w:type="even" r:id="{footer}"/><w:footerReference w:type="default" '
        f'r:id="{footer}"/><w:type w:val="nextPage"/>{_PAGE}{_GRID}</w:sectPr>'
    )


def w3cdtf(moment: dt.datetime) -> str:
    """A UTC time as core properties want it: 2026-11-24T08:30:00Z."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def core_xml(title: str, author: str, created: dt.datetime) -> str:
    """Title, author and the build time (not the plan's date: that is the document's own content)."""
    stamp = w3cdtf(created)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy><dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


@dataclass(frozen=True)
class Statistics:
    """What Word shows under 文件 › 信息 (it recounts on save)."""

    pages: int | None  # None: not known (a table of unknown length), left out for Word to count
    words: int
    characters: int
    characters_with_spaces: int
    lines: int
    paragraphs: int
    company: str = ""


def app_xml(stats: Statistics) -> str:
    company = f"<Company>{escape(stats.company)}</Company>" if stats.company else ""
    pages = f"<Pages>{stats.pages}</Pages>" if stats.pages is not None else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>Normal.dotm</Template><TotalTime>0</TotalTime>{pages}"
        f"<Words>{stats.words}</Words><Characters>{stats.characters}</Characters>"
        "<Application>plangen</Application><DocSecurity>0</DocSecurity>"
        f"<Lines>{stats.lines}</Lines><Paragraphs>{stats.paragraphs}</Paragraphs>"
        f"<ScaleCrop>false</ScaleCrop>{company}<LinksUpToDate>false</LinksUpToDate>"
        f"<CharactersWithSpaces>{stats.characters_with_spaces}</CharactersWithSpaces>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )


# --- the zip --------------------------------------------------------------------------------------
# Written here rather than with zipfile: a plan's own three parts are deflated and the shared parts,
# deflated once per option set, are copied as they are; zipfile would parse the shared archive again
# for every plan. Every part has the same time stamp (1980-01-01), so the same plan gives the same
# bytes on every system.

_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00
_MADE_BY = (3 << 8) | 20  # Unix, ZIP 2.0: the external attributes below are Unix permissions
_ATTRIBUTES = 0o100644 << 16


@dataclass(frozen=True)
class Part:
    name: bytes
    crc: int
    size: int
    data: bytes  # deflated

    @classmethod
    def of(cls, name: str, text: str, level: int = 6) -> Part:
        raw = text.encode("utf-8")
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(name.encode("ascii"), zlib.crc32(raw), len(raw), packer.compress(raw) + packer.flush())


def zip_parts(parts: list[Part]) -> bytes:
    """A zip archive of *parts*, in order."""
    out = bytearray()
    directory = bytearray()
    for part in parts:
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, _DOS_TIME, _DOS_DATE, part.crc,
                           len(part.data), part.size, len(part.name), 0)  # fmt: skip
        out += part.name
        out += part.data
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", _MADE_BY, 20, 0, 8, _DOS_TIME, _DOS_DATE,
                                 part.crc, len(part.data), part.size, len(part.name), 0, 0, 0, 0,
                                 _ATTRIBUTES, offset)  # fmt: skip
        directory += part.name
    start = len(out)
    out += directory
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), start, 0)
    return bytes(out)


@lru_cache(maxsize=16)
def package(options: DocxOptions) -> tuple[Part, ...]:
    """Every part that does not depend on the plan's text, for this option set, deflated once."""
    return (
        Part.of("[Content_Types].xml", CONTENT_TYPES),
        Part.of("_rels/.rels", PACKAGE_RELS),
        Part.of("word/_rels/document.xml.rels", DOCUMENT_RELS),
        Part.of("word/styles.xml", styles_xml(options)),
        Part.of("word/settings.xml", settings_xml()),
        Part.of("word/fontTable.xml", font_table_xml(options)),
        Part.of("word/footer1.xml", footer_xml(odd=True)),
        Part.of("word/footer2.xml", footer_xml(odd=False)),
        Part.of("word/theme/theme1.xml", theme_xml(options.fontset)),
    )
