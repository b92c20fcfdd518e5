"""The checks: patterns and arithmetic on one line of text, numbering and sections on a plan.

Line findings depend only on the line, the year and the rules, so they are memoised: a batch lints
the same sentences for every branch, and a bound volume repeats them plan after plan.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..bounds import TEXTS
from ..context import congress
from ..context import five_year_plan as _five_year_plan
from ..numbering import parse_cn_number, parse_written_number
from ..readers.lines import SENTENCE_END
from .rules import Rule, RuleSet

if TYPE_CHECKING:
    from ..readers import Line

_YEAR = re.compile(r"(?<!\d)([12][0-9]{3})年")
_FIVE_YEAR = re.compile(
    r"(?<![第〇零一二三四五六七八九十])十([一二三四五六七八九]?)五"
    r"(?=[”」\"]?(?:规划|时期|期间|开局|收官|发展|目标|以来|末期|期末))"
)
_FIVE_YEAR_EDGE = re.compile(r"[”」\"]?(?:规划)?(?:实施)?的?(开局|收官)之年")
_RECAP = re.compile(r"收官|完成|回顾|期间|以来|成就|成效|胜利|圆满|总结|时期取得|编制|谋划")
_AIM = re.compile(
    r"确保|力争|奋力|冲刺|全力|努力|推动|实现"
)  # a recap word after these is a goal still ahead
_PLENUM = re.compile(r"(二十一|二十)届((?:[一二三四五六七八九]中(?:全会)?[、和及与]?)+)全会精神")
_EVERY_PLENUM = re.compile(r"历次全会|历届全会")
_DATE = re.compile(r"(?<!\d)([12][0-9]{3})年(\d{1,2})月(?:(\d{1,2})日)?")
# a past date is a schedule copied from an old plan when an action follows it (“2026年3月召开党员大会”),
# and history when it names an event (“2025年10月召开的全会”, “成立于2015年6月”, “2024年7月被评为”)
_PLANNED = re.compile(
    r"[上中下]?旬?(?:前|底前|以前|之前)?[，,]?(?:召开|开展|组织|举办|举行|完成|启动|进行|部署|安排|落实|提交|报送)(?!的)"
)
_CONTEXT = 14
five_year_plan = functools.lru_cache(maxsize=64)(_five_year_plan)  # read only here: asked for each match
MAX_HITS_PER_LINE = 50  # a pasted line of 20,000 “xx”: fifty say it
MAX_MATCHES_PER_LINE = 4 * MAX_HITS_PER_LINE  # a rule's matches taken from one line, before nested ones go


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


Hit = tuple[
    str, int, int, str, str, str
]  # rule id, start, end, message, suggestion, severity ("" = the rule's)


def context_of(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


class Sentences:
    """Where a line's sentences end and which years it names, found once per line (a pasted page
    of one line may hold thousands of matches)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [m.end() for m in SENTENCE_END.finditer(text)]
        self.years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(text)]
        self.year_starts = [start for start, _ in self.years]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        index = bisect_right(self.ends, start)
        begin = self.ends[index - 1] if index else 0
        after = bisect_right(self.ends, end - 1) if end > start else index
        stop = self.ends[after] - 1 if after < len(self.ends) else len(self.text)
        return begin, max(stop, begin)

    def sentence(self, start: int, end: int) -> str:
        """The sentence around a match, at most 120 characters either side (a pasted page may be one
        “sentence” of thousands of characters)."""
        begin, stop = self.bounds(start, end)
        return self.text[max(begin, start - 120) : min(stop, end + 120)]

    def year(self, start: int, after: int = 0) -> int | None:
        """The last year named in the sentence before *start* that is later than *after*."""
        begin, _ = self.bounds(start, start)
        index = bisect_right(self.year_starts, start) - 1
        begin = max(begin, start - 120)
        while index >= 0 and self.years[index][0] >= begin:
            if self.years[index][1] > after and self.years[index][0] + 5 <= start:
                return self.years[index][1]
            index -= 1
        return None


class _Memo:
    """Hits per line, bounded: a batch lints the same paragraphs for every branch. One table per
    (rules, year, congress year), so a line is looked up by itself, not by a tuple made for it."""

    def __init__(self, size: int = TEXTS, contexts: int = 8) -> None:
        self.size = size  # lines per table
        self.contexts = contexts
        self.data: dict[tuple, dict[str, tuple[Hit, ...]]] = {}

    def table(self, context: tuple) -> dict[str, tuple[Hit, ...]]:
        table = self.data.get(context)
        if table is None:
            if len(self.data) >= self.contexts:
                del self.data[next(iter(self.data))]  # the oldest (dicts keep insertion order)
            table = self.data[context] = {}
        return table

    def put(self, context: tuple, lines: list[str], found: dict[str, tuple[Hit, ...]]) -> None:
        """Remember the last *size* of *lines* scanned, dropping the oldest first."""
        table = self.table(context)
        lines = lines[-self.size :]
        excess = len(table) + len(lines) - self.size
        if excess > 0:
            for old in list(itertools.islice(table, max(excess, self.size // 4))):
                del table[old]
        for line in lines:
            table[line] = found.get(line, ())


_MEMO = _Memo()


def lines_hits(rules: RuleSet, lines: list[str], year: int, congress_year: int) -> list[tuple[Hit, ...]]:
    """Every pattern and arithmetic finding in each line, for a plan of *year*: lines seen before come
    from the memo, the new ones are scanned together, one pass per rule."""
    context = (rules.token, year, congress_year)
    known = _MEMO.table(context).get
    out: list[tuple[Hit, ...] | None] = [known(line) for line in lines]
    missing = sorted({line for line, hits in zip(lines, out, strict=True) if hits is None})
    if missing:
        found = _scan(rules, missing, year, congress_year)
        _MEMO.put(context, missing, found)
        out = [
            hits if hits is not None else found.get(line, ()) for line, hits in zip(lines, out, strict=True)
        ]
    return out  # type: ignore[return-value]


def _scan(rules: RuleSet, lines: list[str], year: int, congress_year: int) -> dict[str, tuple[Hit, ...]]:
    """One pass per rule over the new lines joined; a match running into the next line does not
    count there, and the lines it touched are scanned again on their own. A rule's first
    :data:`MAX_MATCHES_PER_LINE` matches in a line are taken, the rest of the line skipped."""
    joined = "\n".join(lines)
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    present = set(joined)
    latest = congress(year, congress_year)["latest"]
    per_line: dict[int, list[Hit]] = {}
    sentences: dict[int, Sentences] = {}

    def sentences_of(index: int) -> Sentences:
        if index not in sentences:
            sentences[index] = Sentences(lines[index])
        return sentences[index]

    for rule in rules.text_rules:
        if not rule.applies(year, latest) or (rule.needs and present.isdisjoint(rule.needs)):
            continue
        if any(present.isdisjoint(chars) for chars in rule.literal_needs):
            continue  # a character every match needs is not in this piece of text
        severity = (
            "warning" if rule.warn_from is not None and rule.stale_from and year < rule.stale_from else ""
        )
        if rule.ended is not None:
            message = rule.message or f"该活动已于{rule.ended}年结束，不应作为{year}年的工作"
            suggestion = rule.suggestion or "删除，或改写为当前的部署"
        else:
            stale = rule.stale_from or rule.stale_from_congress
            message = f"{year}年的计划中{rule.message}" if stale else rule.message
            suggestion = rule.suggestion
        again, found = _matches(rule.regex, joined, starts, lines)
        if again:
            found = [item for item in found if item[0] not in again]
            for index in sorted(again):
                alone = itertools.islice(rule.regex.finditer(lines[index]), MAX_MATCHES_PER_LINE)
                found += [(index, m.start(), m.end(), m) for m in alone]
        for index, start, end, match in found:
            text = lines[index]
            if start == end or _excused(rule, text, start, end):
                continue
            if rule.check == "anniversary":
                hit = _anniversary(rule, sentences_of(index), match, start, end, year)
                if hit is not None:
                    per_line.setdefault(index, []).append(hit)
                continue
            per_line.setdefault(index, []).append((rule.id, start, end, message, suggestion, severity))
    for rule in rules.line_checks:
        trigger = "五" if rule.check == "five-year-plan" else "全会"
        if trigger not in joined:
            continue
        check = _five_year_plans if rule.check == "five-year-plan" else _plenums
        for index in _lines_with(joined, starts, trigger):
            per_line.setdefault(index, []).extend(check(rule, sentences_of(index), year, congress_year))
    return {lines[index]: tuple(_without_nested(hits, rules)) for index, hits in per_line.items()}


def _matches(
    regex: Any, joined: str, starts: list[int], lines: list[str]
) -> tuple[set[int], list[tuple[int, int, int, Any]]]:
    """A rule's matches in *joined*, each as (line index, start, end, match) within its line, and
    the lines a match ran across. Past :data:`MAX_MATCHES_PER_LINE` in one line the search goes on
    from the next line: a pasted page of one line may hold millions of matches, and only the first
    fifty findings of a line are said."""
    again: set[int] = set()
    found: list[tuple[int, int, int, Any]] = []
    taken: dict[int, int] = {}
    position: int | None = 0
    while position is not None:
        following, position = position, None
        for match in regex.finditer(joined, following):
            begin, end = match.span()
            index = bisect_right(starts, begin) - 1
            offset = starts[index]
            if end - offset > len(lines[index]):  # ran into the next line
                again.add(index)
                again.add(bisect_right(starts, end - 1) - 1)
                continue
            found.append((index, begin - offset, end - offset, match))
            count = taken[index] = taken.get(index, 0) + 1
            if count >= MAX_MATCHES_PER_LINE:  # the rest of this line is skipped
                position = starts[index + 1] if index + 1 < len(starts) else None
                break
    return again, found


def _lines_with(joined: str, starts: list[int], word: str) -> Iterator[int]:
    """The indexes of the lines of *joined* (starting at *starts*) that contain *word*, in order:
    found by searching the text, not by asking each of its lines."""
    position = joined.find(word)
    while position >= 0:
        index = bisect_right(starts, position) - 1
        yield index
        following = starts[index + 1] if index + 1 < len(starts) else len(joined)
        position = joined.find(word, following)


def _excused(rule: Rule, text: str, start: int, end: int) -> bool:
    if rule.unless is None:
        return False
    return rule.unless_regex.search(text[max(0, start - 20) : end + 20]) is not None


def _anniversary(rule: Rule, sentences: Sentences, match: Any, start: int, end: int, year: int) -> Hit | None:
    raw = next((g for g in match.groups() if g), "")
    number = parse_written_number(raw)
    if number is None or rule.founded is None:
        return None
    about = sentences.year(start, after=rule.founded) or year  # not “1921年成立” itself
    expected = about - rule.founded
    if number == expected:
        return None
    name = rule.name or "周年"
    message = rule.message or f"{about}年是{name}{expected}周年，不是{number}周年"
    return (rule.id, start, end, message, rule.suggestion or f"{name}{expected}周年", "")


def _five_year_plans(rule: Rule, sentences: Sentences, year: int, congress_year: int) -> list[Hit]:
    hits: list[Hit] = []
    text = sentences.text
    for match in itertools.islice(_FIVE_YEAR.finditer(text), MAX_MATCHES_PER_LINE):
        number = 10 + (parse_written_number(match.group(1)) or 0)
        name = f"“十{match.group(1)}五”"
        about = sentences.year(match.start()) or year
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
                             f"{about}年是“{current['name']}”规划实施的第{current['index_cn']}年", ""))  # fmt: skip
            continue
        sentence = sentences.sentence(match.start(), match.end())
        recap = _RECAP.search(sentence) and not _AIM.search(sentence)
        if number < current["number"] and not recap:
            hits.append((rule.id, match.start(), match.end(), f"{name}已于{first + 4}年结束，{about}年处在“{current['name']}”时期",
                         f"“{current['name']}”规划", ""))  # fmt: skip
    return hits


def _plenums(rule: Rule, sentences: Sentences, year: int, congress_year: int) -> list[Hit]:
    hits: list[Hit] = []
    text = sentences.text
    plenums = rule.options.get("plenums", [])
    for match in itertools.islice(_PLENUM.finditer(text), MAX_MATCHES_PER_LINE):
        about = sentences.year(match.start()) or year
        number = parse_cn_number(match.group(1))
        orders = [parse_cn_number(x) for x in re.findall(r"([一二三四五六七八九])中", match.group(2))]
        if _EVERY_PLENUM.search(sentences.sentence(match.start(), match.end())):
            continue
        latest_congress = congress(about, congress_year)["latest"]
        if number < latest_congress:
            hits.append((rule.id, match.start(), match.end(),
                         f"{about}年党的{_cn(latest_congress)}大已经召开，{match.group(1)}届全会精神已不是最新",
                         f"党的{_cn(latest_congress)}大和{_cn(latest_congress)}届历次全会精神", ""))  # fmt: skip
            continue
        held = [p for p in plenums if p[1] == number and p[3] < dt.date(about, 1, 1)]
        if held and max(orders) < held[-1][2]:
            name, _, _, day = held[-1]
            hits.append((rule.id, match.start(), match.end(),
                         f"{about}年的计划中{rule.message}：{name}全会已于{day.year}年{day.month}月召开",
                         rule.suggestion, ""))  # fmt: skip
    return hits


def _cn(number: int) -> str:
    from ..numbering import cn_number

    return cn_number(number)


def _without_nested(hits: list[Hit], rules: RuleSet) -> list[Hit]:
    """Of overlapping matches of one family (“xx” inside “20xx年”, “中国* * *” and “*党”) the
    longest says it; at most :data:`MAX_HITS_PER_LINE` per line."""
    if len(hits) < 2:
        return hits
    family = rules.family
    ordered = sorted(hits, key=lambda h: (h[1], -(h[2] - h[1]), h[0]))
    kept: list[Hit] = []
    reach: dict[str, Hit] = {}  # per family: the kept hit reaching furthest right
    for hit in ordered:
        group = family.get(hit[0], "")
        last = reach.get(group)
        if last is not None and hit[1] < last[2] and (last[2] - last[1]) >= (hit[2] - hit[1]):
            continue  # overlaps a longer (or as long, earlier) match of its family
        kept.append(hit)
        if last is None or hit[2] > last[2]:
            reach[group] = hit
        if len(kept) >= MAX_HITS_PER_LINE:
            break
    return sorted(kept, key=lambda h: (h[1], h[0]))


def dates_off_year(lines: list[Line], year: int) -> list[tuple[Line, int, int, str]]:
    """Dates that do not fit a plan of *year*: a signature outside the months around its start, a
    date more than a year ahead, or an earlier year's date with an action planned on it; at most
    :data:`MAX_HITS_PER_LINE` in a line."""
    found = []
    for line in lines:
        text = line.text
        if "年" not in text:
            continue
        opened = closed = counted = 0  # 《 and 》 before the match, counted once along the line
        said = 0
        for match in itertools.islice(_DATE.finditer(text), MAX_MATCHES_PER_LINE):
            when, month = int(match.group(1)), int(match.group(2))
            opened += text.count("《", counted, match.start())
            closed += text.count("》", counted, match.start())
            counted = match.start()
            if opened > closed:
                continue  # inside a title of a document
            signature = match.group() == text.strip()
            if signature:
                if when == year or (
                    when == year - 1 and month >= 9
                ):  # signed in the autumn before, or in the year
                    continue
                message = f"落款日期{when}年{month}月与{year}年度的计划不符"
            elif when > year + 1:
                message = f"{year}年度的计划中出现了{when}年的日期"
            elif when < year and _PLANNED.match(text, match.end()):
                message = f"{year}年度的计划把工作安排在{when}年{month}月"
            else:
                continue
            found.append((line, match.start(), match.end(), message))
            said += 1
            if said >= MAX_HITS_PER_LINE:
                break
    return found
