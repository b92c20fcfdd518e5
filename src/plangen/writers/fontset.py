"""Which fonts a plan names, and how Word finds a stand-in when a PC lacks one.

Two sets (``output.docx.fonts``):

* ``standard`` — the GB/T 9704-2012 names: 仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体;
* ``windows`` — fonts every Windows 10/11 ships: 仿宋, 楷体, 黑体, 宋体 (the title in 宋体 bold,
  the usual stand-in for 小标宋).

A font missing on the reader's PC is replaced using the font table (ISO/IEC 29500-1 §17.8.1): the
``altName`` first, then the PANOSE class, character set, family, pitch and Unicode/code-page
signature. The values below are those of the fonts themselves (as Word writes them for each), so
仿宋_GB2312 falls back to 仿宋 and not to whatever CJK font happens to be first.
"""

from __future__ import annotations

from dataclasses import dataclass

FANGSONG_GB, KAITI_GB, XBS = "仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"
FANGSONG, KAITI, HEITI, SONGTI = "仿宋", "楷体", "黑体", "宋体"
TIMES = "Times New Roman"


@dataclass(frozen=True)
class FontInfo:
    """One ``w:font`` entry of ``word/fontTable.xml``."""

    alt: str  # w:altName: where Word looks first when the font is missing
    panose: str
    charset: str  # 86 = GB2312 (ANSI_CHARSET 00 for Latin fonts)
    family: str
    pitch: str
    sig: tuple[str, str, str, str, str, str]  # usb0..usb3, csb0, csb1


_GB2312_SIG = ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")
_WIN_CJK_SIG = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")

FONT_INFO: dict[str, FontInfo] = {
    FANGSONG_GB: FontInfo(FANGSONG, "02010609030101010101", "86", "modern", "fixed", _GB2312_SIG),
    KAITI_GB: FontInfo(KAITI, "02010609030101010101", "86", "modern", "fixed", _GB2312_SIG),
    # 小标宋 is a heavy Song face: classed with 宋体, so a PC without it shows 宋体
    XBS: FontInfo(SONGTI, "02010600030101010101", "86", "auto", "variable", _GB2312_SIG),
    FANGSONG: FontInfo("FangSong", "02010609060101010101", "86", "modern", "fixed", _WIN_CJK_SIG),
    KAITI: FontInfo("KaiTi", "02010609060101010101", "86", "modern", "fixed", _WIN_CJK_SIG),
    HEITI: FontInfo("SimHei", "02010609060101010101", "86", "modern", "fixed", _WIN_CJK_SIG),
    SONGTI: FontInfo(
        "SimSun",
        "02010600030101010101",
        "86",
        "auto",
        "variable",
        ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000"),
    ),
    TIMES: FontInfo(
        "",
        "02020603050405020304",
        "00",
        "roman",
        "variable",
        ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000"),
    ),
}


@dataclass(frozen=True)
class FontSet:
    """The font of each role in a plan."""

    body: str  # 正文, levels 3–4, TOC entries, tables
    level2: str  # （一）
    level1: str  # 一、 table headers, 附件N, 目录
    title: str
    title_bold: bool
    page_number: str

    def names(self) -> list[str]:
        return list(dict.fromkeys([self.body, self.level2, self.level1, self.title, self.page_number]))


FONT_SETS: dict[str, FontSet] = {
    "standard": FontSet(FANGSONG_GB, KAITI_GB, HEITI, XBS, False, SONGTI),
    "windows": FontSet(FANGSONG, KAITI, HEITI, SONGTI, True, SONGTI),
}
