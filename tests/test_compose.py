"""Composition: placing blocks, spec edits, parameters and numbering by depth."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plangen.compose import Composer, paragraphs, tidy
from plangen.document import Document, Heading, Paragraph, RunIn, Table
from plangen.errors import PlanError, flatten
from plangen.library import Layer, Library
from plangen.numbering import parse_ordinal
from plangen.safeyaml import SourceMap, load_text
from plangen.schema.load import validated

SIMPLE = [f"s.{name}" for name in "abcdefgh"]


def _block(root: Path, block_id: str, body: str, extra: str = "") -> None:
    category, name = block_id.split(".", 1)
    path = root / "blocks" / category / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"id: {block_id}\ntitle: 标题{name}\ncategory: {category}\n{textwrap.dedent(extra)}body:\n"
    path.write_text(text + textwrap.indent(textwrap.dedent(body).strip("\n"), "  ") + "\n", encoding="utf-8")


def make_library(root: Path) -> Library:
    for block_id in SIMPLE:
        _block(
            root,
            block_id,
            """
            - p: 段落。
            - item: 条目一
              p: 正文一。
            - item: 条目二
              body:
                - item: 细目
                  p: 细目正文。
            """,
        )
    _block(
        root,
        "p.parent",
        """
        - p: 总述。
        - include: p.child
        - item: 父块自己的条目
          p: 文字。
        - include: s.a
          params: {}
        """,
    )
    _block(
        root,
        "p.child",
        """
        - item: 子块条目
          body:
            - item: 子块细目
        """,
    )
    _block(
        root,
        "p.deep",
        """
        - include: p.parent
        """,
    )
    _block(
        root,
        "p.deeper",
        """
        - include: p.deep
        """,
    )
    _block(root, "c.one", "- include: c.two\n")
    _block(root, "c.two", "- include: c.one\n")
    _block(
        root,
        "x.params",
        """
        - p: 全年{{ n }}次，{{ name }}。
        - item: 可选条目
          when: flag
          p: 出现了。
        - item: 总在
          p: 文字。
        """,
        extra="""
        params:
          n: {type: int, label: 次数, default: 4, min: 1, max: 12}
          name: {type: str, label: 名称, default: 默认名称}
          flag: {type: bool, label: 开关, default: false}
        """,
    )
    _block(root, "x.missing", "- include: x.nowhere\n")
    _block(
        root,
        "d.levels",
        """
        - p: 各版都有。
        - p: 只在精简版。
          detail: [concise]
        - item: 标准条目
          detail: standard
          p: 标准版起才有。
        - item: 详尽条目
          detail: full
          p: 只在详尽版。
        - include: d.inner
          inline: [concise]
        - include: s.a
          detail: full
        """,
    )
    _block(
        root,
        "d.inner",
        """
        - p: 内层总述，{{ detail }}。
        - item: 内层条目
          detail: standard
          p: 文字。
        """,
    )
    _block(root, "d.bad-inline", "- include: s.a\n  inline: [concise]\n")
    _block(
        root,
        "x.table",
        """
        - p: 按下表交纳。
        - table:
            header: [收入, 比例]
            rows: [["3000元以下", "0.5%"], ["{{ year }}年起", "1%"]]
            widths: [2, 1]
        - item: 表后条目
          p: 文字。
        """,
    )
    return Library([Layer(root, "--library")])


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return make_library(tmp_path_factory.mktemp("lib"))


def compose(
    library: Library, sections: list, spec_extra: str = "", template_extra: dict | None = None
) -> Document:
    fields = {"id": "t", "name": "测试", "sector": "all", "kind": "branch", "sections": sections}
    template = validated("PlanTemplate", {**fields, **(template_extra or {})}, SourceMap("t.yaml"))
    extra = textwrap.dedent(spec_extra).lstrip("\n")
    org = "" if extra.startswith("org:") or "\norg:" in extra else "org: {name: 测试党支部}\n"
    data, source = load_text("template: t\nyear: 2027\n" + org + extra, "plan.yaml")
    spec = validated("PlanSpec", data, source)
    return Composer(library).compose(spec, source, template, SourceMap("t.yaml"))


def outline(doc: Document) -> list[str]:
    """Every numbered line (headings and run-in items), without the run-in "。"."""
    return [f"{h.level}:{h.ordinal}{h.text}" for h in doc.numbered()]


def test_numbering_by_depth(library: Library) -> None:
    doc = compose(library, ["s.a", "p.parent", "s.b"])
    assert outline(doc) == [
        "1:一、标题a",
        "2:（一）条目一",
        "2:（二）条目二",
        "3:1.细目",
        "1:二、标题parent",
        "2:（一）标题child",
        "3:1.子块条目",
        "4:（1）子块细目",
        "2:（二）父块自己的条目",
        "2:（三）标题a",
        "3:1.条目一",
        "3:2.条目二",
        "4:（1）细目",
        "1:三、标题b",
        "2:（一）条目一",
        "2:（二）条目二",
        "3:1.细目",
    ]
    assert [(e.level, e.label) for e in doc.toc] == [(h.level, h.label) for h in doc.headings()]


def test_run_in_items(library: Library) -> None:
    doc = compose(library, ["s.a"])
    item = doc.numbered()[1]
    assert isinstance(item, RunIn)
    assert (item.text, item.body, item.label) == ("条目一", "正文一。", "（一）条目一。")
    assert "（一）条目一。正文一。" in doc.text()
    assert [h.label for h in doc.headings()] == ["一、标题a", "（二）条目二"]  # 1.细目 runs in
    assert [e.label for e in doc.toc] == [h.label for h in doc.headings()]
    assert "（一）条目一" not in [e.label for e in doc.toc]  # run-in items are not TOC entries


def test_items_sharing_a_level_with_a_sub_block_become_headings(library: Library) -> None:
    doc = compose(library, [{"block": "x.params", "include": ["s.b"]}])
    level2 = [node for node in doc.numbered() if node.level == 2]
    assert [(type(n).__name__, n.ordinal + n.text) for n in level2] == [
        ("Heading", "（一）总在"), ("Heading", "（二）标题b"),
    ]  # fmt: skip
    assert [e.label for e in doc.toc if e.level == 2] == ["（一）总在", "（二）标题b"]  # no gap in the TOC
    assert "文字。" in [p.text for p in doc.body if isinstance(p, Paragraph)]  # the item's text follows


def test_template_includes_go_after_the_blocks_own_content(library: Library) -> None:
    doc = compose(library, [{"block": "s.a", "include": ["s.b"], "title": "改过的标题"}])
    assert outline(doc)[:5] == [
        "1:一、改过的标题",
        "2:（一）条目一",
        "2:（二）条目二",
        "3:1.细目",
        "2:（三）标题b",
    ]


def test_remove_anywhere_renumbers(library: Library) -> None:
    doc = compose(library, ["s.a", "p.parent", "s.b"], "sections: {remove: [s.a]}\n")
    assert [label for label in outline(doc) if label.startswith(("1:", "2:"))] == [
        "1:一、标题parent",
        "2:（一）标题child",
        "2:（二）父块自己的条目",
        "1:二、标题b",
        "2:（一）条目一",
        "2:（二）条目二",
    ]


def test_add_after_before_into_and_by_category(library: Library) -> None:
    doc = compose(
        library,
        ["s.a", "p.parent"],
        """
        sections:
          add:
            - {block: s.c, after: s.a}
            - {block: s.d, before: s.a}
            - {block: p.child, into: s.a}
            - {block: s.f, after: p}
            - {block: s.g}
        """,
    )
    assert [label for label in outline(doc) if label.startswith("1:")] == [
        "1:一、标题d",
        "1:二、标题a",
        "1:三、标题c",
        "1:四、标题parent",
        "1:五、标题f",
        "1:六、标题g",
    ]
    a = outline(doc).index("1:二、标题a")
    assert outline(doc)[a + 4] == "2:（三）标题child"  # into s.a, after its own two items


def test_adding_a_section_that_would_go_five_deep(library: Library) -> None:
    with pytest.raises(PlanError) as caught:
        compose(library, ["p.parent"], "sections:\n  add:\n    - {block: s.h, into: p.child}\n")
    assert "第五级标题" in caught.value.message


def test_fifth_level_names_block_and_line(library: Library) -> None:
    with pytest.raises(PlanError) as caught:
        compose(library, ["p.deeper"])
    problems = flatten(caught.value)
    assert any("内容块“" in p.message and "第五级标题" in p.message for p in problems)
    deepest = next(p for p in problems if "第五级标题" in p.message)
    assert deepest.path is not None and deepest.line is not None


def test_include_cycle(library: Library) -> None:
    with pytest.raises(PlanError) as caught:
        compose(library, ["c.one"])
    assert "内容块循环嵌入：c.one → c.two → c.one" in caught.value.message


def test_missing_include_is_located(library: Library) -> None:
    with pytest.raises(PlanError) as caught:
        compose(library, ["x.missing"])
    assert caught.value.message == "找不到内容块“x.nowhere”"
    assert Path(caught.value.path).name == "missing.yaml" and caught.value.line == 5  # the include line


def test_param_precedence(library: Library) -> None:
    assert "全年4次，默认名称。" in compose(library, ["x.params"]).text()
    doc = compose(
        library,
        [{"block": "x.params", "params": {"n": 6}}],
        template_extra={"params": {"x.params.name": "模板"}},
    )
    assert "全年6次，模板。" in doc.text()
    doc = compose(
        library, [{"block": "x.params", "params": {"n": 6}}], "params: {x.params.n: 8, x.params.flag: true}\n"
    )
    assert "全年8次，默认名称。" in doc.text()
    assert outline(doc)[1:] == ["2:（一）可选条目", "2:（二）总在"]


def test_when_false_takes_no_number(library: Library) -> None:
    assert outline(compose(library, ["x.params"]))[1:] == ["2:（一）总在"]


@pytest.mark.parametrize(
    ("spec_extra", "message", "line"),
    [
        ("params: {x.params.n: 40}\n", "参数“n”（次数）：不能大于 12", 4),
        ("params: {x.params.n: 多}\n", "参数“n”（次数）：“多”不是整数", 4),
        ("params: {x.params.nope: 1}\n", "内容块“x.params”没有参数“nope”", 4),
        ("params: {x.nothing.n: 1}\n", "找不到内容块“x.nothing”", 4),
        ("params: {n: 1}\n", "参数名“n”应写作“块id.参数名”", 4),
        ("sections: {remove: [s.h]}\n", "要删除的内容块“s.h”不在本计划中", 4),
        ("sections: {add: [{block: s.h, after: nowhere}]}\n", "找不到位置“nowhere”", 4),
    ],
)
def test_spec_problems_point_at_the_spec(library: Library, spec_extra: str, message: str, line: int) -> None:
    with pytest.raises(PlanError) as caught:
        compose(library, ["x.params"], spec_extra)
    problem = flatten(caught.value)[0]
    assert message in problem.message
    assert (problem.path, problem.line) == ("plan.yaml", line)


def test_all_problems_are_reported_together(library: Library) -> None:
    with pytest.raises(PlanError) as caught:
        compose(library, ["x.params", "x.missing", "c.one"], "params: {x.params.n: 40}\n")
    assert len(flatten(caught.value)) == 3


def test_tables_in_a_block(library: Library) -> None:
    doc = compose(library, ["x.table"])
    table = next(node for node in doc.body if isinstance(node, Table))
    assert table.header == ["收入", "比例"] and table.rows[1] == ["2027年起", "1%"] and table.widths == [2, 1]
    assert outline(doc) == ["1:一、标题table", "2:（一）表后条目"]


def test_tidy_joins_wrapped_chinese_lines() -> None:
    assert tidy("第一行，\n  第二行 和 Word 文档 ") == "第一行，第二行和Word文档"
    assert tidy("use  the   plangen tool") == "use the plangen tool"
    assert paragraphs("第一段\n续行\n\n第二段") == ["第一段续行", "第二段"]


# --- property: any mix of sections and edits keeps numbering contiguous -----------------------


def check_numbering(doc: Document) -> None:
    counters = [0, 0, 0, 0, 0]
    previous_level = 0
    for heading in doc.numbered():
        level = heading.level
        assert 1 <= level <= 4
        assert level <= previous_level + 1, "a heading may go at most one level deeper"
        counters[level] += 1
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
        parsed = parse_ordinal(heading.ordinal + heading.text)
        assert parsed is not None and parsed[0] == level and parsed[1] == counters[level]
        previous_level = level
    assert [(e.level, e.ordinal, e.text) for e in doc.toc] == [
        (h.level, h.ordinal, h.text) for h in doc.headings()
    ]
    assert all(isinstance(doc.body[e.heading], Heading) for e in doc.toc)


TOP = [*SIMPLE, "p.parent", "x.params"]


@st.composite
def plans(draw: st.DrawFn) -> tuple[list[str], dict]:
    sections = draw(st.lists(st.sampled_from(TOP), min_size=1, max_size=8, unique=True))
    present = [*sections, *(["p.child", "s.a"] if "p.parent" in sections else [])]
    remove = draw(st.lists(st.sampled_from(present), max_size=3, unique=True))
    remaining = [block for block in sections if block not in remove]
    adds = []
    for block in draw(st.lists(st.sampled_from(SIMPLE), max_size=4)):
        where = draw(st.sampled_from(["after", "before", "end"])) if remaining else "end"
        add = {"block": block}
        if where != "end":
            add[where] = draw(st.sampled_from(remaining))
        adds.append(add)
    return sections, {"remove": remove, "add": adds}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans())
def test_random_edits_keep_numbering_contiguous(library: Library, plan: tuple[list[str], dict]) -> None:
    sections, edits = plan
    import yaml

    doc = compose(library, sections, yaml.safe_dump({"sections": edits}, allow_unicode=True))
    check_numbering(doc)
    top = [h for h in doc.numbered() if h.level == 1]
    expected = len([s for s in sections if s not in edits["remove"]]) + len(edits["add"])
    assert len(top) == expected


# --- detail levels ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("detail", "expected", "absent"),
    [
        (
            "concise",
            ["各版都有。", "只在精简版。", "内层总述，concise。"],
            ["标准版起才有。", "只在详尽版。"],
        ),
        (
            "standard",
            ["各版都有。", "标准版起才有。", "内层总述，standard。"],
            ["只在精简版。", "只在详尽版。"],
        ),
        ("full", ["各版都有。", "标准版起才有。", "只在详尽版。"], ["只在精简版。"]),
    ],
)
def test_detail_levels_choose_elements(library: Library, detail: str, expected: list, absent: list) -> None:
    doc = compose(library, ["d.levels"], f"detail: {detail}\n")
    text = doc.text()
    assert all(part in text for part in expected), text
    assert not any(part in text for part in absent), text


def test_inline_block_joins_its_parent_without_a_heading(library: Library) -> None:
    concise = compose(library, ["d.levels"], "detail: concise\n")
    assert outline(concise) == ["1:一、标题levels"]  # no （一） for the inlined block, no items
    full = compose(library, ["d.levels"], "detail: full\n")
    assert "2:（三）标题inner" in outline(full) and "2:（四）标题a" in outline(full)
    assert [h.ordinal for h in full.numbered() if h.level == 2] == ["（一）", "（二）", "（三）", "（四）"]


def test_inlining_a_block_with_items_is_an_error(library: Library) -> None:
    with pytest.raises(PlanError) as caught:
        compose(library, ["d.bad-inline"], "detail: concise\n")
    assert "并入上级（inline），却仍有条目" in flatten(caught.value)[0].message


def test_template_default_detail(library: Library) -> None:
    """Concise unless the template says otherwise, for a 党委 as for a branch: a plan of 3–8 pages."""
    assert "只在精简版。" in compose(library, ["d.levels"]).text()
    committee = compose(library, ["d.levels"], template_extra={"kind": "committee"})
    assert "只在精简版。" in committee.text() and "标准版起才有。" not in committee.text()
    chosen = compose(library, ["d.levels"], template_extra={"detail": "full"})
    assert "只在详尽版。" in chosen.text()


def test_a_detail_mark_on_a_template_section(library: Library) -> None:
    sections = ["s.a", {"block": "s.b", "detail": "standard"}, "s.c"]
    assert [h.text for h in compose(library, sections).headings() if h.level == 1] == ["标题a", "标题c"]
    full = compose(library, sections, "detail: full\n")
    assert [h.ordinal for h in full.headings() if h.level == 1] == ["一、", "二、", "三、"]


def test_a_template_include_may_be_inlined(library: Library) -> None:
    sections = [{"block": "s.a", "include": [{"include": "d.inner", "inline": ["concise"]}]}]
    doc = compose(library, sections, "detail: concise\n")
    assert "内层总述，concise。" in doc.text() and "标题inner" not in doc.text()


# --- names, roles and the 基本情况 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("org", "kind", "formal"),
    [
        (
            {"name": "内科第一党支部", "parent": "江城市第一人民医院党委"},
            "branch",
            "中共江城市第一人民医院内科第一支部委员会",
        ),
        (
            {"name": "内科第一党支部", "parent": "中共江城市第一人民医院委员会"},
            "branch",
            "中共江城市第一人民医院内科第一支部委员会",
        ),
        (
            {"name": "江城市第一人民医院内科党支部", "parent": "江城市第一人民医院党委"},
            "branch",
            "中共江城市第一人民医院内科支部委员会",
        ),
        (
            {"name": "后勤党支部", "parent": "江城市第一人民医院党委", "members": 5},
            "branch",
            "中共江城市第一人民医院后勤支部",
        ),
        ({"name": "江城市第一人民医院党委"}, "committee", "中共江城市第一人民医院委员会"),
        ({"name": "机关党总支", "parent": "市卫健委党组"}, "general-branch", "中共市卫健委机关总支部委员会"),
        (
            {"name": "东湖街道党工委", "parent": "江城市东湖区委"},
            "committee",
            "中共江城市东湖区东湖街道工作委员会",
        ),
        ({"name": "江城大学党委", "parent": "中共江城市委教育工作委员会"}, "committee", "中共江城大学委员会"),
        (
            {"name": "江城能源集团有限公司党委", "parent": "中共江城市人民政府国有资产监督管理委员会委员会"},
            "committee",
            "中共江城能源集团有限公司委员会",
        ),
        ({"name": "中共东湖社区委员会"}, "committee", "中共东湖社区委员会"),
        (
            {"name": "东湖社区党支部", "parent": "中共江城市东湖街道工作委员会"},
            "branch",
            "中共江城市东湖街道东湖社区支部委员会",
        ),
        ({"name": "东湖社区党支部", "parent": "东湖街道党工委"}, "branch", "中共东湖街道东湖社区支部委员会"),
        ({"name": "党员之家"}, "branch", "党员之家"),
        # a system's 工委 is not the unit: the branch's own unit, with the place the parent names
        (
            {"name": "江城市实验中学党支部", "parent": "中共江城市委教育工作委员会"},
            "branch",
            "中共江城市实验中学支部委员会",
        ),
        ({"name": "实验中学党支部", "parent": "江城市委教育工委"}, "branch", "中共江城市实验中学支部委员会"),
        (
            {"name": "市档案馆党支部", "parent": "中共江城市直属机关工作委员会"},
            "branch",
            "中共江城市档案馆支部委员会",
        ),
        (
            {"name": "档案馆党支部", "parent": "中共江城市直属机关工作委员会"},
            "branch",
            "中共江城市档案馆支部委员会",
        ),
        (
            {"name": "江城智能装备股份有限公司党支部", "parent": "中共江城高新技术产业开发区工作委员会"},
            "branch",
            "中共江城智能装备股份有限公司支部委员会",
        ),
        (
            {"name": "县医院党支部", "parent": "青山县卫生健康工作委员会"},
            "branch",
            "中共青山县医院支部委员会",
        ),
        (
            {"name": "化学学院教工第一党支部", "parent": "江城大学化学学院党委"},
            "branch",
            "中共江城大学化学学院教工第一支部委员会",
        ),
        (
            {"name": "测试党支部", "full_name": "中共测试单位测试支部委员会"},
            "branch",
            "中共测试单位测试支部委员会",
        ),
    ],
)
def test_signature_carries_the_formal_name(library: Library, org: dict, kind: str, formal: str) -> None:
    import json

    doc = compose(library, ["s.a"], f"org: {json.dumps(org, ensure_ascii=False)}\n", {"kind": kind})
    assert doc.signature is not None and doc.signature.org == formal
    assert doc.org == org["name"]  # the title keeps the short name


def test_roles_name_the_people_the_spec_gives() -> None:
    from plangen.context import build_context, who

    words = build_context(2027, {"name": "x"})["party"]
    named = who({"书记": "王丽", "组织委员": "李强", "纪检委员": "赵敏"}, None, words)
    assert named["secretary"] == "支部书记王丽" and named["organization"] == "组织委员李强"
    assert named["publicity"] == "宣传委员" and named["discipline"] == "纪检委员赵敏"
    assert who({}, "王丽", words)["secretary"] == "支部书记王丽"
    committee = build_context(2027, {"name": "x"}, kind="committee")["party"]
    assert who({"纪委书记": "周明"}, None, committee)["discipline"] == "纪委书记周明"
    assert who({}, None, committee)["deputy"] == "党委副书记"
    street = build_context(2027, {"name": "东湖街道党工委"}, kind="committee")["party"]
    assert street["org"] == "党工委" and street["secretary"] == "党工委书记"
    assert who({}, None, street)["deputy"] == "党工委副书记"
    assert who({"纪工委书记": "周明"}, None, street)["discipline"] == "纪工委书记周明"


def test_overview_and_review_open_the_plan(library: Library) -> None:
    extra = """
    org: {name: 测试党支部, members: 23, probationary: 2, activists: 4, groups: 3}
    review: |
      2026年，支部完成了全年计划。

      第二段回顾。
    """
    doc = compose(library, ["s.a"], extra, {"intro": "为做好工作，制定本计划。"})
    assert [p.text for p in doc.intro] == [
        "本支部现有党员23名（其中预备党员2名），入党积极分子4名，设党小组3个。2026年，支部完成了全年计划。",
        "第二段回顾。",
        "为做好工作，制定本计划。",
    ]
    plain = compose(library, ["s.a"], "", {"intro": "为做好工作，制定本计划。"})
    assert [p.text for p in plain.intro] == ["为做好工作，制定本计划。"]
    counted = compose(
        library, ["s.a"], "org: {name: 测试党支部, members: 5}", {"intro": "为做好工作，制定本计划。"}
    )
    assert [p.text for p in counted.intro] == ["本支部现有党员5名。为做好工作，制定本计划。"]


def test_more_probationary_than_members_is_refused() -> None:
    with pytest.raises(Exception, match="预备党员人数"):
        validated(
            "PlanSpec",
            {"template": "t", "year": 2027, "org": {"name": "x", "members": 2, "probationary": 3}},
            SourceMap("plan.yaml"),
        )


def test_sections_order_moves_top_level_sections(library: Library) -> None:
    doc = compose(library, ["s.a", "s.b", "s.c"], "sections: {order: [s.c, s.a]}\n")
    assert [h.text for h in doc.headings() if h.level == 1] == ["标题c", "标题a", "标题b"]
    assert [h.ordinal for h in doc.headings() if h.level == 1] == ["一、", "二、", "三、"]
    with pytest.raises(PlanError) as caught:
        compose(library, ["s.a", "s.b"], "sections: {order: [s.z]}\n")
    assert "不是本计划的一级部分" in flatten(caught.value)[0].message


# -- a batch's composer remembers block emissions: never another plan's words ------------------------
def _memo_library(root: Path) -> Library:
    _block(
        root,
        "m.outer",
        """
        - p: 全年{{ n }}次。
        - item: 由书记负责
          when: org.members >= 7
          p: 由{{ who.secretary }}负责，{{ who.organization }}协助。
        - item: 总在
          p: 本{{ party.org }}共{{ org.members }}名党员。
        - include: m.inner
          when: who.named
        - include: m.plain
        """,
        extra="""
        params:
          n: {type: int, label: 次数, default: 4, min: 1, max: 12}
        schedule:
          - name: 外层会议
            owner: 组织委员
            every: quarter
            on: 第一个星期一
        """,
    )
    _block(
        root,
        "m.inner",
        """
        - item: 内层
          p: "{% if detail == 'full' %}详尽{% else %}{{ who.publicity }}{% endif %}。"
        """,
        extra="""
        schedule:
          - name: 内层会议
            owner: 宣传委员
            every: month
            on: 15日
            when: org.members > 10
        """,
    )
    _block(root, "m.plain", "- item: 不读任何值\n  p: 固定文字。\n")
    return Library([Layer(root, "--library")])


@st.composite
def _memo_specs(draw: st.DrawFn) -> str:
    members = draw(st.sampled_from([3, 6, 7, 12, 40]))
    secretary = draw(st.sampled_from(["", "王丽", "李强"]))
    committee = draw(st.sampled_from(["", "{组织委员: 赵敏}", "{宣传委员: 周明, 组织委员: 赵敏}"]))
    org = f"org: {{name: 测试党支部, members: {members}"
    org += f", secretary: {secretary}" if secretary else ""
    org += f", committee: {committee}" if committee else ""
    spec = org + "}\n"
    if draw(st.booleans()):
        spec += f"params: {{m.outer.n: {draw(st.integers(1, 12))}}}\n"
    spec += f"detail: {draw(st.sampled_from(['concise', 'standard', 'full']))}\n"
    edit = draw(st.sampled_from(["", "remove: [m.plain]", "add: [{block: m.plain, after: m.inner}]"]))
    if edit:
        spec += f"sections: {{{edit}}}\n"
    return spec


@pytest.fixture(scope="module")
def memo_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return _memo_library(tmp_path_factory.mktemp("memo"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(_memo_specs(), min_size=2, max_size=6))
def test_one_composer_gives_each_plan_what_a_fresh_one_gives(memo_library: Library, specs: list[str]) -> None:
    """A batch composes every plan with one composer, which remembers blocks' emissions: each plan
    gets its own secretary, counts, conditions, detail and schedule owners, as if composed alone."""
    fields = {"id": "t", "name": "测试", "sector": "all", "kind": "branch"}
    sections = [{"block": "m.outer"}, {"block": "m.plain"}, {"block": "m.outer", "params": {"n": 2}}]
    template_source = SourceMap("t.yaml")  # the same template: the shared composer keeps its placed tree
    template = validated("PlanTemplate", {**fields, "sections": sections}, template_source)
    shared = Composer(memo_library)

    def composed(composer: Composer, extra: str) -> tuple:
        data, source = load_text("template: t\nyear: 2027\n" + extra, "plan.yaml")
        doc = composer.compose(validated("PlanSpec", data, source), source, template, template_source)
        return doc.body, doc.recurrences, doc.toc

    for extra in specs:
        assert composed(shared, extra) == composed(Composer(memo_library), extra)


def test_remembered_blocks_follow_each_branch_in_the_real_library() -> None:
    """The built-in hospital plan for three branches in turn, with one composer: each names its own
    secretary, and the second plan's text is the same whether it was composed first or second."""
    from plangen.pipeline import Builder, BuildOptions

    example = Path(__file__).parents[1] / "examples" / "hospital-branch.yaml"
    base = load_text(example.read_text(encoding="utf-8"), str(example))[0]

    def spec(secretary: str, members: int) -> dict:
        return {**base, "org": {**base["org"], "secretary": secretary, "members": members, "committee": {}}}

    shared = Builder(Library.default(), example.parent)
    options = BuildOptions(year=2027)
    texts = [shared.document(example, options, spec_text=spec(name, members))[1].text()
             for name, members in [("王丽", 30), ("李强", 5), ("赵敏", 30)]]  # fmt: skip
    assert "王丽" in texts[0] and "王丽" not in texts[1] + texts[2]
    assert "李强" in texts[1] and "赵敏" in texts[2]
    alone = Builder(Library.default(), example.parent).document(example, options, spec_text=spec("李强", 5))[
        1
    ]
    assert alone.text() == texts[1]
