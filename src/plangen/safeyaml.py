"""A YAML reader for untrusted files that keeps the line of every value.

It builds plain dicts, lists and scalars straight from the parser's event stream (libyaml when
available), so that:

* no tag can construct an object — only the standard scalar/collection tags are accepted;
* nesting depth and the size after alias expansion are bounded (5,000-deep files and "billion
  laughs" are refused before anything downstream walks them);
* keys are always strings (``on:`` stays ``"on"``, not ``True``) and scalars follow the YAML 1.2
  core schema (``yes``/``no`` stay strings; no sexagesimal numbers);
* every value's line is recorded in a :class:`SourceMap`, keyed by its path, so validation errors
  further down can point at ``file:line``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PlanError, translate
from .textio import FORBIDDEN, read_source

MAX_DEPTH = 40
MAX_NODES = 100_000

PathKey = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
# a float needs a decimal point (as in YAML 1.1): "3E1" or "1e5" in a plan is text, not a number
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9][0-9_]*\.[0-9_]*)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")


@dataclass
class SourceMap:
    """Where each value of a loaded file came from."""

    path: Path | str | None
    lines: dict[PathKey, int] = field(default_factory=dict)
    block_scalars: set[PathKey] = field(default_factory=set)
    overrides: dict[PathKey, str] = field(default_factory=dict)

    def line(self, key: PathKey) -> int | None:
        """Line of the value at *key*, or of its nearest enclosing value that we know."""
        key = tuple(key)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def text_line(self, key: PathKey) -> int | None:
        """First line of a text value's content (block scalars start on the line below ``|``)."""
        line = self.line(key)
        if line is not None and tuple(key) in self.block_scalars:
            return line + 1
        return line

    def locate(self, key: PathKey) -> tuple[Path | str | None, int | None]:
        """(file, line) for *key*; values set on the command line report the option instead."""
        key = tuple(key)
        probe = key
        while probe:
            if probe in self.overrides:
                return self.overrides[probe], None
            probe = probe[:-1]
        return self.path, self.line(key)

    def error(self, key: PathKey, message: str, hint: str | None = None) -> PlanError:
        where, line = self.locate(key)
        return PlanError(message, where, line, hint)


def load_file(path: Path) -> tuple[Any, SourceMap]:
    """Read and parse a user's YAML file; every failure is a located :class:`PlanError`."""
    text = read_source(path)
    return load_text(text, path)


def load_text(text: str, path: Path | str | None = None) -> tuple[Any, SourceMap]:
    """Parse YAML *text* into plain Python values plus a :class:`SourceMap`."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    source = SourceMap(path)
    try:
        builder = _build(text, source, loader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, path, loader) from None
    return builder.result(), source


def _build(text: str, source: SourceMap, loader: Any) -> _Builder:
    """The parser's events, fed to a builder as they come (our limits hold before it reads on)."""
    import yaml

    builder = _Builder(source)
    for event in yaml.parse(text, Loader=loader):
        builder.feed(event)
    return builder


def _syntax_error(exc: Any, text: str, path: Path | str | None, loader: Any) -> PlanError:
    """The user's error for a parser's refusal, in our words whatever the parser's version says.

    libyaml's scanner reads ahead of the events it has delivered (a whole line, for a flow
    collection's possible key), and since PyYAML 6.0.4 it refuses nesting past 1,000 levels on its
    own; so it can fail on text our builder has not seen yet. What lies before the failure is read
    once more, event by event, by the pure-Python parser (no nesting limit of its own, no
    recursion): if that text already breaks one of our rules — nesting deeper than MAX_DEPTH, a
    tag, a duplicate key — that is the error at its place, as with any other PyYAML.
    """
    import yaml

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if loader is not yaml.SafeLoader:
        prefix = "\n".join(text.split("\n", line)[:line]) if line is not None else text
        try:
            _build(prefix, SourceMap(path), yaml.SafeLoader)
        except PlanError as ours:
            return ours
        except yaml.YAMLError:
            pass  # the same syntax error, or the end of the cut text: the parser's report stands
    return PlanError(
        f"YAML 语法错误：{_yaml_problem(exc)}",
        path,
        line,
        hint="检查该行及上一行的缩进、冒号和引号；文本中含有“: ”或“#”时请加引号。",
    )


# Refinements by the parser's wording; any other wording (another PyYAML, another libyaml) gets
# the general text, never the parser's English.
_YAML_MESSAGES = {
    "mapping values are not allowed": "此处不能出现“键: 值”（值中的冒号请加引号）",
    "could not find expected ':'": "缺少冒号",
    "found character that cannot start any token": "出现了不能作为开头的字符（如制表符或 @、`）",
    "found undefined alias": "引用了未定义的锚点",
    "did not find expected key": "缩进不一致，找不到预期的键",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "did not find expected ',' or ']'": "方括号 [ ] 中缺少逗号或右括号",
    "did not find expected ',' or '}'": "花括号 { } 中缺少逗号或右括号",
    "did not find expected '-' indicator": "缩进不一致，列表项应以“- ”开头并对齐",
    "did not find expected alphabetic or numeric character": "& 或 * 后面缺少锚点名称",
    "found unknown escape character": "双引号中的反斜杠 \\ 后面不是有效的转义（要写反斜杠本身请改用单引号）",
    "found incompatible YAML document": "不支持该 YAML 版本声明",
}
_YAML_GENERAL = "此处的写法无法解析"


def _yaml_problem(exc: Any) -> str:
    said = str(getattr(exc, "problem", None) or getattr(exc, "context", None) or "")
    return translate(said, _YAML_MESSAGES, _YAML_GENERAL)


class _Builder:
    """Turns parser events into values, bounding depth and alias expansion."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.documents = 0
        self.nodes = 0
        self.root: Any = None

    def feed(self, event: Any) -> None:
        import yaml

        line = event.start_mark.line + 1
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self._error("一个文件只能包含一个 YAML 文档（不要用“---”分隔多个文档）", line)
        elif isinstance(event, yaml.ScalarEvent):
            self._check_tag(event.tag, line)
            self._count(1, line)
            bad = FORBIDDEN.search(event.value)
            if bad:  # written as an escape ("\x01", "\u202e"): the file itself passed the text check
                raise self._error(
                    f"文本中含有控制字符 U+{ord(bad.group()):04X}（以转义形式写出）",
                    line,
                    "删除该转义序列；计划文本不需要不可见字符。",
                )
            if self._expecting_key():
                self._set_key(event.value, line)
                return
            key = self._value(_scalar(event, self.source.path), line, size=1, anchor=event.anchor)
            if event.style in ("|", ">"):
                self.source.block_scalars.add(key)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise self._error("引用了未定义的锚点", line)
            value, size = self.anchors[event.anchor]
            self._count(size, line)
            if self._expecting_key():
                if isinstance(value, (dict, list)):
                    raise self._error("映射的键必须是简单文本", line)
                self._set_key(str(value), line)
                return
            self._value(value, line, size=size, anchor=None)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_tag(event.tag, line)
            self._count(1, line)
            if self._expecting_key():
                raise self._error(
                    "映射的键必须是简单文本",
                    line,
                    "以“{{”或“{%”开头的文字要整体加引号，或改用 >- 折叠块，否则会被当成 YAML 映射。",
                )
            if len(self.stack) >= MAX_DEPTH:
                raise self._error(
                    f"嵌套层数超过 {MAX_DEPTH} 层",
                    line,
                    "计划文件不需要这么深的结构；请检查文件是否损坏或被篡改。",
                )
            key = self._child_key()
            self.source.lines[key] = line
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append(_Frame(container, event.anchor, key))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.value, frame.size)
            self._attach(frame.value, frame.size)

    def result(self) -> Any:
        return self.root

    # -- helpers -----------------------------------------------------------------------------
    def _error(self, message: str, line: int, hint: str | None = None) -> PlanError:
        return PlanError(message, self.source.path, line, hint)

    def _check_tag(self, tag: str | None, line: int) -> None:
        if tag is None or tag in _STANDARD_TAGS:
            return
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise self._error(
            f"不允许使用 YAML 标签 {shown}",
            line,
            "plangen 只读取普通文本、数字、列表和映射；删除以“!”开头的标签。",
        )

    def _count(self, size: int, line: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self._error(
                f"YAML 内容展开后超过 {MAX_NODES} 个节点（可能是锚点/别名炸弹）",
                line,
                "不要用 & 和 * 反复引用大段内容。",
            )

    def _expecting_key(self) -> bool:
        return (
            bool(self.stack) and isinstance(self.stack[-1].value, dict) and self.stack[-1].pending_key is None
        )

    def _set_key(self, key: str, line: int) -> None:
        frame = self.stack[-1]
        if key in frame.value:
            raise self._error(f"重复的键“{key}”", line, "同一层级里每个键只能出现一次。")
        frame.pending_key = key

    def _child_key(self) -> PathKey:
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, dict):
            return (*frame.key, frame.pending_key or "")
        return (*frame.key, len(frame.value))

    def _value(self, value: Any, line: int, size: int, anchor: str | None) -> PathKey:
        key = self._child_key()
        self.source.lines[key] = line
        if anchor:
            self.anchors[anchor] = (value, size)
        self._attach(value, size)
        return key

    def _attach(self, value: Any, size: int) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.value, dict):
            frame.value[frame.pending_key] = value
            frame.pending_key = None
        else:
            frame.value.append(value)


@dataclass
class _Frame:
    value: Any
    anchor: str | None
    key: PathKey
    pending_key: str | None = None
    size: int = 1


def _scalar(event: Any, path: Path | str | None) -> Any:
    """Resolve a scalar by the YAML 1.2 core schema (quoted and explicitly !!str values stay text)."""
    try:
        return _resolve(event)
    except ValueError as exc:
        hint = "数字请写在合理范围内。" if "超出范围" in str(exc) else None
        raise PlanError(str(exc), path, event.start_mark.line + 1, hint=hint) from None


def _resolve(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    if tag == "tag:yaml.org,2002:str" or (tag is None and not event.implicit[0]) or tag == "!":
        return value
    if tag is not None and tag != "tag:yaml.org,2002:str":
        resolved = _plain(value)
        expected = {
            "tag:yaml.org,2002:int": int,
            "tag:yaml.org,2002:float": float,
            "tag:yaml.org,2002:bool": bool,
            "tag:yaml.org,2002:null": type(None),
        }.get(tag)
        if expected is not None and not isinstance(resolved, expected):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise ValueError(f"值“{value[:40]}”与标签 {shown} 不符")
        return resolved
    return _plain(value)


def _plain(value: str) -> Any:
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        digits = value.replace("_", "")
        if len(digits) > 30:
            return value
        return int(digits)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value) and len(value) < 40:
        number = float(value.replace("_", ""))
        if not math.isfinite(number):
            raise ValueError(f"数值“{value}”超出范围")
        return number
    match = _DATE.match(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return value
    return value
