"""Checks on a plan as a whole: its dates against its year, its numbering and its sections."""

from __future__ import annotations

import re

from ..readers import Line
from ..readers.outline import Numbered, Part, numbered
from .rules import Rule, RuleSet

_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)年(\d{1,2})月")
_DATE_EXCUSED = re.compile(
    r".{0,14}?(?:(?:召开|印发|发布|施行|实施|颁布|修订|通过|出台|举行|作出|提出)的|以来|视察|讲话)"
)  # a past event named: “2025年10月召开的……全会”


def dates_off_year(rule: Rule, lines: list[Line], year: int) -> list[tuple[Line, int, int, str]]:
    """Dates more than a year away from the plan's year (a recycled plan's old dates)."""
    found = []
    for line in lines:
        text = line.text
        for match in _DATE.finditer(text):
            when = int(match.group(1))
            if year - 1 <= when <= year + 1:
                continue
            before = text[: match.start()]
            if before.count("《") > before.count("》") or _DATE_EXCUSED.match(text, match.end()):
                continue
            found.append((line, match.start(), match.end(), f"{year}年度的计划中出现了{when}年的日期"))
    return found


def numbering(rules: RuleSet, part: Part) -> list[tuple[str, Line, str, str]]:
    """Ordinal gaps, restarts, repeats and level jumps: (rule id, line, message, suggestion)."""
    out: list[tuple[str, Line, str, str]] = []
    counters: dict[int, tuple[int, str]] = {}  # level → (last number, its ordinal as written)
    gap, restart, order, jump = (
        rules.get(c) for c in ("ordinal-gap", "ordinal-restart", "ordinal-order", "level-jump")
    )
    for line in part.lines:
        if line.table:
            continue
        item = numbered(line.text)
        if item is None:
            continue
        level = item.level
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        previous = counters.get(level)
        if previous is None:
            shallower = [k for k in counters if k < level]
            if jump and shallower and max(shallower) < level - 1 and level <= 4:
                above = counters[max(shallower)][1]
                out.append(
                    (jump.id, line, f"{jump.message}：“{above}”之下直接用了“{item.ordinal}”", jump.suggestion)
                )
            if gap and item.number > 1:
                out.append(
                    (
                        gap.id,
                        line,
                        f"{gap.message}：这一层级从“{item.ordinal}”开始，前面缺少序号",
                        gap.suggestion,
                    )
                )
        else:
            last, last_ordinal = previous
            if item.number == last + 1:
                pass
            elif item.number > last + 1:
                if gap:
                    out.append(
                        (
                            gap.id,
                            line,
                            f"{gap.message}：“{last_ordinal}”之后是“{item.ordinal}”",
                            gap.suggestion,
                        )
                    )
            elif item.number == 1:
                if restart:
                    out.append(
                        (
                            restart.id,
                            line,
                            f"{restart.message}：“{last_ordinal}”之后又从“{item.ordinal}”开始",
                            restart.suggestion,
                        )
                    )
            elif order:
                out.append(
                    (
                        order.id,
                        line,
                        f"{order.message}：“{last_ordinal}”之后是“{item.ordinal}”",
                        order.suggestion,
                    )
                )
        counters[level] = (item.number, item.ordinal)
    return out


def sections(rules: RuleSet, part: Part, sector_text: str) -> list[tuple[str, Line, str, str]]:
    """Duplicate headings, empty sections and the parts a plan of its sector is expected to have."""
    out: list[tuple[str, Line, str, str]] = []
    items: list[tuple[int, Line, Numbered]] = []
    for index, line in enumerate(part.lines):
        item = None if line.table else numbered(line.text)
        if item is not None:
            items.append((index, line, item))
    duplicate, empty, expected = (
        rules.get(c) for c in ("duplicate-heading", "empty-section", "expected-sections")
    )
    if duplicate:
        seen: dict[tuple[int, str], Line] = {}
        for _, line, item in items:
            if not item.title_only:
                continue
            key = (item.level, item.head)
            if key in seen:
                out.append(
                    (
                        duplicate.id,
                        line,
                        f"{duplicate.message}（第 {seen[key].number} 行已有）",
                        duplicate.suggestion,
                    )
                )
            else:
                seen[key] = line
    if empty:
        for position, (index, line, item) in enumerate(items):
            if not item.title_only or item.level > 2:  # deeper items are list entries, complete in a line
                continue
            following = items[position + 1] if position + 1 < len(items) else None
            has_text = (following[0] if following else len(part.lines)) > index + 1
            if not has_text and (following is None or following[2].level <= item.level):
                out.append((empty.id, line, empty.message, empty.suggestion))
    if expected and sum(1 for _, _, item in items if item.level == 1) >= 3:
        wanted = list(expected.options.get("sections", {}).get("all", []))
        sector = _sector(expected, sector_text)
        if sector:
            wanted += expected.options.get("sections", {}).get(sector, [])
        heads = " ".join(item.rest[:60] for _, _, item in items)
        anchor = part.title or part.marker or (items[0][1] if items else None)
        for section in wanted:
            if anchor is not None and not any(word in heads for word in section.get("any", [])):
                out.append(
                    (
                        expected.id,
                        anchor,
                        f"{expected.message}：没有“{section['name']}”方面的标题",
                        expected.suggestion,
                    )
                )
    return out


def _sector(rule: Rule, text: str) -> str:
    for sector, words in rule.options.get("sector_words", {}).items():
        if any(word in text for word in words):
            return sector
    return ""
