"""LibreOffice as a real client: DOCX → PDF, and where each heading landed.

Optional: everything here needs ``soffice`` (and ``pdftotext`` from poppler to read pages back).
Each run uses a fresh LibreOffice profile in a temporary folder, so it neither clashes with a
LibreOffice the user has open nor with another plangen run. On Linux and macOS a fontconfig file
maps the official font names to free stand-ins for rendering only; the DOCX keeps the official
names (on Windows the real fonts are normally installed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from .document import Document
from .errors import PlanError

TIMEOUT = 180  # seconds for one LibreOffice run
_WINDOWS_PATHS = [
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    / "LibreOffice"
    / "program"
    / "soffice.exe",
]
_MAC_PATH = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")

# Official font → free stand-ins, in order of preference (Debian/Ubuntu package in the comment).
STAND_INS = {
    "仿宋_GB2312": ["FandolFang", "AR PL UKai CN", "Noto Serif CJK SC"],  # texlive-lang-chinese
    "仿宋": ["FandolFang", "Noto Serif CJK SC"],
    "楷体_GB2312": ["AR PL KaitiM GB", "AR PL UKai CN", "FandolKai"],  # fonts-arphic-gkai00mp
    "楷体": ["AR PL KaitiM GB", "AR PL UKai CN", "FandolKai"],
    "黑体": ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "FandolHei"],  # fonts-noto-cjk
    "宋体": ["Noto Serif CJK SC", "AR PL UMing CN", "FandolSong"],
    "方正小标宋简体": ["Noto Serif CJK SC", "FandolSong"],
    "Times New Roman": ["Liberation Serif"],  # fonts-liberation2
}
BOLD_STAND_INS = {"方正小标宋简体"}  # 小标宋 is a heavy face: use the bold weight of the stand-in
FONT_DIRS = [Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol")]  # FandolFang's home


def soffice() -> Path | None:
    """The LibreOffice program, or None. ``PLANGEN_SOFFICE`` overrides the search."""
    override = os.environ.get("PLANGEN_SOFFICE")
    if override:
        return Path(override) if Path(override).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for path in [*(_WINDOWS_PATHS if sys.platform == "win32" else []), _MAC_PATH]:
        if path.exists():
            return path
    return None


def pdftotext() -> Path | None:
    found = shutil.which("pdftotext")
    return Path(found) if found else None


def fontconfig(folder: Path) -> Path:
    """Write a fontconfig file that prefers the stand-ins for the official Chinese font names."""
    rules = []
    for name, families in STAND_INS.items():
        prefer = "".join(f"<family>{family}</family>" for family in families)
        rules.append(f'<alias binding="strong"><family>{name}</family><prefer>{prefer}</prefer></alias>')
        if name in BOLD_STAND_INS:
            rules.append(
                f'<match target="pattern"><test name="family"><string>{name}</string></test>'
                '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
            )
    dirs = "".join(f"<dir>{d}</dir>" for d in [*FONT_DIRS, *_extra_font_dirs()] if d.is_dir())
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{dirs}{''.join(rules)}</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


def _extra_font_dirs() -> list[Path]:
    return [Path(p) for p in os.environ.get("PLANGEN_FONT_DIRS", "").split(os.pathsep) if p.strip()]


def convert(sources: Iterable[Path], outdir: Path, target: str = "pdf") -> list[Path]:
    """Convert files with one LibreOffice run; returns the converted files in the same order."""
    program = soffice()
    if program is None:
        raise PlanError(
            "没有找到 LibreOffice，无法生成 PDF 或核对目录页码",
            hint="安装 LibreOffice（Debian/Ubuntu：apt install libreoffice-writer-nogui），或设置 PLANGEN_SOFFICE。",
        )
    sources = list(sources)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="plangen-lo-") as scratch:
        profile = Path(scratch) / "profile"
        env = dict(os.environ)
        if sys.platform != "win32":
            env["FONTCONFIG_FILE"] = str(fontconfig(Path(scratch)))
        command = [
            str(program), "--headless", "--norestore", "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", target, "--outdir", str(outdir), *map(str, sources),
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            raise PlanError(f"LibreOffice 在 {TIMEOUT} 秒内没有完成转换") from None
    outputs = [outdir / (source.stem + "." + target) for source in sources]
    missing = [path for path in outputs if not path.is_file()]
    if missing:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise PlanError(f"LibreOffice 转换失败：{missing[0].name}", hint=detail[0] or None)
    return outputs


@dataclass(frozen=True)
class Line:
    """A line of text on a PDF page, with its box in points (origin top left)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: list[Line]


def read_pdf(pdf: Path) -> list[Page]:
    """Pages and their lines, via ``pdftotext -bbox-layout``."""
    program = pdftotext()
    if program is None:
        raise PlanError(
            "没有找到 pdftotext（poppler-utils），无法读取 PDF 中的页码", hint="apt install poppler-utils"
        )
    result = subprocess.run(
        [str(program), "-bbox-layout", str(pdf), "-"], capture_output=True, timeout=TIMEOUT, check=False
    )
    if result.returncode != 0:
        raise PlanError(f"pdftotext 无法读取 {pdf.name}")
    markup = re.sub(rb"<!DOCTYPE[^>]*>", b"", result.stdout)
    root = ElementTree.fromstring(markup)
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in root.iter(f"{ns}page"):
        lines = []
        for line in page.iter(f"{ns}line"):
            words = [word.text or "" for word in line.iter(f"{ns}word")]
            box = [float(line.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line("".join(words), *box))
        lines.sort(key=lambda item: (round(item.y0, 1), item.x0))
        pages.append(Page(float(page.get("width", "0")), float(page.get("height", "0")), lines))
    return pages


def heading_pages(doc: Document, pages: list[Page], toc_levels: int) -> dict[int, int]:
    """Page of each TOC heading, read from the rendered PDF.

    Headings are searched in document order, from the first page after the table of contents,
    each at or after the previous one, so a repeated heading text cannot match the wrong place.
    """
    entries = [entry for entry in doc.toc if entry.level <= toc_levels]
    body_start = 1 + max((i for i, page in enumerate(pages) if any(_leader(line.text) for line in page.lines)),
                         default=-1)  # fmt: skip
    found: dict[int, int] = {}
    page_index, line_index = body_start, 0
    for entry in entries:
        target = _squash(entry.label)
        position = _search(pages, target, page_index, line_index)
        if position is None:
            continue  # not found (unusual wrapping): the estimate stays for this entry
        page_index, line_index = position
        found[entry.heading] = page_index + 1
    return found


def _leader(text: str) -> bool:
    return "....." in text or "…………" in text


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _search(pages: list[Page], target: str, page_index: int, line_index: int) -> tuple[int, int] | None:
    for p in range(page_index, len(pages)):
        lines = pages[p].lines
        for i in range(line_index if p == page_index else 0, len(lines)):
            text = _squash(lines[i].text)
            # a heading may wrap: compare with this line joined to the next one
            joined = text + (_squash(lines[i + 1].text) if i + 1 < len(lines) else "")
            if text and (text.startswith(target) or joined.startswith(target)):
                return p, i + 1
    return None
