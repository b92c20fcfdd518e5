"""Office Open XML packages (.docx, .xlsx): zip files checked before any library parses them, and
whatever zipfile, lxml, python-docx or openpyxl raise on a damaged one said in Chinese.

The reason is decided by the exception's class (and the zip's own fields: encryption flag,
compression method), never by its message: that is English and changes between versions.
"""

from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import PlanError, os_reason

MAX_XML_BYTES = 256 * 1024 * 1024  # the unpacked parts; a 200-page plan is about 10 MB
MAX_RATIO = 200  # unpacked / packed: XML compresses 10–30 times; far more is a zip bomb
# an OLE compound file: an old .doc or .xls, or an Office file with a password to open (Office
# encrypts the package and wraps it in one)
_COMPOUND = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = 0x1  # zip general purpose flag bit 0
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Word, Excel and WPS write


@dataclass(frozen=True)
class Kind:
    """Which program's package: how the messages name it and what they advise."""

    name: str  # "Word"
    suffix: str  # ".docx"
    old: str  # the format before 2007
    hint: str


WORD = Kind("Word", ".docx", ".doc", "在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再试。")
EXCEL = Kind(
    "Excel", ".xlsx", ".xls", "在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”或 CSV 后再试。"
)


@dataclass
class Contents:
    """What unpacking every member told about it: how many XML elements it holds at most, and
    which members do not unpack to the data their checksum says (python-docx, reading them all,
    refuses such a file)."""

    elements: dict[str, int] = field(default_factory=dict)
    damaged: set[str] = field(default_factory=set)


def check_package(path: Path, shown: Path, kind: Kind, limit: int, part_limit: int | None = None,
                  inspect: bool = False) -> Contents:  # fmt: skip
    """A readable zip of sane size, neither encrypted nor compressed in a way Office never writes —
    checked before any XML is parsed (a zip bomb stops here). *shown* is the file the user named.
    With *inspect*, the :class:`Contents` of each member are measured as well."""
    from ..textio import check_file

    size = check_file(path, limit)
    try:
        with path.open("rb") as stream:
            head = stream.read(len(_COMPOUND))
    except OSError as exc:
        raise PlanError(f"无法读取文件：{os_reason(exc)}", shown) from None
    if head == _COMPOUND:
        raise PlanError(
            f"文件设置了打开密码，或是旧版 {kind.old} 格式，无法读取",
            shown,
            hint=f"在 {kind.name} 或 WPS 中打开，取消打开密码，另存为 {kind.suffix} 格式后再试。",
        )
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except NotImplementedError:  # a zip format version zipfile cannot read (some Pythons ask here)
        raise PlanError(f"文件使用了 {kind.name} 不使用的压缩格式，无法读取", shown, hint=kind.hint) from None
    except Exception:  # BadZipFile, or OSError/ValueError from a damaged zip's offsets: the file
        # itself was read above, so this is its format, not the disk
        raise PlanError(
            f"这不是有效的 {kind.suffix} 文件（不是 {kind.name} 2007 及以后的格式，或文件已损坏）",
            shown,
            hint=kind.hint,
        ) from None
    if any(info.flag_bits & _ENCRYPTED for info in infos):
        raise PlanError("文件已加密（设置了密码），无法读取", shown, hint=kind.hint)
    newest = getattr(zipfile, "MAX_EXTRACT_VERSION", 63)
    if any(info.compress_type not in _METHODS or info.extract_version > newest for info in infos):
        raise PlanError(f"文件使用了 {kind.name} 不使用的压缩格式，无法读取", shown, hint=kind.hint)
    budget = min(MAX_XML_BYTES, MAX_RATIO * max(size, 1) + 1024 * 1024)
    if sum(info.file_size for info in infos) > budget:
        raise PlanError(f"{kind.name} 文件解压后过大，疑为损坏或恶意文件", shown, hint=kind.hint)
    return _check_unpacked(path, shown, kind, infos, budget, part_limit or budget, inspect)


_CHUNK = 64 * 1024  # compressed bytes read at a time, and the most one step may unpack
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length


def _check_unpacked(
    path: Path,
    shown: Path,
    kind: Kind,
    infos: list[zipfile.ZipInfo],
    budget: int,
    part_limit: int,
    inspect: bool = False,
) -> Contents:
    """Every member unpacked in chunks and counted, nothing kept: the sizes a zip declares are the
    attacker's to write (a 1 MB file that says 4 KB may unpack to 1 GB, and zipfile would unpack it
    whole before noticing), so the real size is measured before any library reads a member; none may
    unpack past *part_limit* (a reader that holds a part whole, as lxml does, sets it)."""
    total = 0
    contents = Contents()
    try:
        with path.open("rb") as stream:
            for info in infos:
                tally = _Tally() if inspect else None
                unpacked = _unpacked_size(stream, info, min(budget - total, part_limit), tally)
                if unpacked is None:
                    raise PlanError(f"{kind.name} 文件解压后过大，疑为损坏或恶意文件", shown, hint=kind.hint)
                if unpacked != info.file_size:  # zipfile would stop at the declared size, or fail
                    raise PlanError(
                        f"这不是有效的 {kind.suffix} 文件（压缩数据与记录的大小不符，文件已损坏）",
                        shown,
                        hint=kind.hint,
                    )
                total += unpacked
                if tally is not None:
                    contents.elements[info.filename] = tally.count
                    if tally.crc != info.CRC:
                        contents.damaged.add(info.filename)
    except PlanError:
        raise
    except OSError as exc:
        raise PlanError(f"无法读取文件：{os_reason(exc)}", shown) from None
    except (zlib.error, struct.error, ValueError):
        raise PlanError(f"这不是有效的 {kind.suffix} 文件（压缩数据已损坏）", shown, hint=kind.hint) from None
    return contents


class _Tally:
    """The XML elements in a member's bytes, counted as they are unpacked: each “<” that opens
    neither an end tag, a comment or declaration, nor a processing instruction (at most: a “<” in a
    comment or CDATA counts too). A reader that parses the member holds this many elements at most."""

    def __init__(self) -> None:
        self.count = 0
        self.last = b""
        self.crc = 0  # of the data, as zipfile checks it

    def add(self, data: bytes) -> None:
        if not data:
            return
        self.crc = zlib.crc32(data, self.crc)
        self.count += data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")
        if self.last == b"<" and data[:1] in (b"/", b"?", b"!"):  # “</” split between two pieces
            self.count -= 1
        self.last = data[-1:]


def _unpacked_size(
    stream: BinaryIO, info: zipfile.ZipInfo, limit: int, tally: _Tally | None = None
) -> int | None:
    """The bytes *info*'s data unpacks to, or None past *limit*; read as zipfile reads it (the
    local header's name and extra field skipped, ``compress_size`` bytes of data), each piece
    handed to *tally* when given."""
    stream.seek(info.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(stream.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise ValueError("no local header")
    stream.seek(name_length + extra_length, 1)
    left = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        if left > limit:
            return None
        if tally is not None:
            size = left
            while left > 0:
                chunk = stream.read(min(_CHUNK, left))
                if not chunk:
                    break  # the file ends early: zipfile will say it is damaged
                left -= len(chunk)
                tally.add(chunk)
            return size
        return left
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    while left > 0 and not inflate.eof:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            break  # the file ends early: zipfile will say it is damaged
        left -= len(chunk)
        while chunk:
            data = inflate.decompress(chunk, _CHUNK)
            total += len(data)
            if total > limit:
                return None
            if tally is not None:
                tally.add(data)
            chunk = inflate.unconsumed_tail
    data = inflate.flush(_CHUNK)  # what zlib held back at the last step's limit (≤ one match)
    total += len(data)
    if tally is not None:
        tally.add(data)
    return total if total <= limit else None


def unreadable(exc: BaseException, shown: Path, kind: Kind, line: int | None = None) -> PlanError:
    """The error for *exc*, raised by a library reading the checked package *shown* (at row or
    paragraph *line*, when known): the user's file, not a bug in plangen."""
    if isinstance(exc, PlanError):
        return exc
    return PlanError(f"无法读取该 {kind.name} 文件：{_damage(exc, kind)}", shown, line, hint=kind.hint)


def _damage(exc: BaseException, kind: Kind) -> str:
    if isinstance(exc, (MemoryError, RecursionError)):
        return "内容过于复杂或嵌套过深"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "压缩数据已损坏"
    if isinstance(exc, NotImplementedError):
        return "使用了不支持的压缩格式"
    if isinstance(exc, _classes(("lxml.etree", "LxmlError"), ("xml.etree.ElementTree", "ParseError"),
                                ("xml.parsers.expat", "ExpatError"))):  # fmt: skip
        return "内部的 XML 内容有误"
    if isinstance(exc, KeyError):
        return "缺少必需的组成部分"
    if isinstance(exc, OSError):  # a seek to an offset a damaged zip gives, more likely than the disk
        return "文件已损坏，或读取时出错"
    if isinstance(exc, _classes(("docx.opc.exceptions", "PackageNotFoundError"),
                                ("openpyxl.utils.exceptions", "InvalidFileException"))):  # fmt: skip
        return f"不是 {kind.suffix} 格式"
    return f"内容不符合 {kind.suffix} 格式，可能已损坏"


def _classes(*names: tuple[str, str]) -> tuple[type, ...]:
    """The exception classes among *names* (module, class) whose module is loaded: one that is not
    cannot have raised anything (and is not imported just to ask)."""
    found = []
    for module, name in names:
        cls = getattr(sys.modules.get(module), name, None)
        if isinstance(cls, type):
            found.append(cls)
    return tuple(found)
