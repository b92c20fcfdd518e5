"""Lint rules as data: the shipped ``data/lint.yaml`` plus users' ``lint.yaml`` in their libraries.

A new stale phrase is one line of YAML, not code. Shipped patterns are Python regular expressions
(we write them and need look-around); a user's are RE2, matched in linear time whatever they say.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PlanError, PlanErrors
from ..patterns import PatternError, compile_pattern

if TYPE_CHECKING:
    from ..safeyaml import SourceMap

FAMILIES = {"residue": "残留", "currency": "时效", "arithmetic": "年份计算", "structure": "结构"}
SEVERITIES = {"error": "错误", "warning": "警告"}
# built-in checks and the families they belong to; users may reuse "anniversary" with their own dates
CHECKS = {
    "control-character": "residue",
    "site-text": "residue",
    "five-year-plan": "currency",
    "plenum": "currency",
    "anniversary": "arithmetic",
    "title-year": "arithmetic",
    "stated-deadline": "arithmetic",
    "ordinal-gap": "structure",
    "ordinal-restart": "structure",
    "ordinal-order": "structure",
    "level-jump": "structure",
    "duplicate-heading": "structure",
    "empty-section": "structure",
    "expected-sections": "structure",
    "not-a-plan": "structure",
}
USER_CHECKS = {"anniversary", "plenum"}  # own dates: a founding year, a plenum held
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")
_FIELDS = {
    "id", "pattern", "check", "unless", "message", "suggestion", "severity", "stale_from", "warn_from",
    "stale_from_congress", "ended", "founded", "name", "bad", "good", "year", "plenums", "sections",
    "sector_words", "needs",
}  # fmt: skip
MAX_RULES = 500
_TOKENS = itertools.count()


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    id: str
    family: str
    severity: str
    message: str = ""
    suggestion: str = ""
    pattern: str | None = None  # Python syntax (shipped) or RE2 (users'); compiled on first use
    check: str = ""
    unless: str | None = None
    stale_from: int | None = None
    warn_from: int | None = None  # a warning from this year until stale_from, an error after
    stale_from_congress: int | None = None
    ended: int | None = None
    founded: int | None = None
    name: str = ""
    needs: frozenset[str] = frozenset()  # characters one of which any match contains (a fast skip)
    options: dict[str, Any] = field(default_factory=dict)  # plenums, sections, sector_words
    origin: str = ""  # the file it came from (users' rules)
    user: bool = False  # RE2 patterns

    @property
    def regex(self) -> Any:
        assert self.pattern is not None
        return compiled(self.pattern, self.user)

    @property
    def unless_regex(self) -> Any:
        return compiled(self.unless, self.user) if self.unless else None

    @property
    def literal_needs(self) -> tuple[frozenset[str], ...]:
        """Sets of characters every match contains one of each of, read from a shipped pattern: a
        piece of text that misses a set is not scanned for the rule (none named: always scanned)."""
        return literal_needs(self.pattern) if self.pattern is not None and not self.user else ()

    def applies(self, year: int, latest_congress: int) -> bool:
        """Whether the rule can fire in a plan of *year*."""
        first = self.warn_from if self.warn_from is not None else self.stale_from
        if first is not None and year < first:
            return False
        if self.stale_from_congress is not None and latest_congress < self.stale_from_congress:
            return False
        return not (self.ended is not None and year <= self.ended)


@dataclass(eq=False)
class RuleSet:
    rules: list[Rule]
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → {bad, good, year}

    def __post_init__(self) -> None:
        self.token = next(_TOKENS)  # names this rule set in memos (an id() may be reused)
        self.by_id = {rule.id: rule for rule in self.rules}
        self.family = {rule.id: rule.family for rule in self.rules}
        self.text_rules = [r for r in self.rules if r.pattern is not None and r.check in ("", "anniversary")]
        self.line_checks = [r for r in self.rules if r.check in ("five-year-plan", "plenum")]
        self._checks: dict[str, Rule] = {}
        for rule in self.rules:
            self._checks.setdefault(rule.check, rule)

    def get(self, check: str) -> Rule | None:
        """The (first) enabled rule running the built-in *check* (asked for every plan of a file)."""
        return self._checks.get(check)

    def without(self, check: str) -> RuleSet:
        """These rules but those running *check*: the importer drops site text itself and says so,
        so its report need not lint for it (``site-text``)."""
        return RuleSet([rule for rule in self.rules if rule.check != check], self.examples)


def builtin_text() -> str:
    return resources.files("plangen").joinpath("data", "lint.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def builtin() -> RuleSet:
    """The shipped rules, kept checked in the per-user cache (parsing them is most of the cost)."""
    import pickle

    from .. import cache

    text = builtin_text()
    name = cache.key("lint-rules", text)  # the parsed and checked rules (the key covers our code)
    blob = cache.get(name)
    if blob is not None:
        try:
            rules, examples = pickle.loads(blob)
            return RuleSet(rules, examples)
        except Exception:  # a damaged entry: read the file again
            pass
    from ..safeyaml import load_text

    data, source = load_text(text, "plangen/data/lint.yaml")
    rules, examples, _ = _rules(data, source, user=False)
    cache.put(name, pickle.dumps((rules, examples), protocol=pickle.HIGHEST_PROTOCOL))
    return RuleSet(rules, examples)


def for_library(roots: list[Path]) -> RuleSet:
    """The shipped rules overlaid by each library root's ``lint.yaml`` in turn."""
    files = [root / "lint.yaml" for root in roots if (root / "lint.yaml").is_file()]
    if not files:
        return builtin()
    from ..safeyaml import load_file

    base = builtin()
    rules = {rule.id: rule for rule in base.rules}
    examples = dict(base.examples)
    for path in files:
        data, source = load_file(path)
        added, more, disabled = _rules(data, source, user=True)
        for rule_id in disabled:
            rules.pop(rule_id, None)
        for rule in added:
            rules[rule.id] = rule
        examples.update(more)
    return RuleSet(list(rules.values()), examples)


RULE_FILE_KEYS = {"residue", "currency", "arithmetic", "structure", "disable"}


def is_rule_file(data: object) -> bool:
    """Whether loaded YAML is a rule file (a library's lint.yaml) rather than a block, template or spec."""
    return isinstance(data, dict) and bool(data) and set(data) <= RULE_FILE_KEYS


def check_rule_file(data: object, source: SourceMap) -> None:
    """A user's rule file, checked as ``plangen lint`` would load it (PlanError otherwise)."""
    _rules(data, source, user=True)


def _rules(
    data: object, source: SourceMap, user: bool
) -> tuple[list[Rule], dict[str, dict[str, Any]], list[str]]:
    """Rules, examples and disabled ids from a loaded rule file; every problem located."""
    problems: list[PlanError] = []
    if not isinstance(data, dict):
        raise source.error((), "规则文件应是映射：residue、currency、arithmetic、structure 下列出规则")
    rules: list[Rule] = []
    examples: dict[str, dict[str, Any]] = {}
    disabled: list[str] = []
    seen: set[str] = set()
    for key, group in data.items():
        if key == "disable" and user:
            if not isinstance(group, list) or not all(isinstance(x, str) for x in group):
                problems.append(source.error(("disable",), "disable 应是规则编号的列表，如 [R003, S008]"))
            else:
                disabled += group
            continue
        if key not in FAMILIES:
            names = "、".join(FAMILIES) + ("、disable" if user else "")
            problems.append(source.error((key,), f"未知的规则类别：{key}", hint=f"可用：{names}"))
            continue
        if not isinstance(group, list):
            problems.append(source.error((key,), f"{key} 下应是规则列表"))
            continue
        for index, raw in enumerate(group):
            where = (key, index)
            try:
                rule, example = _rule(raw, key, source, where, user)
            except PlanError as exc:
                problems.append(exc)
                continue
            if rule.id in seen:
                problems.append(source.error((*where, "id"), f"规则编号重复：{rule.id}"))
                continue
            seen.add(rule.id)
            rules.append(rule)
            if example:
                examples[rule.id] = example
    if len(rules) > MAX_RULES:
        problems.append(source.error((), f"规则过多（{len(rules)} 条，上限 {MAX_RULES}）"))
    PlanErrors.raise_if_any(problems)
    return rules, examples, disabled


def _rule(
    raw: object, family: str, source: SourceMap, where: tuple, user: bool
) -> tuple[Rule, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise source.error(where, "每条规则应是映射（id、pattern、message……）")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise source.error((*where, unknown[0]), f"规则中有未知的字段：{unknown[0]}")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise source.error((*where, "id"), "规则需要 id：字母开头，由字母、数字、-、_ 组成，如 U001")
    check = raw.get("check", "")
    pattern = raw.get("pattern")
    if not isinstance(check, str):
        raise source.error((*where, "check"), "check 应是内置检查的名称（文字）")
    if check:
        allowed = USER_CHECKS if user else set(CHECKS)
        if check not in allowed:
            raise source.error(
                (*where, "check"), f"未知的检查：{check}", hint=f"可用：{'、'.join(sorted(allowed))}"
            )
        if CHECKS[check] != family:
            raise source.error((*where, "check"), f"检查 {check} 属于 {CHECKS[check]} 类别，不属于 {family}")
    elif pattern is None:
        raise source.error(where, f"规则 {rule_id} 需要 pattern（正则表达式）或 check")
    if check == "anniversary" and (pattern is None or not isinstance(raw.get("founded"), int)):
        raise source.error(
            where, f"规则 {rule_id}：anniversary 检查需要 pattern（含一个数字分组）和 founded（起始年份）"
        )
    texts = {}
    for name in ("message", "suggestion", "name"):
        value = raw.get(name, "")
        if not isinstance(value, str) or len(value) > 200:
            raise source.error((*where, name), f"{name} 应是不超过 200 字的文字")
        texts[name] = value
    if not texts["message"] and not check and raw.get("ended") is None:
        raise source.error(where, f"规则 {rule_id} 需要 message（告诉用户问题是什么）")
    numbers = {}
    for name in ("stale_from", "warn_from", "stale_from_congress", "ended", "founded", "year"):
        value = raw.get(name)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 2200
        ):
            raise source.error((*where, name), f"{name} 应是年份（整数）")
        numbers[name] = value
    severity = raw.get("severity")
    if severity is None:
        severity = "warning" if family == "structure" else "error"
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise source.error((*where, "severity"), f"severity 应是 error 或 warning，不是 {severity!r}")
    unless = raw.get("unless")
    for key, value in (("pattern", pattern), ("unless", unless)):
        if value is not None:
            _check_pattern(value, source, (*where, key), user)
    options = {}
    for name in ("plenums", "sections", "sector_words"):
        if name in raw:
            if user and name != "plenums":
                raise source.error((*where, name), f"{name} 只用于内置检查")
            try:
                options[name] = _plenums(raw[name]) if name == "plenums" else raw[name]
            except (TypeError, ValueError):
                raise source.error((*where, name), "plenums 应写成 {二十届五中: 2026-10} 的形式") from None
    example = {}
    for name in ("bad", "good"):
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise source.error((*where, name), f"{name} 应是例句列表")
        example[name] = value
    if numbers["year"] is not None:
        example["year"] = numbers["year"]
    needs = raw.get("needs", "")
    if not isinstance(needs, str):
        raise source.error((*where, "needs"), "needs 应是文字：匹配中必有其一的字符")
    rule = Rule(
        id=rule_id,
        family=family,
        severity=severity,
        message=texts["message"],
        suggestion=texts["suggestion"],
        pattern=pattern,
        check=check,
        unless=unless,
        stale_from=numbers["stale_from"],
        warn_from=numbers["warn_from"],
        stale_from_congress=numbers["stale_from_congress"],
        ended=numbers["ended"],
        founded=numbers["founded"],
        name=texts["name"],
        needs=frozenset(needs),
        options=options,
        origin=str(source.path) if user else "",
        user=user,
    )
    return rule, (example if example["bad"] or example["good"] else {})


def _check_pattern(pattern: object, source: SourceMap, key: tuple, user: bool) -> None:
    """A pattern must compile and must not match empty text; checked when the file is read."""
    if not isinstance(pattern, str) or not pattern:
        raise source.error(key, "正则表达式应是非空文字")
    try:
        if user:  # alone first: RE2's complaint then quotes the pattern as written, without “(?m)”
            compile_pattern(pattern)
        regex = compiled(pattern, user)
    except re.error as exc:  # a shipped rule (Python's re): where, not re's English
        where = f"（第 {exc.pos + 1} 个字符处）" if exc.pos is not None else ""
        raise source.error(key, f"不是有效的正则表达式{where}") from None
    except PatternError as exc:  # a user's rule (RE2), said in Chinese
        raise source.error(key, str(exc)) from None
    if regex.search("") is not None:  # “(?:甲)*” matches everywhere: one finding per character
        raise source.error(key, "正则表达式不能匹配空文字（如只含 * 或 ? 的写法）")


@lru_cache(maxsize=512)
def compiled(pattern: str, user: bool) -> Any:
    """A rule's pattern compiled. A shipped one is led by a look-ahead for the characters a match
    can start with (:func:`first_chars`): Python's ``re`` then skips to them instead of trying every
    alternative at every place (on the 8 MB limit file: R013 0.63 s → 0.12 s, all rules 2.6 s → 1.6 s);
    the matches are the same."""
    if user:  # RE2: linear time whatever the pattern; (?m) so ^ and $ work on each line
        return compile_pattern("(?m)" + pattern)
    first = first_chars(pattern)
    if first is not None:
        return re.compile(f"(?=[{first}])(?:{pattern})", re.MULTILINE)
    return re.compile(pattern, re.MULTILINE)


def first_chars(pattern: str) -> str | None:
    """The characters every match of *pattern* (Python's syntax) starts with, as the inside of a
    character class, where ``re`` finds none itself (it does for a pattern starting with a
    character, a class, or alternatives each starting with a character); None as well when any
    character may start one (or an empty match), when they include a range of Chinese (that skips
    nothing of a plan), when case is ignored, or when the pattern sets its own flags."""
    if pattern.startswith("(?") and pattern[2:3].isalpha():  # (?i) and the like: kept first
        return None
    try:
        from re import _constants, _parser  # the parser Python's re compiles with

        parsed = _parser.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE) or _hinted(list(parsed), _constants):
            return None
        first, empty = _starts(list(parsed), _constants)
    except Exception:  # another Python's parser: the pattern as it is
        return None
    if not first or empty or any(len(item) == 3 and ord(item[2]) - ord(item[0]) > 255 for item in first):
        return None
    return "".join(sorted(first))


def _hinted(items: list[Any], c: Any) -> bool:
    """Whether ``re`` skips to where a match can start by itself (``_compiler._get_charset_prefix``)."""
    while items and items[0][0] is c.SUBPATTERN:
        items = list(items[0][1][3])
    if not items:
        return False
    op, value = items[0]
    if op is c.BRANCH:
        return all(branch and branch[0][0] is c.LITERAL for branch in value[1])
    return op is c.LITERAL or op is c.IN


def _starts(items: list[Any], c: Any) -> tuple[set[str] | None, bool]:
    """What a sequence can start with (class items), and whether it can match nothing."""
    out: set[str] = set()
    for op, value in items:
        first, empty = _item_starts(op, value, c)
        if first is None:
            return None, False
        out |= first
        if not empty:
            return out, False
    return out, True


def _class_char(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else char


_CLASS_CATEGORIES = {"CATEGORY_DIGIT": "\\d", "CATEGORY_SPACE": "\\s", "CATEGORY_WORD": "\\w"}


def _item_starts(op: Any, value: Any, c: Any) -> tuple[set[str] | None, bool]:
    if op is c.LITERAL:
        return {_class_char(value)}, False
    if op is c.IN:  # a class: its items as they are, unless negated
        chars: set[str] = set()
        for kind, item in value:
            if kind is c.LITERAL:
                chars.add(_class_char(item))
            elif kind is c.RANGE:
                chars.add(f"{_class_char(item[0])}-{_class_char(item[1])}")
            elif kind is c.CATEGORY and str(item) in _CLASS_CATEGORIES:
                chars.add(_CLASS_CATEGORIES[str(item)])
            else:
                return None, False
        return chars, False
    if op is c.SUBPATTERN:  # (group, flags added, flags removed, items)
        return (None, False) if value[1] & re.IGNORECASE else _starts(list(value[3]), c)
    if op is c.ATOMIC_GROUP:
        return _starts(list(value), c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, item = value
        first, empty = _starts(list(item), c)
        return first, empty or low == 0
    if op is c.BRANCH:
        union: set[str] = set()
        empty = False
        for branch in value[1]:
            first, nothing = _starts(list(branch), c)
            if first is None:
                return None, False
            union |= first
            empty = empty or nothing
        return union, empty
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # anchors and look-arounds take no character
        return set(), True
    return None, False  # any character, a negated one, a back-reference


@lru_cache(maxsize=512)
def literal_needs(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of characters every match of *pattern* (Python's syntax) contains one of each of: one
    set for each part of the pattern it cannot match without (“党史学习” gives 党, 史, 学, 习; an
    alternation the characters one part of each alternative needs). Empty when case is ignored."""
    try:
        from re import _constants, _parser  # the parser Python's re compiles with

        parsed = _parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return ()
        found = (_part_requires(op, value, _constants) for op, value in parsed)
        return tuple(frozenset(chars) for chars in found if chars)
    except Exception:  # another Python's parser: the rule is scanned everywhere, as before
        return ()


def _required(items: list[Any], c: Any) -> set[str] | None:
    """Of a sequence, the best set one part requires (None: no part requires any): the one with the
    fewest ASCII characters (Chinese ones are rarer in a plan), then the fewest."""
    best: set[str] | None = None
    for op, value in items:
        found = _part_requires(op, value, c)
        if found is not None and (best is None or _rank(found) < _rank(best)):
            best = found
    return best


def _rank(chars: set[str]) -> tuple[int, int]:
    return sum(char.isascii() for char in chars), len(chars)


def _part_requires(op: Any, value: Any, c: Any) -> set[str] | None:
    if op is c.LITERAL:
        return {chr(value)}
    if op is c.IN:  # a class of listed characters and small ranges; not negated, no \d or \w
        chars: set[str] = set()
        for kind, item in value:
            if kind is c.LITERAL:
                chars.add(chr(item))
            elif kind is c.RANGE and item[1] - item[0] < 64:
                chars.update(map(chr, range(item[0], item[1] + 1)))
            else:
                return None
        return chars
    if op is c.SUBPATTERN:  # (group, flags added, flags removed, items)
        return None if value[1] & re.IGNORECASE else _required(list(value[3]), c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _, item = value
        return _required(list(item), c) if low >= 1 else None
    if op is c.ATOMIC_GROUP:
        return _required(list(value), c)
    if op is c.BRANCH:  # every alternative must require something: their union
        union: set[str] = set()
        for branch in value[1]:
            found = _required(list(branch), c)
            if found is None:
                return None
            union |= found
        return union
    return None  # look-around, anchors, any character, categories: nothing required


def _plenums(raw: Any) -> list[tuple[str, int, int, dt.date]]:
    """``{二十届三中: 2024-07}`` → [(“二十届三中”, 20, 3, date)], oldest first."""
    from ..numbering import parse_cn_number

    out = []
    for name, when in dict(raw).items():
        congress, _, order = str(name).partition("届")
        year, month = (int(x) for x in str(when).split("-")[:2])
        out.append(
            (
                str(name),
                parse_cn_number(congress),
                parse_cn_number(order.rstrip("中")),
                dt.date(year, month, 1),
            )
        )
    return sorted(out, key=lambda item: item[3])
