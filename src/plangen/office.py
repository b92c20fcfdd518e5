"""LibreOffice as a real client: DOCX → PDF, and where each heading landed.

Optional: everything here needs ``soffice`` (and ``pdftotext`` from poppler to read pages back).
Each run uses a fresh LibreOffice profile in a temporary folder, so it neither clashes with a
LibreOffice the user has open nor with another plangen run; LibreOffice runs in its own process
group, killed with everything it started when plangen is interrupted. On Linux and macOS a
fontconfig file maps the official font names to free stand-ins for rendering only; the DOCX keeps
the official names (on Windows the real fonts are normally installed).

LibreOffice is the client we can run, not the one users have: where it reads a setting
differently from ISO/IEC 29500 (as Word and WPS do), :func:`for_libreoffice` adapts the copy it
renders, so that what we measure is what Word shows.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
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
    # FandolSong first: like 宋体, its em dash is a full character wide ("— 1 —"); Noto's is 0.89 em
    "宋体": ["FandolSong", "Noto Serif CJK SC", "AR PL UMing CN"],
    "方正小标宋简体": ["Noto Serif CJK SC", "FandolSong"],
    "Times New Roman": ["Liberation Serif"],  # fonts-liberation2
}
# A second set, every Chinese name in Noto CJK (黑体 in the sans face): the layout oracle renders
# under both, so the page model is not tuned to one font's metrics (tests/layout_oracle.py).
NOTO_STAND_INS = {
    "仿宋_GB2312": ["Noto Serif CJK SC"],
    "仿宋": ["Noto Serif CJK SC"],
    "楷体_GB2312": ["Noto Serif CJK SC"],
    "楷体": ["Noto Serif CJK SC"],
    "黑体": ["Noto Sans CJK SC"],
    "宋体": ["Noto Serif CJK SC"],
    "方正小标宋简体": ["Noto Serif CJK SC"],
    "Times New Roman": ["Liberation Serif"],
}
FONT_SETS = {"fandol": STAND_INS, "noto": NOTO_STAND_INS}  # fonts-noto-cjk and Fandol, both in .ci/run
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


def fontconfig(folder: Path, fonts: dict[str, list[str]] | None = None) -> Path:
    """Write a fontconfig file that prefers the stand-ins (*fonts*, default :data:`STAND_INS`) for
    the official Chinese font names."""
    rules = []
    for name, families in (STAND_INS if fonts is None else fonts).items():
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


# Word inserts no blank page when a section's page numbering starts again at 1 on an even sheet;
# LibreOffice does (to keep odd numbers on right-hand pages) unless told to skip them in the PDF.
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"true"}}'


Fonts = dict[str, list[str]]  # official font name → stand-ins, in order of preference


def convert(
    sources: Iterable[Path], outdir: Path, target: str = "pdf", fonts: Fonts | None = None
) -> list[Path]:
    """Convert files with one LibreOffice run; returns the converted files in the same order.

    The caller hands over copies already adapted with :func:`for_libreoffice`. *fonts* maps the
    official font names to stand-ins (default :data:`STAND_INS`; one of :data:`FONT_SETS`); it has
    no effect on Windows, where the real fonts are used.
    """
    outputs, code = _convert(list(sources), outdir, target, fonts)
    missing = [path for path in outputs if not path.is_file()]
    if missing:
        raise _failed(missing[0], code)
    return outputs


def settled(sources: list[Path], outdir: Path, fonts: Fonts | None = None) -> list[Path | PlanError]:
    """PDFs of a layout LibreOffice has settled, as Word lays out: DOCX → ODT → PDF, two runs.

    LibreOffice's first layout of a DOCX starts a new page every M paragraphs by a rule of thumb (M
    from the body's size: ``SwLayHelper``, sw/source/core/layout/laycache.cxx) and moves paragraphs
    from there; at a page foot a heading kept with its next paragraph can then end where a clean
    layout would not put it, depending on where the guessed breaks fell. From an ODT it takes M from
    the document statistics instead: statistics of 11 pages and ten million paragraphs mean no
    guessed break at all, so the layout follows the rules alone. Each file's result or its error."""
    odts = convert_each(sources, outdir / "odt", "odt", fonts)
    ready = [odt for odt in odts if isinstance(odt, Path)]
    for odt in ready:
        _without_guessed_breaks(odt)
    pdfs = iter(convert_each(ready, outdir / "pdf", "pdf", fonts) if ready else [])
    return [next(pdfs) if isinstance(odt, Path) else odt for odt in odts]


_STATISTIC = b'<meta:document-statistic meta:page-count="11" meta:paragraph-count="10000000"/>'


def _without_guessed_breaks(odt: Path) -> None:
    """Statistics that leave LibreOffice no page breaks to guess; no layout cache to reuse."""

    def edit(name: str, data: bytes) -> bytes | None:
        if name == "layout-cache":
            return None
        if name == "META-INF/manifest.xml":
            return re.sub(rb'<manifest:file-entry[^>]*manifest:full-path="layout-cache"[^>]*/>', b"", data)
        if name == "meta.xml":
            data, found = re.subn(rb"<meta:document-statistic[^>]*/>", _STATISTIC, data)
            return data if found else data.replace(b"</office:meta>", _STATISTIC + b"</office:meta>")
        return data

    odt.write_bytes(_rewritten(odt.read_bytes(), edit))


def _rewritten(data: bytes, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of the zip package *data* with each part passed through *edit* (None drops it); every
    part keeps its place, a ``mimetype`` stays stored as ODF wants it."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            content = edit(info.filename, source.read(info.filename))
            if content is not None:
                stored = info.filename == "mimetype"
                archive.writestr(
                    info, content, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                )
    return buffer.getvalue()


def convert_each(
    sources: list[Path], outdir: Path, target: str = "pdf", fonts: Fonts | None = None
) -> list[Path | PlanError]:
    """Many files in one LibreOffice run (a batch's plans: one start, not one per plan); each file's
    result or the error that file alone gets, so one bad file fails only its own plan."""
    outputs, code = _convert(sources, outdir, target, fonts)
    return [path if path.is_file() else _failed(path, code) for path in outputs]


def _failed(path: Path, code: int) -> PlanError:
    # LibreOffice's own output is English (and varies by version): the user gets its exit code
    return PlanError(
        f"LibreOffice 转换失败：{path.name}",
        hint=f"LibreOffice 的退出码为 {code}；文件可能已损坏，或不是 LibreOffice 能打开的格式。",
    )


def _convert(sources: list[Path], outdir: Path, target: str, fonts: Fonts | None) -> tuple[list[Path], int]:
    from .output import scratch_dir

    program = soffice()
    if program is None:
        raise PlanError(
            "没有找到 LibreOffice，无法生成 PDF 或核对目录页码",
            hint="安装 LibreOffice（Debian/Ubuntu：apt install libreoffice-writer-nogui），或设置 PLANGEN_SOFFICE。",
        )
    outdir.mkdir(parents=True, exist_ok=True)
    with scratch_dir("lo") as scratch:
        profile = scratch / "profile"
        env = dict(os.environ)
        private = scratch / "tmp"  # LibreOffice's own temporary files go where we remove them too
        private.mkdir()
        env.update(TMPDIR=str(private), TMP=str(private), TEMP=str(private))
        if sys.platform != "win32":
            env["FONTCONFIG_FILE"] = str(fontconfig(scratch, fonts))
        command = [
            str(program), "--headless", "--norestore", "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", PDF_FILTER if target == "pdf" else target, "--outdir", str(outdir),
            *map(str, sources),
        ]  # fmt: skip
        code, _ = run_group(command, env, TIMEOUT)
    return [outdir / (source.stem + "." + target) for source in sources], code


# LibreOffice runs of this process, so that a batch worker told to stop (or orphaned) can end them
# from its watcher thread at once instead of waiting seconds for a render nobody will use.
_live: set[subprocess.Popen] = set()
_live_lock = threading.Lock()
_stopping = threading.Event()


def stop_all(settle: float = 0.0) -> None:
    """End every LibreOffice run of this process and refuse new ones (a batch is stopping). With
    *settle*, wait up to that many seconds until every process of their groups is gone — soffice.bin
    writes its profile until it is, so a folder removed sooner can come back."""
    with _live_lock:
        _stopping.set()
        running = list(_live)
    for process in running:
        _kill_group(process, wait=False)
    deadline = time.monotonic() + settle
    while running and time.monotonic() < deadline:
        running = [process for process in running if not _ended(process)]
        if running:
            time.sleep(0.02)


def _ended(process: subprocess.Popen) -> bool:
    """Has *process*'s whole group ended? (On Windows taskkill /T has waited for the tree.)"""
    if process.poll() is None:
        return False
    if sys.platform == "win32":
        return True
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def run_group(command: list[str], env: dict[str, str], timeout: float) -> tuple[int, str]:
    """Run *command* in a process group of its own and wait; on a timeout, an interrupt (Ctrl-C) or
    :func:`stop_all`, kill the whole group — soffice starts soffice.bin, which must not outlive us,
    not even when this process is killed outright (see :func:`_tethered`)."""
    options: dict = {"start_new_session": True}
    if sys.platform == "win32":
        options = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    tether = _Tether(command)
    with _live_lock:
        if _stopping.is_set():
            tether.close()
            raise PlanError("已停止生成")
        try:
            process = subprocess.Popen(
                tether.command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                pass_fds=tether.pass_fds,
                **options,
            )
        except BaseException:
            tether.close()
            raise
        _live.add(process)
    try:
        tether.started(process)
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise PlanError(f"LibreOffice 在 {int(timeout)} 秒内没有完成转换") from None
    except BaseException:
        _kill_group(process)
        raise
    finally:
        with _live_lock:
            _live.discard(process)
        tether.close()
    if _stopping.is_set():
        raise PlanError("已停止生成")
    return process.returncode, output.decode("utf-8", "replace")


# POSIX: a small guardian leads LibreOffice's process group and kills the group as soon as a pipe
# from this process reads end-of-file — this process has ended, however it ended (SIGKILL included;
# a killed process can run no clean-up of its own, and a killed batch worker's LibreOffice, being in
# a session of its own, would otherwise render on for nobody).
_GUARDIAN = (
    "import os,signal,subprocess,sys,threading\n"
    "fd=int(sys.argv[1])\n"
    "child=subprocess.Popen(sys.argv[2:])\n"
    "def watch():\n"
    "    os.read(fd,1)\n"
    "    os.killpg(0,signal.SIGKILL)\n"
    "threading.Thread(target=watch,daemon=True).start()\n"
    "sys.exit(child.wait())\n"
)


class _Tether:
    """Ties a LibreOffice run to this process's life: the guardian above on POSIX, a job object
    that kills its processes when its last handle closes on Windows (closed by the system when this
    process dies)."""

    def __init__(self, command: list[str]) -> None:
        self.command, self.pass_fds = command, ()
        self._fd: int | None = None
        self._job: int | None = None
        if sys.platform != "win32":
            read, self._fd = os.pipe()
            self.command = [sys.executable, "-I", "-S", "-c", _GUARDIAN, str(read), *command]
            self.pass_fds = (read,)
            self._read = read

    def started(self, process: subprocess.Popen) -> None:
        if self._fd is not None:
            os.close(self._read)
        elif sys.platform == "win32":
            self._job = _kill_on_close_job(process)

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        if self._job is not None:
            import ctypes

            ctypes.windll.kernel32.CloseHandle(self._job)  # type: ignore[attr-defined]
            self._job = None


def _kill_on_close_job(process: subprocess.Popen) -> int | None:
    """A Windows job object holding *process* (and what it starts afterwards) that kills them all
    when its handle closes; None where the system refuses (the process then relies on taskkill)."""
    import ctypes
    from ctypes import wintypes

    class Limits(ctypes.Structure):  # JOBOBJECT_EXTENDED_LIMIT_INFORMATION
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
            ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
            ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
            ("SchedulingClass", wintypes.DWORD), ("IoCounters", ctypes.c_uint64 * 6),
            ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]  # fmt: skip

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return None
    limits = Limits()
    limits.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    handle = int(process._handle)  # type: ignore[attr-defined]
    if not (
        kernel32.SetInformationJobObject(job, 9, ctypes.byref(limits), ctypes.sizeof(limits))
        and kernel32.AssignProcessToJobObject(job, handle)
    ):  # 9: JobObjectExtendedLimitInformation
        kernel32.CloseHandle(job)
        return None
    return job


def _kill_group(process: subprocess.Popen, wait: bool = True) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
    else:
        import signal

        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    if wait:
        with contextlib.suppress(subprocess.TimeoutExpired):  # a process that ignores SIGKILL
            process.communicate(timeout=10)


_OVERFLOW_PUNCT = re.compile(rb'<w:overflowPunct(?: w:val="(0|1|true|false|on|off)")?/>')


def for_libreoffice(data: bytes) -> bytes:
    """The DOCX as LibreOffice must be given it to show what Word shows.

    ``w:overflowPunct``: in ISO/IEC 29500-1 §17.3.1.21 (and in Word and WPS) true or absent means
    punctuation may hang in the margin; LibreOffice's DOCX import reads it inverted
    (writerfilter/source/dmapper/DomainMapper.cxx: ``PROP_PARA_IS_HANGING_PUNCTUATION`` is set to
    ``nIntValue == 0``). Every explicit value is therefore flipped in the copy.
    """

    def flip(match: re.Match[bytes]) -> bytes:
        hangs = match.group(1) in (None, b"1", b"true", b"on")
        return b'<w:overflowPunct w:val="%s"/>' % (b"0" if hangs else b"1")  # LibreOffice's reading

    def edit(name: str, content: bytes) -> bytes:
        return (
            _OVERFLOW_PUNCT.sub(flip, content)
            if name in ("word/styles.xml", "word/document.xml")
            else content
        )

    return _rewritten(data, edit)


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


_PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")


def page_number(page: Page) -> int | None:
    """The number printed in the page's footer ("— 7 —"), or None (the contents, say)."""
    for line in sorted(page.lines, key=lambda item: -item.y0)[:2]:
        match = _PAGE_NUMBER.match(line.text.strip())
        if match:
            return int(match.group(1))
    return None


def heading_pages(doc: Document, pages: list[Page], toc_levels: int) -> dict[int, int]:
    """The printed page number of each TOC heading, read from the rendered PDF.

    Headings are searched in document order on the numbered pages (the body), each at or after the
    previous one, so a repeated heading text cannot match the wrong place.
    """
    entries = [entry for entry in doc.toc if entry.level <= toc_levels]
    numbers = [page_number(page) for page in pages]
    body_start = next((i for i, number in enumerate(numbers) if number is not None), len(pages))
    found: dict[int, int] = {}
    page_index, line_index = body_start, 0
    for entry in entries:
        target = _squash(entry.label)
        position = _search(pages, target, page_index, line_index)
        if position is None:
            continue  # not found (unusual wrapping): the estimate stays for this entry
        page_index, line_index = position
        number = numbers[page_index]
        if number is not None:
            found[entry.heading] = number
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _search(pages: list[Page], target: str, page_index: int, line_index: int) -> tuple[int, int] | None:
    for p in range(page_index, len(pages)):
        lines = pages[p].lines
        for i in range(line_index if p == page_index else 0, len(lines)):
            text = _squash(lines[i].text)
            if not text or not (text.startswith(target) or target.startswith(text)):
                continue
            # a heading may wrap (a long one onto three lines): join the lines below until it could
            joined, j = text, i + 1
            while len(joined) < len(target) and j < len(lines):
                joined, j = joined + _squash(lines[j].text), j + 1
            if joined.startswith(target):
                return p, i + 1
    return None


def disagreements(doc: Document, pages: list[Page], toc_levels: int) -> list[str]:
    """Where LibreOffice's rendering disagrees with the layout model: each contents entry (down to
    *toc_levels*) on another page, a heading not found, another page count. Empty when they agree."""
    from . import layout

    out = []
    model, length = layout.lay_out(doc)  # as the writer laid the contents out
    found = heading_pages(doc, pages, toc_levels)
    for entry in doc.toc:
        if entry.level > toc_levels:
            continue
        label = entry.ordinal + entry.text
        if entry.heading not in found:
            out.append(f"在 LibreOffice 的排版中没有找到标题“{label}”，无法核对它的页码。")
        elif found[entry.heading] != model.get(entry.heading):
            out.append(
                f"“{label}”在 LibreOffice 中排在第 {found[entry.heading]} 页，目录写的是第 "
                f"{model.get(entry.heading)} 页（按版式模型计算）。"
            )
    numbers = [number for number in map(page_number, pages) if number is not None]
    if numbers and max(numbers) != length:
        out.append(f"LibreOffice 排出的正文共 {max(numbers)} 页，版式模型为 {length} 页。")
    return out
