"""The sandboxed template environment: what plan text may and may not do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plangen.context import build_context
from plangen.errors import PlanError
from plangen.render import Renderer, Where

WHERE = Where(Path("b.yaml"), 10)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="module")
def context() -> dict:
    return {
        **build_context(2027, {"name": "内科党支部", "unit": None}, dt.date(2027, 1, 5)),
        "n": 4,
        "items": ["义诊", "科普"],
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("建党{{ anniv.party }}周年", "建党106周年"),
        ("第{{ anniv.party | cn }}周年", "第一百零六周年"),
        ("{{ year | cn_digits }}年", "二〇二七年"),
        ("{{ date | date_cn }}", "2027年1月5日"),
        ("{{ date_cn }}", "2027年1月5日"),
        ("{{ org.unit or '本单位' }}", "本单位"),
        ("{% if n > 3 %}多{% else %}少{% endif %}", "多"),
        ("{{ items | join }}", "义诊、科普"),
        ("{{ n * 2 }}次", "8次"),
        ("“{{ fyp.name }}”第{{ fyp.index_cn }}年", "“十五五”第二年"),
        ("{% if congress.this_year %}迎接党的{{ congress.this_year_cn }}大{% endif %}", "迎接党的二十一大"),
        ("没有模板标记的文字原样返回 {x}", "没有模板标记的文字原样返回 {x}"),
    ],
)
def test_renders(renderer: Renderer, context: dict, source: str, expected: str) -> None:
    assert renderer.render(source, context, WHERE) == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ ''.__class__ }}", "以下划线开头"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "函数或方法调用"),
        ("{{ org['__class__'] }}", "以下划线开头"),
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "函数或方法调用"),
        ("{{ cycler.__init__.__globals__ }}", "以下划线开头"),
        ("{{ lipsum.__globals__ }}", "以下划线开头"),
        ("{{ self.__init__.__globals__ }}", "以下划线开头"),
        ("{{ _x }}", "以下划线开头"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "for 循环"),
        ("{{ range(10) }}", "函数或方法调用"),
        ("{{ year.bit_length() }}", "函数或方法调用"),
        ("{{ 9 ** 9 ** 9 }}", "乘方运算"),
        ("{% set x = 1 %}", "set 赋值"),
        ("{% include 'x' %}", "include"),
        ("{% macro m() %}{% endmacro %}", "宏"),
        ("{{ x | attr('__class__') }}", "未知的过滤器“attr”"),
        ("{{ 'x' | format }}", "未知的过滤器“format”"),
        ("{% if %}", "模板语法错误"),
    ],
)
def test_refused_before_running(renderer: Renderer, context: dict, source: str, message: str) -> None:
    with pytest.raises(PlanError) as caught:
        renderer.render(source, context, WHERE)
    assert message in caught.value.message
    assert caught.value.path == WHERE.path and caught.value.line == 10


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ 'a' * 1000000000 }}", "只能用于数字"),
        ("{{ '%0999999999d' % 1 }}", "只能用于数字"),
        ("{{ n * 10000000000 }}", "数字过大"),
        ("{{ n // 0 }}", "除数为零"),
        ("{{ undefined_name }}", "未定义的变量：undefined_name"),
        ("{{ org.nam }}", "未定义的变量：nam"),
    ],
)
def test_refused_while_running(renderer: Renderer, context: dict, source: str, message: str) -> None:
    with pytest.raises(PlanError) as caught:
        renderer.render(source, context, WHERE)
    assert message in caught.value.message


def test_error_line_inside_a_multiline_text(renderer: Renderer, context: dict) -> None:
    with pytest.raises(PlanError) as caught:
        renderer.render("第一行\n第二行\n{{ x.__class__ }}", context, WHERE)
    assert caught.value.line == 12


def test_when_expressions(renderer: Renderer, context: dict) -> None:
    assert renderer.test("n > 3", context, WHERE) is True
    assert renderer.test("anniv.army % 10 == 0", context, WHERE) is True  # 建军100周年 in 2027
    with pytest.raises(PlanError):
        renderer.test("n.__class__", context, WHERE)


def test_remembered_renders_follow_each_plans_own_values() -> None:
    """A batch renders one text for hundreds of plans, each with its own ``org`` mapping (often at an
    address a freed one had): every plan gets its own name, also once the memo has been cleared."""
    renderer = Renderer()
    names = [f"第{i}党支部" for i in range(700)]
    for name in names + names[::-1]:
        org = {"name": name, "members": 12}
        assert (
            renderer.render("{{ org.name }}（{{ org.members }}人）", {"org": org}, WHERE) == f"{name}（12人）"
        )


def test_a_yes_no_value_is_not_served_the_number_it_equals() -> None:
    """True equals 1 in Python: the memo must not hand a yes/no the “1” a number rendered."""
    renderer = Renderer()
    assert renderer.render("{{ x }}人", {"x": 1}, WHERE) == "1人"
    with pytest.raises(PlanError, match="是/否"):
        renderer.render("{{ x }}人", {"x": True}, WHERE)
    assert renderer.render("{{ org.n }}人", {"org": {"n": 1}}, WHERE) == "1人"
    with pytest.raises(PlanError, match="是/否"):
        renderer.render("{{ org.n }}人", {"org": {"n": True}}, WHERE)


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        ("{{ who.secretary }}负责", (("who", "secretary"),)),
        ("{{ who['secretary'] }}", (("who", "secretary"),)),
        ("{{ who | join('、') }}", ("who",)),
        ("{% if who.keys %}1{% endif %}", ("who",)),  # the mapping's method: all of it is read
        ("{{ org.name }}{{ org }}", ("org", ("org", "name"))),
        ("{% if year > 2026 %}{{ org.name }}{% endif %}", (("org", "name"), "year")),
        ("{{ who[role] }}", ("role", "who")),
    ],
)
def test_what_a_text_reads(source: str, reads: tuple) -> None:
    renderer = Renderer()
    renderer.compile(source, WHERE)
    assert set(renderer.names(source)) == set(reads)


def test_remembered_by_the_entry_read_not_the_whole_mapping() -> None:
    """A text reading ``who.organization`` is remembered across branches whose secretaries differ,
    and never hands one branch's secretary to another."""
    renderer = Renderer()
    first = {"who": {"organization": "组织委员", "secretary": "书记王丽"}}
    second = {"who": {"organization": "组织委员", "secretary": "书记李强"}}
    assert renderer.render("由{{ who.organization }}负责", first, WHERE) == "由组织委员负责"
    assert renderer.remembered("由{{ who.organization }}负责", second) == "由组织委员负责"
    assert renderer.render("由{{ who.secretary }}负责", first, WHERE) == "由书记王丽负责"
    assert renderer.remembered("由{{ who.secretary }}负责", second) is None
    assert renderer.render("由{{ who.secretary }}负责", second, WHERE) == "由书记李强负责"
    whole = "{% if who %}{{ who.secretary }}{% endif %}"  # reads the whole mapping
    assert renderer.render(whole, first, WHERE) == "书记王丽"
    assert renderer.remembered(whole, {"who": {**first["who"], "x": "1"}}) is None
