"""Reading user files: size limit, encoding detection and control-character checks.

Chinese Windows tools (Excel, Notepad before 2019, WPS) save GB18030/GBK; editors save UTF-8, with
or without a BOM. We accept all of them and refuse, with the line and column, characters that no
plan contains but that break YAML, DOCX (XML 1.0 forbids most C0 characters) or terminals.
"""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

from .errors import PlanError, PlanErrors, os_reason

SAVE_AS_UTF8 = "请用记事本或 WPS 另存为“UTF-8”编码后重试。"
MAX_SOURCE_BYTES = 1024 * 1024  # the largest block or spec file we read; real ones are < 20 KB
# C0 and C1 controls except tab, LF and CR; DEL; line/paragraph separators; the bidirectional
# embeddings, overrides and isolates (they make text display in another order than it is stored)
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
# what no file we read may contain: the controls, surrogates and non-characters
FORBIDDEN = re.compile(f"[{_CONTROLS}\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# what must not reach a terminal inside one printed line: the controls and line breaks
UNPRINTABLE = re.compile(f"[{_CONTROLS}\n\r]")


def read_source(path: Path, limit: int = MAX_SOURCE_BYTES) -> str:
    """Read a text file written by a user: checked size, detected encoding, no control characters."""
    return source_text(read_bytes(path, limit), path)


def read_bytes(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a user's file: a regular file, at most *limit* bytes (PlanError otherwise)."""
    check_file(path, limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise PlanError(f"无法读取文件：{os_reason(exc)}", path) from None
    if len(data) > limit:  # grew while we looked
        raise PlanError(f"文件过大，上限为 {limit // 1024} KB", path)
    return data


def is_folder(path: Path) -> bool:
    """Whether the user's *path* names a folder; False for what the system will not even look at
    (a name too long, a NUL character): reading it as a file then says why, in Chinese."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def check_file(path: Path, limit: int) -> int:
    """The size of *path*, a regular file of at most *limit* bytes (PlanError otherwise)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PlanError("文件不存在", path, hint="检查文件路径是否正确。") from None
    except (OSError, ValueError) as exc:
        raise PlanError(f"无法读取文件：{os_reason(exc)}", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise PlanError("这是一个文件夹，不是文件", path)
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
        raise PlanError("这不是普通文件（可能是管道或设备）", path, hint="请给出保存在磁盘上的文件。")
    if info.st_size > limit:
        raise PlanError(
            f"文件过大（{info.st_size / 1024 / 1024:.1f} MB），上限为 {limit // 1024} KB",
            path,
            hint=("计划、模板和块文件通常只有几 KB；" if limit == MAX_SOURCE_BYTES else "")
            + "请确认选对了文件。",
        )
    return info.st_size


def source_text(data: bytes, path: Path) -> str:
    """*data* read by :func:`read_bytes` as text: detected encoding, no control characters."""
    text = decode(data, path)
    problems = control_characters(text, path)
    if problems:
        PlanErrors.raise_if_any(problems)
    return text


def decode(data: bytes, path: Path | str | None = None) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = _undecodable_line(data)
            raise PlanError(
                "无法识别文件编码（既不是 UTF-8，也不是 GB18030/GBK）",
                path,
                line,
                hint=SAVE_AS_UTF8,
            ) from None


def _undecodable_line(data: bytes) -> int | None:
    """The line where *data* stops being UTF-8 (UTF-16 after its byte-order mark): in a file that
    mixes encodings, where the other one starts. None when it decodes throughout."""
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return data[: exc.start].decode(encoding, "replace").count("\n") + 1
    return None


def detect_encoding(data: bytes, path: Path, hint: str = SAVE_AS_UTF8) -> tuple[str, str]:
    """(encoding, text) of a user's Chinese text file *path*; a located PlanError when no encoding
    reads it (at the line where it stops being UTF-8: in a mixed file, where the other one starts)."""
    found = _detect(data)
    if found is None:
        line = _undecodable_line(data)
        where = f"（从第 {line} 行起不是 UTF-8）" if line else ""
        raise PlanError(f"无法识别文件的文字编码{where}", path, line, hint=hint)
    return found


def _detect(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) of a Chinese text file's bytes, or None when no encoding reads them.

    A BOM decides; otherwise valid UTF-8 is UTF-8 (GB18030 text is almost never valid UTF-8); the
    rest is measured by charset-normalizer, preferring the GB family Chinese Windows tools write.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return "utf-8-sig", data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return "utf-16", data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    chinese = next((m for m in matches if m.encoding in ("gb18030", "gbk", "gb2312")), None)
    best = chinese or matches.best()  # among what the text allows, the encoding Chinese files use
    if best is not None:
        return best.encoding, str(best)
    try:  # too little text to be sure of: Chinese Windows writes GB18030 (GBK)
        return "gb18030", data.decode("gb18030")
    except UnicodeDecodeError:
        return None


def control_characters(text: str, path: Path | str | None = None, limit: int = 20) -> list[PlanError]:
    """One error per line that holds a control character (at most *limit*)."""
    errors: list[PlanError] = []
    last_line = 0
    for match in FORBIDDEN.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        if line == last_line:
            continue
        last_line = line
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        errors.append(
            PlanError(
                f"第 {column} 列含有控制字符 U+{ord(match.group()):04X}",
                path,
                line,
                hint="这类字符通常来自复制粘贴，肉眼看不见；删除该处字符后重新输入。",
            )
        )
        if len(errors) >= limit:
            break
    return errors
