"""The checks: patterns and arithmetic on one line of text, numbering and sections on a plan.

Line findings depend only on the line, the year and the rules, so they are memoised: a batch lints
the same sentences for every branch, and a bound volume repeats them plan after plan.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from ..context import congress, five_year_plan
from ..numbering import parse_cn_number
from .rules import Rule, RuleSet

_SENTENCE_END = re.compile(r"[。！？；]")
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)年")
_FIVE_YEAR = re.compile(r"十([一二三四五六七八九]?)五(?=”?(?:规划|时期|期间|开局|收官|发展|目标|以来|末|期))")
_FIVE_YEAR_EDGE = re.compile(r"”?(?:规划)?(?:实施)?的?(开局|收官)之年")
_RECAP = re.compile(r"收官|完成|回顾|期间|以来|成就|成效|胜利|圆满|总结|时期取得|编制|谋划")
_PLENUM = re.compile(r"(二十一|二十)届((?:[一二三四五六七八九]中[、和及与]?)+)全会精神")
_EVERY_PLENUM = re.compile(r"历次全会|历届全会")
_CONTEXT = 14


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located, with what to do about it."""

    rule: str
    family: str
    severity: str  # "error" | "warning"
    message: str
    text: str  # what matched
    context: str  # the match with the words around it
    line: int | None  # line in a text file, paragraph in a Word file, line in a YAML file
    column: int | None = None
    suggestion: str = ""
    path: str = ""
    where: str = ""  # more about the place: “块 organization.three-meetings”, “第 2 篇”

    def __str__(self) -> str:
        hint = f"（建议：{self.suggestion}）" if self.suggestion else ""
        place = f"{self.line}:{self.column} " if self.column else (f"{self.line} " if self.line else "")
        return f"{place}[{self.rule}] {self.message}：“{self.text}”{hint}"


Hit = tuple[str, int, int, str, str]  # rule id, start, end, message, suggestion


def context_of(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def sentence_year(text: str, start: int) -> int | None:
    """The year a sentence names before *start*: “2026年是建党105周年” is about 2026."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    years = _YEAR.findall(text, begin, start)
    return int(years[-1]) if years else None


def _sentence(text: str, start: int, end: int) -> str:
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = _SENTENCE_END.search(text, end)
    return text[begin : stop.start() if stop else len(text)]


def _number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    try:
        return parse_cn_number(raw.replace("零", "").replace("〇", "")) if raw else None
    except ValueError:
        return None


class _Memo:
    """Hits per line, bounded: a batch lints the same paragraphs for every branch."""

    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self.data: dict[tuple, tuple[Hit, ...]] = {}

    def get(self, key: tuple) -> tuple[Hit, ...] | None:
        return self.data.get(key)

    def put(self, key: tuple, value: tuple[Hit, ...]) -> None:
        if len(self.data) >= self.size:
            for old in list(self.data)[: self.size // 4]:  # oldest first (dicts keep insertion order)
                del self.data[old]
        self.data[key] = value


_MEMO = _Memo()


def line_hits(rules: RuleSet, text: str, year: int, congress_year: int) -> tuple[Hit, ...]:
    """Every pattern and arithmetic finding in one line of text, for a plan of *year*."""
    return lines_hits(rules, [text], year, congress_year)[0]


def lines_hits(rules: RuleSet, lines: list[str], year: int, congress_year: int) -> list[tuple[Hit, ...]]:
    """:func:`line_hits` for many lines: the new ones are scanned together, one pass per rule."""
    keys = [(rules.token, line, year, congress_year) for line in lines]
    out: list[tuple[Hit, ...] | None] = [_MEMO.get(key) for key in keys]
    missing = sorted({line for line, hits in zip(lines, out, strict=True) if hits is None})
    if missing:
        found = _scan(rules, missing, year, congress_year)
        for line in missing:
            _MEMO.put((rules.token, line, year, congress_year), found.get(line, ()))
        out = [
            hits if hits is not None else found.get(line, ()) for line, hits in zip(lines, out, strict=True)
        ]
    return out  # type: ignore[return-value]


def _scan(rules: RuleSet, lines: list[str], year: int, congress_year: int) -> dict[str, tuple[Hit, ...]]:
    joined = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    present = set(joined)
    latest = congress(year, congress_year)["latest"]
    per_line: dict[int, list[Hit]] = {}

    def where(position: int) -> int:
        return bisect_right(starts, position) - 1

    for rule in rules.text_rules:
        if not rule.applies(year, latest) or (rule.needs and present.isdisjoint(rule.needs)):
            continue
        for match in rule.regex.finditer(joined):
            index = where(match.start())
            offset = starts[index]
            text = lines[index]
            start, end = match.start() - offset, min(match.end() - offset, len(text))
            if _excused(rule, text, start, end):
                continue
            if rule.check == "anniversary":
                hit = _anniversary(rule, text, match, start, end, year)
                if hit is not None:
                    per_line.setdefault(index, []).append(hit)
                continue
            if rule.ended is not None:
                message = rule.message or f"该活动已于{rule.ended}年结束，不应作为{year}年的工作"
                suggestion = rule.suggestion or "删除，或改写为当前的部署"
            else:
                stale = rule.stale_from or rule.stale_from_congress
                message = f"{year}年的计划中{rule.message}" if stale else rule.message
                suggestion = rule.suggestion
            per_line.setdefault(index, []).append((rule.id, start, end, message, suggestion))
    for rule in rules.line_checks:
        trigger = "五" if rule.check == "five-year-plan" else "全会"
        if trigger not in joined:
            continue
        for index, text in enumerate(lines):
            if trigger in text:
                check = _five_year_plans if rule.check == "five-year-plan" else _plenums
                per_line.setdefault(index, []).extend(check(rule, text, year, congress_year))
    return {lines[index]: tuple(_without_nested(hits, rules)) for index, hits in per_line.items()}


def _excused(rule: Rule, text: str, start: int, end: int) -> bool:
    if rule.unless is None:
        return False
    return rule.unless_regex.search(text[max(0, start - 20) : end + 20]) is not None


def _anniversary(rule: Rule, text: str, match: Any, start: int, end: int, year: int) -> Hit | None:
    raw = next((g for g in match.groups() if g), "")
    number = _number(raw)
    if number is None or rule.founded is None:
        return None
    about = sentence_year(text, start) or year
    expected = about - rule.founded
    if number == expected:
        return None
    name = rule.name or "周年"
    message = rule.message or f"{about}年是{name}{expected}周年，不是{number}周年"
    return (rule.id, start, end, message, rule.suggestion or f"{name}{expected}周年")


def _five_year_plans(rule: Rule, text: str, year: int, congress_year: int) -> list[Hit]:
    hits: list[Hit] = []
    for match in _FIVE_YEAR.finditer(text):
        number = 10 + (_number(match.group(1)) or 0)
        name = f"“十{match.group(1)}五”"
        about = sentence_year(text, match.start()) or year
        if about < 1966:
            continue
        current = five_year_plan(about)
        first = 1966 + 5 * (number - 3)
        edge = _FIVE_YEAR_EDGE.match(text, match.end())
        if edge:
            expected = first if edge.group(1) == "开局" else first + 4
            if expected != about:
                word = edge.group(1)
                hits.append((rule.id, match.start(), edge.end(), f"{name}{word}之年是{expected}年，不是{about}年",
                             f"{about}年是“{current['name']}”规划实施的第{current['index_cn']}年"))  # fmt: skip
            continue
        if number < current["number"] and not _RECAP.search(_sentence(text, match.start(), match.end())):
            hits.append((rule.id, match.start(), match.end(), f"{name}已于{first + 4}年结束，{about}年处在“{current['name']}”时期",
                         f"“{current['name']}”规划"))  # fmt: skip
    return hits


def _plenums(rule: Rule, text: str, year: int, congress_year: int) -> list[Hit]:
    hits: list[Hit] = []
    plenums = rule.options.get("plenums", [])
    for match in _PLENUM.finditer(text):
        about = sentence_year(text, match.start()) or year
        number = parse_cn_number(match.group(1))
        orders = [parse_cn_number(x) for x in re.findall(r"([一二三四五六七八九])中", match.group(2))]
        if _EVERY_PLENUM.search(_sentence(text, match.start(), match.end())):
            continue
        latest_congress = congress(about, congress_year)["latest"]
        if number < latest_congress:
            hits.append((rule.id, match.start(), match.end(),
                         f"{about}年党的{_cn(latest_congress)}大已经召开，{match.group(1)}届全会精神已不是最新",
                         f"党的{_cn(latest_congress)}大和{_cn(latest_congress)}届历次全会精神"))  # fmt: skip
            continue
        held = [p for p in plenums if p[1] == number and p[3] < dt.date(about, 1, 1)]
        if held and max(orders) < held[-1][2]:
            name, _, _, day = held[-1]
            hits.append((rule.id, match.start(), match.end(),
                         f"{about}年的计划中{rule.message}：{name}全会已于{day.year}年{day.month}月召开",
                         rule.suggestion))  # fmt: skip
    return hits


def _cn(number: int) -> str:
    from ..numbering import cn_number

    return cn_number(number)


def _without_nested(hits: list[Hit], rules: RuleSet) -> list[Hit]:
    """A residue match inside a longer one (“xx” inside “20xx年”) says the same thing twice."""
    if len(hits) < 2:
        return sorted(hits, key=lambda h: (h[1], h[0]))
    family = {rule.id: rule.family for rule in rules.rules}
    kept = []
    for hit in hits:
        inside = any(
            other is not hit
            and family.get(other[0]) == family.get(hit[0])
            and other[1] <= hit[1]
            and hit[2] <= other[2]
            and (other[2] - other[1]) > (hit[2] - hit[1])
            for other in hits
        )
        if not inside:
            kept.append(hit)
    return sorted(kept, key=lambda h: (h[1], h[0]))
