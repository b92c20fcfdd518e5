"""The one Jinja environment: sandboxed, strict, and restricted to what plan text needs.

Block text comes from libraries we did not write (a parent committee's, a colleague's), so it is
untrusted. Three fences:

1. ``ImmutableSandboxedEnvironment`` — no ``_``-attributes, no mutation of context values — with
   attribute access narrowed to the keys of mappings and the year/month/day of a date, so no method
   or other Python object is ever reachable (``{{ ''.upper }}`` is an undefined name, not a repr);
2. an AST whitelist checked before compiling — expressions, ``if``, our filters and tests only: no
   loops, macros, calls, assignments, imports or ``**`` (each a path to escape or to exhaust CPU) —
   and bounds on nesting, so neither Jinja's parser nor Python's compiler can run out of stack;
3. arithmetic, concatenation and ``join`` that check their operands and bound what they build:
   numbers stay finite and below 10⁹, no text grows past :data:`MAX_OUTPUT`.

StrictUndefined turns a misspelt variable into an error instead of an empty string.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, UndefinedError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from .bounds import TEXTS, VALUES
from .context import date_cn
from .errors import PlanError, translate
from .numbering import cn_digits, cn_number
from .textio import FORBIDDEN

MAX_OUTPUT = 20_000  # characters a single text, or any value built inside it, may have
MAX_NESTING = 20  # brackets, {% if %} blocks and unary operators inside one another
MAX_DEPTH = 60  # depth of the expression tree (a + b + c … nests one level per operator)
MAX_NUMBER = 10**9
_MARKERS = ("{{", "{%", "{#")
_LEXER_FAILURES = (ValueError, OverflowError)  # Python's own conversion of a literal (a 5,000-digit number)
_MISSING = object()
_SCALARS = (str, int, float, bool, type(None), dt.date)


class Refused(SecurityError):
    """Something the plan text may not do, said in Chinese by plangen (Jinja's own SecurityError
    speaks English and is reported in general words)."""


class Missing(UndefinedError):
    """A name or field the text uses that is not there; ``args[0]`` is the name."""


class _Undefined(StrictUndefined):
    """StrictUndefined whose error carries the missing name itself, not Jinja's English sentence
    about it, so the message does not depend on how a Jinja version words it."""

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) < 4:  # (hint, obj, name, exc): the error raised is ours unless Jinja names one
            kwargs.setdefault("exc", Missing)
        super().__init__(*args, **kwargs)

    @property
    def _undefined_message(self) -> str:
        name = getattr(self, "_undefined_name", None)
        return "" if name is None else str(name)


def frozen(value: Any) -> Any:
    """*value* as a hashable key, for plain data only (TypeError otherwise). A yes/no is keyed with
    its type: True equals 1, but ``{{ x }}`` writes 1 and refuses True."""
    if isinstance(value, bool):
        return (bool, value)
    if isinstance(value, _SCALARS) or value is _MISSING:
        return value
    if isinstance(value, dict):
        return (dict, tuple((k, frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (list, tuple(frozen(v) for v in value))
    raise TypeError(type(value).__name__)


Read = str | tuple[str, str]  # a context name, or one entry of a name's mapping: ("who", "secretary")
_DICT_ATTRIBUTES = frozenset(dir(dict))  # ``who.items`` is the mapping's method: the whole is read


def _reads(tree: nodes.Template, names: set[str]) -> tuple[Read, ...]:
    """What of the context a text reads: for each of its undeclared *names*, the entries it takes
    by ``name.entry`` or ``name["entry"]``, or the whole name where it is used otherwise. More than
    is read is harmless (a name a loop also declares is counted); less would not be."""
    found: set[Read] = set()
    stack: list[tuple[nodes.Node, nodes.Node | None]] = [(tree, None)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, nodes.Name) and node.ctx == "load" and node.name in names:
            if (
                isinstance(parent, nodes.Getattr)
                and parent.node is node
                and parent.attr not in _DICT_ATTRIBUTES
            ):
                found.add((node.name, parent.attr))
            elif (
                isinstance(parent, nodes.Getitem)
                and parent.node is node
                and isinstance(parent.arg, nodes.Const)
                and isinstance(parent.arg.value, str)
            ):
                found.add((node.name, parent.arg.value))
            else:
                found.add(node.name)
        stack.extend((child, node) for child in node.iter_child_nodes())
    found.update(names - {read if isinstance(read, str) else read[0] for read in found})  # never unread
    return tuple(sorted(found, key=str))


def plain(text: str) -> bool:
    """No Jinja in *text*: it renders as itself (most paragraphs; worth skipping all the work)."""
    return not any(marker in text for marker in _MARKERS)


_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.If, nodes.Name, nodes.Const,
    nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Test, nodes.Compare, nodes.Operand,
    nodes.And, nodes.Or, nodes.Not, nodes.CondExpr, nodes.Concat, nodes.Add, nodes.Sub,
    nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Neg, nodes.Pos, nodes.List,
    nodes.Tuple, nodes.Keyword,
)  # fmt: skip
_NODE_NAMES = {
    "For": "for 循环", "Macro": "宏（macro）", "CallBlock": "call 块", "Call": "函数或方法调用",
    "Assign": "set 赋值", "AssignBlock": "set 赋值", "Include": "include 引用模板",
    "Import": "import 导入", "FromImport": "import 导入", "Extends": "extends 继承",
    "Block": "block 块", "Pow": "乘方运算 **", "FilterBlock": "filter 块", "With": "with 块",
    "Slice": "切片", "Dict": "字典字面量", "ExprStmt": "do 语句", "Scope": "作用域块",
}  # fmt: skip


def _text(value: Any) -> str:
    """A value as it may appear in plan text: text and finite numbers; anything else is an error."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        raise Refused("是/否或空值不能直接写入正文，请用 {% if %} 判断")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Refused("数值超出范围")
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        raise Refused("列表不能直接写入正文，请用 join 过滤器连接")
    if isinstance(value, dict):
        raise Refused("映射不能直接写入正文，请写出其中的字段，如 org.name")
    if isinstance(value, dt.date):
        raise Refused("日期请用 date_cn 过滤器写出，如 {{ date|date_cn }}")
    raise Refused("这个值不能写入正文")


def _bounded(parts: list[str], sep: str = "") -> str:
    size = sum(map(len, parts)) + len(sep) * max(len(parts) - 1, 0)
    if size > MAX_OUTPUT:
        raise Refused(f"生成的文字过长（超过 {MAX_OUTPUT} 字）")
    return sep.join(parts)


def _join(value: Any, sep: Any = "、") -> str:
    if not isinstance(sep, str):
        raise Refused("join 的分隔符应为文字")
    if isinstance(value, (list, tuple)):
        return _bounded([_text(v) for v in value], sep)
    return _text(value)


def _concat(values: list[Any]) -> str:
    """``a ~ b``: what Jinja's own concatenation does, with every operand checked and the result bounded."""
    return _bounded([v if isinstance(v, Undefined) else _operand(v) for v in values])


def _operand(value: Any) -> str:
    """An operand of ``~`` as Jinja writes it (``str``: 0.0 stays "0.0"), if it may be text at all."""
    text = _text(value)
    return str(value) if isinstance(value, float) else text


def _cn(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused("cn 过滤器只接受整数")
    if abs(value) >= 100_000_000:
        raise Refused("cn 过滤器只接受一亿以内的整数")
    return cn_number(value)


def _cn_digits(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_NUMBER:
        raise Refused("cn_digits 过滤器只接受十亿以内的非负整数")
    return cn_digits(value)


def _date_cn(value: Any) -> str:
    if not isinstance(value, dt.date):
        raise Refused("date_cn 过滤器只接受日期")
    return date_cn(value)


def _checked(name: str, function: Any) -> Any:
    """A Jinja filter whose misuse (wrong argument count or type) is a plan error in Chinese."""

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            result = function(*args, **kwargs)
        except (TypeError, AttributeError, ValueError, OverflowError):
            raise Refused(f"过滤器 {name} 的参数不正确") from None
        if isinstance(result, str) and len(result) > MAX_OUTPUT:
            raise Refused(f"生成的文字过长（超过 {MAX_OUTPUT} 字）")
        return result

    if hasattr(function, "jinja_pass_arg"):  # Jinja passes the environment to some filters
        call.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return call


FILTERS = {
    "cn": _cn,  # 106 → 一百零六
    "cn_digits": _cn_digits,  # 2027 → 二〇二七
    "date_cn": _date_cn,  # date → 2027年1月5日
    "join": _join,
    "_concat": _concat,  # what ``~`` is compiled to (see Renderer._bound_concat)
}


_JINJA_FILTERS = ("default", "length", "trim", "upper", "lower", "first", "last", "string", "int", "abs")
_TESTS = (
    "defined", "undefined", "none", "number", "string", "divisibleby", "even", "odd",
    "eq", "ne", "lt", "le", "gt", "ge", "in", "true", "false", "sequence",
)  # fmt: skip


class _Env(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "+" and isinstance(left, str) and isinstance(right, str):
            return _bounded([left, right])
        for operand in (left, right):
            if isinstance(operand, bool) or not isinstance(operand, (int, float)):
                raise Refused(f"运算 {operator} 只能用于数字")
            if not math.isfinite(operand) or abs(operand) > MAX_NUMBER:
                raise Refused(f"运算 {operator} 的数字过大")
        if operator in ("/", "//", "%") and right == 0:
            raise Refused("除数为零")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``a.b`` reads a mapping's key or a date's year/month/day — never a Python attribute."""
        if isinstance(obj, dict):
            if attribute in obj:
                return obj[attribute]
        elif isinstance(obj, dt.date) and attribute in ("year", "month", "day"):
            return getattr(obj, attribute)
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``a[k]``: a mapping's key, or a list's or text's position."""
        if isinstance(obj, dict) and isinstance(argument, str):
            if argument in obj:
                return obj[argument]
        elif isinstance(obj, (list, tuple, str)) and _position(argument, len(obj)):
            return obj[argument]
        return self.undefined(obj=obj, name=argument)


def _position(argument: Any, length: int) -> bool:
    return isinstance(argument, int) and not isinstance(argument, bool) and -length <= argument < length


class _BoundConcat(NodeTransformer):
    """``a ~ b`` → ``[a, b]|_concat``: Jinja compiles ``~`` to a plain join we cannot bound."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        items = [self.visit(item) for item in node.nodes]
        listed = nodes.List(items, lineno=node.lineno)
        return nodes.Filter(listed, "_concat", [], [], None, None, lineno=node.lineno)


@dataclass(frozen=True)
class Where:
    """Where a text came from, to turn Jinja's line within the text into a line of the file."""

    path: Path | str | None
    line: int | None

    def at(self, offset: int | None) -> int | None:
        if self.line is None:
            return None
        return self.line + max((offset or 1) - 1, 0)


class Renderer:
    """Compiles and renders plan text; caches compiled templates by source (batch-friendly)."""

    def __init__(self) -> None:
        env = _Env(undefined=_Undefined, autoescape=False, keep_trailing_newline=False, finalize=_finalize)
        keep = {name: _checked(name, env.filters[name]) for name in _JINJA_FILTERS}
        env.filters.clear()
        env.filters.update(keep)
        env.filters.update(FILTERS)
        tests = {name: env.tests[name] for name in _TESTS if name in env.tests}
        env.tests.clear()
        env.tests.update(tests)
        env.globals.clear()
        self.env = env
        self._cache: dict[str, Any] = {}
        self._names: dict[str, tuple[Read, ...]] = {}  # what of the context each compiled text reads
        self._memo: OrderedDict[tuple[Any, ...], str] = OrderedDict()  # least recently used first
        self._keys: dict[int, tuple[Any, Any]] = {}  # id of a mapping or list → (it, its frozen key)

    # -- checking ------------------------------------------------------------------------------
    def parse(self, source: str, where: Where) -> nodes.Template:
        """Parse and check *source* against the whitelist; errors name the file line."""
        self._check_nesting(source, where)
        try:
            tree = self.env.parse(source)
        except TemplateSyntaxError as exc:
            raise PlanError(
                f"模板语法错误：{_syntax_message(exc)}",
                where.path,
                where.at(exc.lineno),
                hint="变量写作 {{ 名称 }}，条件写作 {% if 条件 %}……{% endif %}。",
            ) from None
        except _LEXER_FAILURES:
            raise _literal_error(where, None) from None
        _check_depth(tree, where)  # before anything walks the tree recursively
        for node in tree.find_all(nodes.Node):
            self._check_node(node, where)
        return tree

    def _check_nesting(self, source: str, where: Where) -> None:
        """Refuse, before parsing, what Jinja's recursive parser or Python's compiler cannot take:
        brackets, ``{% if %}`` blocks or unary operators nested more than :data:`MAX_NESTING` deep."""
        if not any(marker in source for marker in _MARKERS):
            return
        if sum(source.count(c) for c in "([{+-") + source.count("if") + source.count("not") <= MAX_NESTING:
            return  # too few openers to nest that deep: spare the lexing
        depth = unary = 0
        previous = ""
        try:
            for lineno, kind, value in self.env.lex(source):
                if kind == "whitespace":
                    continue
                if kind == "operator" and value in "([{":
                    depth += 1
                elif kind == "operator" and value in ")]}":
                    depth -= 1
                elif kind == "name" and previous == "block_begin":
                    depth += value == "if"
                    depth -= value == "endif"
                prefix = (kind == "operator" and value in "+-") or (kind == "name" and value == "not")
                unary = unary + 1 if prefix else 0
                if depth > MAX_NESTING or unary > MAX_NESTING:
                    raise PlanError(
                        f"模板嵌套过深（括号、条件或运算符超过 {MAX_NESTING} 层）",
                        where.path,
                        where.at(lineno),
                        hint="把表达式写得简单些；计划文字不需要这么深的嵌套。",
                    )
                previous = kind
        except TemplateSyntaxError as exc:
            raise PlanError(
                f"模板语法错误：{_syntax_message(exc)}", where.path, where.at(exc.lineno)
            ) from None
        except _LEXER_FAILURES:
            raise _literal_error(where, None) from None

    def _check_node(self, node: nodes.Node, where: Where) -> None:
        line = where.at(getattr(node, "lineno", None))
        if not isinstance(node, _ALLOWED_NODES):
            kind = _NODE_NAMES.get(type(node).__name__, type(node).__name__)
            raise PlanError(
                f"模板中不允许使用{kind}",
                where.path,
                line,
                hint="内容块只能使用变量 {{ … }}、条件 {% if %} 和 plangen 提供的过滤器。",
            )
        if isinstance(node, nodes.Const) and isinstance(node.value, float) and not math.isfinite(node.value):
            raise _literal_error(where, line)
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise _unsafe(node.attr, where.path, line)
        key = (
            node.arg.value if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) else None
        )
        if isinstance(key, str) and key.startswith("_"):
            raise _unsafe(key, where.path, line)
        if isinstance(node, nodes.Name) and node.name.startswith("_"):
            raise _unsafe(node.name, where.path, line)
        if isinstance(node, nodes.Filter) and node.name not in self.env.filters:
            raise PlanError(
                f"未知的过滤器“{node.name}”",
                where.path,
                line,
                hint="可用的过滤器：" + "、".join(sorted(self.env.filters)),
            )
        if isinstance(node, nodes.Test) and node.name not in self.env.tests:
            raise PlanError(f"未知的测试“{node.name}”", where.path, line)

    def variables(self, source: str, where: Where) -> set[str]:
        """Top-level names *source* uses (for checking them before rendering)."""
        from jinja2 import meta

        if not any(marker in source for marker in _MARKERS):
            return set()
        return set(meta.find_undeclared_variables(self.parse(source, where)))

    def compile(self, source: str, where: Where) -> Any:
        """The compiled template: from this process, or the per-user cache (checked and compiled by
        an earlier run of the same plangen on the same text), or checked and compiled now."""
        template = self._cache.get(source)
        if template is None:
            import marshal

            from . import cache

            name = cache.key("jinja", source)
            blob = cache.get(name)
            code = names = None
            if blob is not None:
                try:
                    code, names = marshal.loads(blob)
                except (EOFError, ValueError, TypeError):
                    code = None
            if code is None:
                from jinja2 import meta

                tree = _BoundConcat().visit(self.parse(source, where))
                try:  # Jinja folds constants as it compiles: ``'' | first`` tested there is undefined
                    names = _reads(tree, meta.find_undeclared_variables(tree))
                    code = self.env.compile(tree)  # type: ignore[arg-type]
                except UndefinedError:
                    raise PlanError(
                        "模板计算出错：用到了不存在的值（如空文字或空列表的第一项）", where.path, where.line
                    ) from None
                cache.put(name, marshal.dumps((code, names)))
            template = self.env.template_class.from_code(self.env, code, self.env.make_globals(None))
            self._cache[source] = template
            self._names[source] = tuple(names)
        return template

    def names(self, source: str) -> tuple[Read, ...]:
        """What of the context a rendered *source* reads (:data:`Read`; none for plain text)."""
        return self._names.get(source, ())

    def value_key(self, context: Mapping[str, Any], read: Read) -> Any:
        """The value *read* takes in *context*, frozen (TypeError for what is not plain data): a
        ``who.secretary`` read is keyed by that entry alone, so a text reading ``who.organization``
        is the same for branches whose secretaries differ."""
        if isinstance(read, str):
            return self._key_of(context.get(read, _MISSING))
        head, entry = read
        value = context.get(head, _MISSING)
        if isinstance(value, dict) and entry in value:
            return (True, self._key_of(value[entry]))
        return (False, self._key_of(value))  # not an entry: the whole value decides

    @staticmethod
    def condition(expression: str) -> str:
        """The text a ``when:`` condition is rendered as."""
        return "{% if " + expression + " %}1{% endif %}"

    def _key_of(self, value: Any) -> Any:
        """*value* frozen (:func:`frozen`), a mapping or list once per object: one plan's texts
        share its few context values (``org``, ``party`` …), each frozen again for every text
        otherwise. Context values are never changed (the sandbox is immutable); the object is
        kept, so its id is not reused while it is remembered."""
        if isinstance(value, _SCALARS):
            return frozen(value)
        known = self._keys.get(id(value))
        if known is None or known[0] is not value:
            if len(self._keys) >= VALUES:
                self._keys.clear()  # bounded: a batch's plans each bring their own values
            known = self._keys[id(value)] = (value, frozen(value))
        return known[1]

    def _memo_key(self, source: str, context: dict[str, Any]) -> tuple[Any, ...] | None:
        """The same text with the same values of the names it uses renders the same: a batch renders
        most of the library's sentences with one year, sector and detail for every plan. None for a
        value that is not plain data (rendered every time)."""
        try:
            return (source, *(self.value_key(context, read) for read in self._names[source]))
        except TypeError:
            return None

    def remembered(self, source: str, context: dict[str, Any]) -> str | None:
        """*source* as rendered before with these values, if it was (no place in a file needed)."""
        return self._lookup(source, context)[1] if source in self._names else None

    def _lookup(self, source: str, context: dict[str, Any]) -> tuple[tuple[Any, ...] | None, str | None]:
        """(the memo's key for *source* with these values, its text there if any) — a compiled text."""
        key = self._memo_key(source, context)
        out = self._memo.get(key) if key is not None else None
        if out is not None:
            self._memo.move_to_end(key)  # type: ignore[arg-type]
        return key, out

    # -- rendering -----------------------------------------------------------------------------
    def render(self, source: str, context: dict[str, Any], where: Where) -> str:
        """Render one text; plain text (no Jinja markers) is returned as it is."""
        if not any(marker in source for marker in _MARKERS):
            return source
        template = self.compile(source, where)
        key, out = self._lookup(source, context)
        if out is not None:
            return out
        try:
            out = template.render(context)
        except Missing as exc:
            name = f"：{exc.args[0]}" if exc.args and exc.args[0] else ""
            raise PlanError(
                f"未定义的变量{name}",
                where.path,
                where.line,
                hint="检查变量名拼写；块参数需在 params 中声明，内置变量见 README“模板变量”。",
            ) from None
        except Refused as exc:
            raise PlanError(f"模板做了不允许的操作：{exc}", where.path, where.line) from None
        except SecurityError:
            raise PlanError(
                "模板做了不允许的操作：访问了不安全的属性或方法", where.path, where.line
            ) from None
        except (TypeError, ValueError, ArithmeticError, LookupError, TemplateError) as exc:
            raise PlanError(f"模板计算出错：{_failure(exc)}", where.path, where.line) from None
        bad = FORBIDDEN.search(out)
        if bad:  # written as an escape inside the template ("\x01", "\ud800"): Word cannot open it
            raise PlanError(
                f"模板生成的文字中含有控制字符 U+{ord(bad.group()):04X}",
                where.path,
                where.line,
                hint="删除模板中的转义序列；计划文本不需要不可见字符。",
            )
        if len(out) > MAX_OUTPUT:
            raise PlanError(f"模板生成的文字过长（超过 {MAX_OUTPUT} 字）", where.path, where.line)
        if key is not None:
            if len(self._memo) >= TEXTS:
                self._memo.popitem(last=False)  # bounded: memory stays flat over any number of plans
            self._memo[key] = out
        return out

    def test(self, expression: str, context: dict[str, Any], where: Where) -> bool:
        """Evaluate a ``when:`` condition."""
        return self.render(self.condition(expression), context, where) == "1"


def _finalize(value: Any) -> Any:
    """What ``{{ … }}`` writes into the text (see :func:`_text`)."""
    return value if isinstance(value, Undefined) else _text(value)


def _check_depth(tree: nodes.Node, where: Where) -> None:
    """Iteratively, the depth of the expression tree: Jinja's compiler recurses once per level."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PlanError(
                f"模板表达式过长或嵌套过深（超过 {MAX_DEPTH} 层）",
                where.path,
                where.at(getattr(node, "lineno", None)),
                hint="把表达式拆短；计划文字不需要这么长的运算。",
            )
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())


def _unsafe(name: str, path: Path | str | None, line: int | None) -> PlanError:
    return PlanError(
        f"模板不允许访问以下划线开头的名称“{name}”",
        path,
        line,
        hint="这类写法可用来突破模板沙箱，plangen 一律拒绝。",
    )


def _literal_error(where: Where, line: int | None) -> PlanError:
    return PlanError(
        "模板中的数字超出范围",
        where.path,
        line if line is not None else where.line,
        hint="数字写成普通的大小和位数（如 2027、4、0.5），不要写 1e999 这样的数。",
    )


# what went wrong while rendering, by the kind of failure (Python's own words are English); the
# first kind that matches says it
_FAILURES: tuple[tuple[type[BaseException], str], ...] = (
    (UndefinedError, "使用了未定义的值"),
    (ZeroDivisionError, "除数为零"),
    (ArithmeticError, "数值超出范围"),
    (LookupError, "取不到列表或映射中的这一项"),
    (TypeError, "值的类型不对（如文字与数字相加、对文字取整）"),
    (ValueError, "值无效"),
)


def _failure(exc: BaseException) -> str:
    return next((said for kind, said in _FAILURES if isinstance(exc, kind)), "模板无法计算")


_SYNTAX_MESSAGES = {
    "unexpected end of template": "模板意外结束（{% if %} 缺少 {% endif %}？）",
    "unexpected '}'": "多余的“}”",
    "expected token 'end of print statement'": "{{ }} 中的表达式不完整",
    "Encountered unknown tag": "未知的标签",
    "unexpected char": "出现了无法识别的字符",
}


def _syntax_message(exc: TemplateSyntaxError) -> str:
    return translate(exc.message or "", _SYNTAX_MESSAGES, "写法有误")
