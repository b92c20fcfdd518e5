"""Checks on a plan as a whole: its numbering and its sections."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from ..readers import Line
from ..readers.lines import Numbered
from ..readers.outline import Part, title_like
from .rules import Rule, RuleSet

Problem = tuple[str, Line, str, str]  # rule id, line, message, suggestion


def _subheading(line: Line) -> bool:
    """An unnumbered heading: a Word heading style, or a short line of its own (“1月”, “第一季度”);
    the numbering under it may start again."""
    if line.style_level is not None and 1 <= line.style_level <= 4:
        return True
    text = line.text
    return len(text) <= 16 and not any(mark in text for mark in "。！？；，,") and not title_like(text)


def ordinals(part: Part) -> list[Numbered | None]:
    """The ordinal of each of *part*'s lines (None for a table row): read once, for both checks."""
    return [None if line.table else line.ordinal for line in part.lines]


def numbering(
    rules: RuleSet, part: Part, items: list[Numbered | None], written: Callable[[Line], Line] | None = None
) -> list[Problem]:
    """Ordinal gaps, restarts, repeats and level jumps; *items* from :func:`ordinals`. The lines are
    read (full-width, simplified); *written* gives each as the user wrote it, whose ordinals the
    messages quote (“(二)”, not “（二）”)."""
    out: list[Problem] = []
    counters: dict[int, tuple[int, str]] = {}  # level → (last number, its ordinal as written)
    fresh: set[int] = set()  # levels whose numbering may start again (a sub-heading came between)
    gap, restart, order, jump = (
        rules.get(c) for c in ("ordinal-gap", "ordinal-restart", "ordinal-order", "level-jump")
    )
    for line, item in zip(part.lines, items, strict=True):
        if line.table:
            continue
        if item is None:
            if _subheading(line):
                fresh.update(counters)
                if line.style_level is not None:  # an auto-numbered Word heading: a new parent
                    for deeper in [k for k in counters if k > line.style_level]:
                        del counters[deeper]
            continue
        level = item.level
        shown = _as_written(line, item, written)
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        previous = counters.get(level)
        if previous is None:
            shallower = [k for k in counters if k < level]
            parent = max(shallower, default=0)
            # 一、 then 1. (no （一） between) is how current central documents number: not a jump
            if jump and shallower and parent < level - 1 and level <= 4 and (parent, level) != (1, 3):
                above = counters[parent][1]
                out.append(
                    (jump.id, line, f"{jump.message}：“{above}”之下直接用了“{shown}”", jump.suggestion)
                )
            if gap and item.number > 1 and level not in fresh:
                message = f"{gap.message}：这一层级从“{shown}”开始，前面缺少序号"
                out.append((gap.id, line, message, gap.suggestion))
        else:
            last, before = previous
            if item.number == last + 1 or (item.number == 1 and level in fresh):
                pass
            elif item.number > last + 1:
                if gap:
                    out.append((gap.id, line, f"{gap.message}：“{before}”之后是“{shown}”", gap.suggestion))
            elif item.number == 1:
                if restart:
                    message = f"{restart.message}：“{before}”之后又从“{shown}”开始"
                    out.append((restart.id, line, message, restart.suggestion))
            elif order:
                out.append((order.id, line, f"{order.message}：“{before}”之后是“{shown}”", order.suggestion))
        counters[level] = (item.number, shown)
        fresh.discard(level)
        fresh.difference_update([k for k in fresh if k > level])
    return out


def _as_written(line: Line, item: Numbered, written: Callable[[Line], Line] | None) -> str:
    """The ordinal of *line* (read) as the user wrote it: at the same place, the same length."""
    if written is None:
        return item.ordinal
    text = line.text
    lead = len(text) - len(text.lstrip())
    return written(line).text[lead : lead + len(item.ordinal)]


def sections(
    rules: RuleSet, part: Part, items_of: list[Numbered | None], sector_text: str, unit: str = "行"
) -> list[Problem]:
    """Duplicate headings, empty sections and the parts a plan of its sector is expected to have;
    *items_of* from :func:`ordinals`."""
    out: list[Problem] = []
    items: list[tuple[int, Line, Numbered, tuple]] = []  # index, line, item, its parents' ordinals
    parents: dict[int, str] = {}
    for index, (line, item) in enumerate(zip(part.lines, items_of, strict=True)):
        if item is None:
            if line.style_level is not None and 1 <= line.style_level <= 4:  # a heading Word numbers
                for deeper in [k for k in parents if k >= line.style_level]:
                    del parents[deeper]
                parents[line.style_level] = line.text
            continue
        for deeper in [k for k in parents if k >= item.level]:
            del parents[deeper]
        items.append((index, line, item, tuple(sorted(parents.items()))))
        parents[item.level] = item.ordinal
    duplicate, empty, expected = (
        rules.get(c) for c in ("duplicate-heading", "empty-section", "expected-sections")
    )
    titles = [item.title_only for _, _, item, _ in items]  # asked by both checks below
    if duplicate:
        seen: dict[tuple, Line] = {}
        for (_, line, item, above), title_only in zip(items, titles, strict=True):
            if not title_only:
                continue
            key = (above, item.level, item.head)  # the same heading under different parents is fine
            if key in seen:
                message = f"{duplicate.message}（第 {seen[key].number} {unit}已有）"
                out.append((duplicate.id, line, message, duplicate.suggestion))
            else:
                seen[key] = line
    if empty:
        for position, (index, line, item, _) in enumerate(items):
            if not titles[position] or item.level > 2:  # deeper items are list entries, complete in a line
                continue
            following = items[position + 1] if position + 1 < len(items) else None
            has_text = (following[0] if following else len(part.lines)) > index + 1
            if not has_text and (following is None or following[2].level <= item.level):
                out.append((empty.id, line, empty.message, empty.suggestion))
    if expected and not part.appendix and sum(1 for _, _, item, _ in items if item.level == 1) >= 3:
        wanted = list(expected.options.get("sections", {}).get("all", []))
        sector = _sector(expected, sector_text)
        if sector:
            wanted += expected.options.get("sections", {}).get(sector, [])
        heads = " ".join(item.rest[:60] for _, _, item, _ in items)
        anchor = part.title or part.marker or (items[0][1] if items else None)
        for section in wanted:
            if anchor is not None and not any(word in heads for word in section.get("any", [])):
                message = f"{expected.message}：没有“{section['name']}”方面的标题"
                out.append((expected.id, anchor, message, expected.suggestion))
    return out


def _sector(rule: Rule, text: str) -> str:
    for sector, words in rule.options.get("sector_words", {}).items():
        if any(word in text for word in words):
            return sector
    return ""


# --- what is a plan at all ---------------------------------------------------------------------------
# One place for the thresholds lint's rule (check: not-a-plan) and import's refusal share. A plan,
# however short, has some Chinese text, a title or sentences, and at least one heading; a file that
# has none of these is the wrong file, a damaged one, or random bytes a converter made text of.
MIN_HAN = 10  # Chinese characters in the whole text
MIN_SENTENCES = 2  # without a title line: sentences (。！？；) in the whole text
MIN_READABLE = 0.8  # share of the visible characters that are Chinese, ASCII or common punctuation
# visible characters that are not Chinese, ASCII or common punctuation: mojibake, symbols of a
# binary file read as text (ASCII; general punctuation “ ” … —; ① – ⑳; CJK punctuation 、。《》〇;
# CJK extension A and unified ideographs, simplified and traditional; full-width forms （）：１; · ×)
_UNREADABLE = re.compile(
    r"[^\s\x20-\x7e\u2000-\u206f\u2460-\u2473\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\xb7\xd7]"
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_SPACES = [chr(code) for code in range(0x3000 + 1) if chr(code).isspace()]  # what ``\s`` matches
# a heading inside a line: a plan pasted as one line (“……制定本计划。一、指导思想……”)
_RUN_IN = re.compile(r"[。！？；]\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")


def _count(pattern: re.Pattern[str], text: str, piece: int = 1 << 18) -> int:
    """How many characters of *text* match *pattern* (one character a match), counted a piece at a
    time: a list of every match, or of the text between them, would hold millions of strings."""
    return sum(pattern.subn("", text[start : start + piece])[1] for start in range(0, len(text), piece))


def not_a_plan(lines: list[Line], controls: int = 0) -> str | None:
    """Why *lines* (a document as read) are not a plan, in Chinese, or None when they may be one;
    *controls* counts the control characters the reader replaced (they are unreadable text)."""
    text = "".join(line.text for line in lines)
    visible = len(text) - sum(map(text.count, _SPACES))
    if not visible:
        return "文件中没有文字"
    unreadable = _count(_UNREADABLE, text) + controls
    if unreadable > (1 - MIN_READABLE) * (visible + controls):
        share = unreadable * 100 // (visible + controls)
        return f"大部分内容无法识别（{share}% 是乱码、控制字符或二进制内容）"
    han = sum(1 for _ in itertools.islice(_HAN.finditer(text), MIN_HAN))  # said only when fewer
    if han < MIN_HAN:
        return f"中文内容过少（{han} 个汉字）"
    headings = any(
        not line.table
        and ((line.style_level or 0) >= 1 or line.ordinal is not None or _RUN_IN.search(line.text))
        for line in lines
    )
    if not headings:
        return "没有找到任何标题（如“一、”“（一）”或 Word 的标题样式）"
    titled = any(title_like(line.text) or line.style_level == 0 for line in lines[:5])
    sentences = sum(text.count(mark) for mark in "。！？；")
    if not titled and sentences < MIN_SENTENCES:
        return "既没有标题，也没有成句的正文"
    return None
