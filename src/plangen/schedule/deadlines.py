"""Deadlines the plan's own text states — 每月10日前完成收缴, 3月底前召开组织生活会, 一季度内完成民主
评议 — read from its paragraphs and bound to the schedule rules they speak of, so the calendar
keeps them: an activity dated past its deadline moves to the last working day before it, and one
that cannot (no working day left) is a conflict that ``schedule --check`` and ``lint`` report.

A deadline binds the rules of the block whose text states it (the paragraph's own block), the one
whose name shares most of its words with the clause around the deadline — 收缴党费 for “支部每月10日
前完成收缴” — and only a rule it can bind: a monthly deadline a monthly rule, a date a rule held once a
year. Text that names no rule of its block binds a rule of another block only when the sentence
names it almost word for word.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..bounds import TEXTS
from ..document import Document, Event, Heading, Paragraph, Recurrence, RunIn
from .rules import MAX_PER_DAY, month_day, rule_of

_NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_BEFORE = r"(?:前|之前|以前)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("monthly", re.compile(rf"每(?:个)?月(?:的)?{_NUMBER}[日号]{_BEFORE}")),
    ("date", re.compile(rf"(?<![\d年]){_NUMBER}月{_NUMBER}[日号]{_BEFORE}")),
    ("month-end", re.compile(rf"(?<!\d){_NUMBER}月(?:份)?(?:底|末){_BEFORE}")),
    ("quarter", re.compile(r"(?:第)?([一二三四1-4])季度(?:内|末前|结束前|底前)")),
    ("half", re.compile(r"上半年(?:内|底前|末前|结束前)")),
]
_WIDE_DIGITS = str.maketrans(
    "０１２３４５６７８９", "0123456789"
)  # as pasted from a web page; nothing else changed
_CLAUSE = re.compile(r"[，,；;：:]")
_SENTENCE = re.compile(r"[。！？!?]")
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SAME_BLOCK = 0.5  # of a rule's name in the sentence, when the clause itself shares none of it
OTHER_BLOCK = 0.75  # another block's rule: the sentence names it almost word for word


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline of the text and the rules it binds."""

    phrase: str  # 每月10日前
    sentence: str  # the sentence it is in, as the reader finds it
    source: str  # the block whose text states it
    kind: str  # monthly | date | month-end | quarter | half
    day: int = 0  # monthly: by this day of every month
    by: dt.date | None = None  # the others: by this date of the plan year
    rules: tuple[tuple[str, int], ...] = ()  # (block, rule position) of the rules it binds

    def limit(self, event: Event) -> dt.date:
        """The last day *event* may fall on."""
        if self.by is not None:
            return self.by
        last = _calendar.monthrange(event.date.year, event.date.month)[1]
        return event.date.replace(day=min(self.day, last))


def number(text: str) -> int:
    """``10`` or ``十`` … ``三十一`` as an int."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _DIGITS.get(text, 0)
    return (_DIGITS.get(tens, 0) if tens else 1) * 10 + _DIGITS.get(ones, 0)


def stated(doc: Document) -> list[Deadline]:
    """Every deadline the plan's text states that binds a rule of its calendar."""
    recurrences = doc.recurrences
    if not recurrences:
        return []
    out: list[Deadline] = []
    for text, source in _texts(doc):
        for kind, groups, phrase, sentence, clause in (
            _phrases(text) if ("前" in text or "内" in text) else ()
        ):
            deadline = _deadline(kind, groups, phrase, sentence, source, doc.year)
            if deadline is not None:
                bound = _bind(deadline, clause, recurrences)
                if bound:
                    out.append(replace(deadline, rules=bound))
    return out


@functools.lru_cache(maxsize=TEXTS)  # a batch's plans share their sentences
def _phrases(text: str) -> tuple[tuple[str, tuple[str, ...], str, str, str], ...]:
    """(kind, its numbers, phrase, sentence, clause) of each deadline phrase in *text*."""
    found = []
    for sentence in filter(None, _SENTENCE.split(text.translate(_WIDE_DIGITS))):
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(sentence):
                found.append(
                    (kind, match.groups(), match.group(0), sentence, _clause(sentence, match.start()))
                )
    return tuple(found)


def _texts(doc: Document) -> Iterable[tuple[str, str]]:
    for node in doc.body:
        if isinstance(node, Paragraph):
            yield node.text, node.source
        elif isinstance(node, RunIn):
            yield f"{node.text}。{node.body}", node.source
        elif isinstance(node, Heading):
            yield node.text, node.source


def _deadline(
    kind: str, groups: tuple[str, ...], phrase: str, sentence: str, source: str, year: int
) -> Deadline | None:
    """The deadline a phrase states, or None for a day no calendar has (每月32日前, 2月30日前)."""
    try:
        if kind == "monthly":
            day = number(groups[0])
            return Deadline(phrase, sentence, source, kind, day=day) if 1 <= day <= 31 else None
        if kind == "date":
            by = dt.date(year, number(groups[0]), number(groups[1]))
        elif kind == "month-end":
            month = number(groups[0])
            by = dt.date(year, month, _calendar.monthrange(year, month)[1])
        elif kind == "quarter":
            quarter = number(groups[0])
            by = dt.date(year, 3 * quarter, _calendar.monthrange(year, 3 * quarter)[1])
        else:
            by = dt.date(year, 6, 30)
    except ValueError:
        return None
    return Deadline(phrase, sentence, source, kind, by=by)


def _clause(sentence: str, position: int) -> str:
    """The clause of *sentence* around *position* (between its commas and semicolons)."""
    starts = [0, *(m.end() for m in _CLAUSE.finditer(sentence))]
    start = max(s for s in starts if s <= position)
    end = next((m.start() for m in _CLAUSE.finditer(sentence, position)), len(sentence))
    return sentence[start:end]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _share(name: str, text: str) -> float:
    """How much of *name*'s words (its two-character pieces) *text* contains."""
    pieces = _bigrams(name)
    return sum(1 for piece in pieces if piece in text) / len(pieces)


def _binds(deadline: Deadline, rec: Recurrence) -> bool:
    """A monthly deadline binds a monthly rule; a date, a rule held once a year."""
    if deadline.kind == "monthly":
        return rec.every == "month"
    return rec.every == "year" or (rec.every == "dates" and len(rec.dates) == 1)


def _bind(deadline: Deadline, clause: str, recurrences: list[Recurrence]) -> tuple[tuple[str, int], ...]:
    """The rules *deadline* speaks of: of its own block, those the clause names best (or, where the
    clause names none, the sentence names at least half of); else another block's the sentence
    names almost whole."""
    candidates = [rec for rec in recurrences if _binds(deadline, rec)]
    own = [rec for rec in candidates if rec.source == deadline.source]
    for recs, text, least in (
        (own, clause, 1e-9),
        (own, deadline.sentence, SAME_BLOCK),
        (candidates, deadline.sentence, OTHER_BLOCK),
    ):
        scores = {(rec.source, rec.index): _share(rec.name, text) for rec in recs}
        best = max(scores.values(), default=0.0)
        if best >= least:
            return tuple(rule for rule, score in scores.items() if score == best)
    return ()


def keep(
    events: list[Event], deadlines: list[Deadline], is_workday: Callable[[dt.date], bool]
) -> list[Event]:
    """*events* with every one past a deadline its text states moved to the last working day before
    it with room (at most :data:`~plangen.schedule.rules.MAX_PER_DAY` activities), or to the last
    working day; where there is none (the month, or the year, has no working day left before it),
    it stays and is marked a conflict."""
    if not deadlines:
        return events
    by_rule: dict[tuple[str, int], list[Deadline]] = {}
    for deadline in deadlines:
        for rule in deadline.rules:
            by_rule.setdefault(rule, []).append(deadline)
    counts: dict[dt.date, int] = {}
    for event in events:
        counts[event.date] = counts.get(event.date, 0) + 1
    out = []
    for event in events:
        for deadline in by_rule.get(rule_of(event), ()):
            limit = deadline.limit(event)
            if event.date <= limit:
                continue
            first = limit.replace(day=1) if deadline.kind == "monthly" else dt.date(limit.year, 1, 1)
            days = [limit - dt.timedelta(days=n) for n in range((limit - first).days + 1)]
            working = [day for day in days if is_workday(day)]
            said = f"正文“{deadline.phrase}”"
            if not working:
                why = f"{said}，期限前没有工作日，无法满足"
                event = replace(event, why="；".join(filter(None, [event.why, why])), conflict=True)
                continue
            day = next((d for d in working if counts.get(d, 0) < MAX_PER_DAY), working[0])
            counts[event.date] -= 1
            counts[day] = counts.get(day, 0) + 1
            why = f"{month_day(event.date)}已过{said}的期限，提前"
            event = replace(event, date=day, moved=True, why=why, conflict=False)
        out.append(event)
    return sorted(out, key=lambda event: event.date)  # stable: a day's order is kept


def unmet(doc: Document) -> list[tuple[Deadline, Event]]:
    """Each event of the dated plan still past a deadline its text states, with the deadline."""
    return [
        (deadline, event)
        for deadline in stated(doc)
        for event in doc.events
        if rule_of(event) in deadline.rules and event.date > deadline.limit(event)
    ]
