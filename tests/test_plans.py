"""The shipped plans as a secretary would submit them: the right length, current, specific to the
sector, free of the errors a review of the 2027 plans found, and natural at every parameter value.

Every template is built from a minimal spec (its defaults) at each detail level for 2027 and 2028;
the texts are composed once per module and checked many ways.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from conftest import REPO

from plangen.compose import Composer
from plangen.document import Document, Heading, RunIn, Table
from plangen.layout import LINES_PER_PAGE, _lines, line_count, wrap_title
from plangen.library import Library
from plangen.safeyaml import SourceMap
from plangen.schema.load import load_spec, validated

LIBRARY = Library.default(environ={})
TEMPLATES = {template.id: template for _, template in LIBRARY.all("template")}
BRANCHES = sorted(t for t, template in TEMPLATES.items() if template.kind == "branch")
COMMITTEES = sorted(t for t, template in TEMPLATES.items() if template.kind != "branch")
DETAILS = ("concise", "standard", "full")
YEARS = (2027, 2028)


COMPOSER = Composer(LIBRARY)  # one renderer: templates compile once for the module


def build(
    template: str,
    year: int = 2027,
    detail: str | None = None,
    params: dict | None = None,
    org: dict | None = None,
) -> Document:
    """The template's plan from a minimal spec (what a new user gets), optionally adjusted."""
    name = "测试党委" if TEMPLATES[template].kind == "committee" else "测试党支部"
    data = {
        "template": template,
        "year": year,
        "detail": detail,
        "org": {"name": name, "parent": "测试单位党委", **(org or {})},
        "params": params or {},
    }
    return COMPOSER.compose(validated("PlanSpec", data, SourceMap("plan.yaml")), SourceMap("plan.yaml"))


@pytest.fixture(scope="module")
def plans() -> dict[tuple[str, int, str | None], Document]:
    """Every template × year × detail (None: the template's default)."""
    return {
        (template, year, detail): build(template, year, detail)
        for template in TEMPLATES
        for year in YEARS
        for detail in (None, *DETAILS)
    }


def body_chars(doc: Document) -> int:
    """Characters of body text: intro and sections; title, contents and signature excluded."""
    count = sum(len(p.text) for p in doc.intro)
    for node in doc.body:
        if isinstance(node, Heading):
            count += len(node.label)
        elif isinstance(node, RunIn):
            count += len(node.label) + len(node.body)
        elif isinstance(node, Table):
            count += sum(len(cell) for row in [node.header, *node.rows] for cell in row)
        else:
            count += len(node.text)
    return count


def estimated_pages(doc: Document) -> float:
    lines = len(wrap_title(doc.title)) + 1 + sum(line_count(p.text) for p in doc.intro)
    lines += sum(_lines(node) for node in doc.body) + 3  # the signature block
    return lines / LINES_PER_PAGE


# --- length ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", BRANCHES)
def test_a_default_branch_plan_is_short_enough_to_submit(plans: dict, template: str) -> None:
    doc = plans[(template, 2027, None)]
    assert body_chars(doc) <= 6000
    assert estimated_pages(doc) <= 8  # the DOCX itself is measured in LibreOffice (test_docx_render)
    assert body_chars(doc) >= 2500  # ... and still a plan: every required item is there


@pytest.mark.parametrize("template", COMMITTEES)
def test_a_default_committee_plan_is_within_its_limit(plans: dict, template: str) -> None:
    """A 党委's plan has more parts than a branch's (13 here), each said briefly: 3–8 pages too."""
    doc = plans[(template, 2027, None)]
    assert 2500 <= body_chars(doc) <= 6000
    assert estimated_pages(doc) <= 8
    text = doc.text()
    own = {"hospital": "医德医风", "university": "立德树人", "soe": "前置研究讨论", "community": "双报到"}
    sector = TEMPLATES[template].sector
    for duty in ("民主生活会", "“三会一课”", "党费", "换届", own[sector]):  # a 党委's own duties, said
        assert duty in text, duty


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_detail_levels_grow_and_full_keeps_the_depth(plans: dict, template: str) -> None:
    sizes = [body_chars(plans[(template, 2027, detail)]) for detail in DETAILS]
    assert sizes[0] < sizes[1] < sizes[2]
    assert sizes[2] >= 6500  # the depth of the plans before detail levels (7–10k characters)
    assert sizes[2] >= 1.8 * sizes[0]
    default = TEMPLATES[template].default_detail()
    assert plans[(template, 2027, None)].text() == plans[(template, 2027, default)].text()


REQUIRED = {  # what every branch plan must keep at every detail (the required items)
    "三会一课": r"支部委员会会议.{0,12}每月.{0,40}支部党员大会一般每季度召开1次|支部党员大会一般每季度召开1次",
    "党课": r"党课\d+次|党课1次",
    "主题党日": r"主题党日",
    "组织生活会": r"\d+月召开\d{4}年度组织生活会",
    "民主评议": r"民主评议党员",
    "谈心谈话": r"谈心谈话",
    "发展党员": r"发展党员工作细则",
    "32学时": r"不少于32学时",
    "党费": r"按月交纳党费",
    "自行脱党": r"自行脱党.{0,30}除名",
    "廉政党课": r"廉政党课",
    "述职": r"述职",
}


@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("template", BRANCHES)
def test_required_items_stay_at_every_detail(plans: dict, template: str, detail: str) -> None:
    text = plans[(template, 2027, detail)].text()
    missing = [name for name, pattern in REQUIRED.items() if not re.search(pattern, text)]
    assert missing == []


# --- errors and stale wording the review found -------------------------------------------------

WRONG = {
    "不合格党员“稳妥处置”而非党章第九条": r"稳妥处置",
    "党费调整时点": r"自变化的次月起",
    "心梗“时间窗缩短”": r"时间窗缩短|救治时间窗",
    "廉政党课“1次……第一次”": r"讲授第一次",
    "十九大提法": r"政治功能强、组织力强|以提升组织力为重点|提升党组织组织力|提升组织力",
    "医院章程早已写入": r"写入医院章程",
    "党代会在秋季召开": r"下半年学习重点",
    "服务对象（各领域通用文字）": r"围绕服务对象反映集中的问题",
    "流动党员（外出务工、求学、挂职混写）": r"外出务工、求学、挂职",
    "计划执行情况的检查在每次会上": r"每次.{0,6}会上对照计划检查",
}


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_no_wrong_or_stale_phrase(plans: dict, template: str, year: int) -> None:
    for detail in (None, *DETAILS):
        text = plans[(template, year, detail)].text()
        found = [name for name, pattern in WRONG.items() if re.search(pattern, text)]
        assert found == [], (detail, found)


SECTOR_ONLY = {  # words true of one kind of membership, wrong in the others' plans
    "students": [
        r"礼品礼金",
        r"公款吃喝",
        r"本单位",
        r"帮助老党员",
        r"按工资收入.{0,4}比例交纳党费",
        r"走访慰问退役军人",
    ],
    "residents": [r"本单位岗位特点", r"本单位宣传平台"],
    "staff": [r"学生党员每月交纳", r"外出务工"],
}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_shared_text_is_true_for_the_sector(plans: dict, template: str) -> None:
    membership = TEMPLATES[template].membership
    for year in YEARS:
        for detail in DETAILS:
            text = plans[(template, year, detail)].text()
            found = [p for p in SECTOR_ONLY.get(membership, []) if re.search(p, text)]
            assert found == [], (year, detail, found)
            if membership == "students":
                assert "党费交纳比例" not in text and "核定" not in text  # 0.2元 a month: no brackets


def test_student_dues_are_twenty_fen(plans: dict) -> None:
    students = [t for t in TEMPLATES if TEMPLATES[t].membership == "students"]
    assert students
    for template in students:
        assert "学生党员每月交纳0.2元" in plans[(template, 2027, None)].text()


def test_dues_follow_the_2008_rules(plans: dict) -> None:
    text = plans[("hospital-branch", 2027, "full")].text()
    assert "从按新工资标准领取工资的当月起" in text
    assert "预备党员从支部党员大会通过其为预备党员之日起交纳党费" in text


def test_member_removal_says_what_article_9_says(plans: dict) -> None:
    for template in TEMPLATES:
        if TEMPLATES[template].kind != "branch":
            continue
        text = plans[(template, 2027, None)].text()
        assert re.search(
            r"没有正当理由，连续6个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作", text
        )
        assert re.search(r"自行脱党，由支部党员大会决定将其除名，并报上级党组织批准", text)


def test_one_august_theme_day_in_a_hospital_plan(plans: dict) -> None:
    for detail in DETAILS:
        text = plans[("hospital-branch", 2027, detail)].text()
        assert "八一前后" not in text  # 建军 joins the 医师节 theme day instead of a second one
        august = [p for p in text.splitlines() if "医师节" in p and "主题党日" in p]
        assert august and any("建军100周年" in p for p in august), detail
        assert "建军101周年" not in plans[("hospital-branch", 2028, detail)].text()


def test_hospital_defaults_fit_any_unit(plans: dict) -> None:
    for detail in DETAILS:
        text = plans[("hospital-branch", 2027, detail)].text()
        assert not re.search(r"手术示教|急诊抢救、重症监护|手术麻醉", text), detail


def test_plan_progress_is_checked_in_one_place(plans: dict) -> None:
    for template in TEMPLATES:
        for detail in DETAILS:
            text = plans[(template, 2027, detail)].text()
            checks = re.findall(r"计划执行情况|对照计划检查|检查.{0,4}计划.{0,4}(?:进展|完成情况)", text)
            assert len(checks) <= 2, (template, detail, checks)  # checked, and reported: once each


def test_committee_meetings_and_progress_checks_agree(plans: dict) -> None:
    for template in COMMITTEES:
        for detail in DETAILS:
            text = plans[(template, 2027, detail)].text()
            assert not ("每月召开2次" in text and re.search(r"每次党委会.{0,10}检查", text)), detail
            assert "写入医院章程" not in text


# --- the plan year ------------------------------------------------------------------------------


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_the_year_after_the_congress_has_its_main_line(plans: dict, template: str) -> None:
    for detail in (None, *DETAILS):
        after = plans[(template, 2028, detail)].text()
        assert "全面学习宣传贯彻党的二十一大精神" in after, detail
        assert "改革开放50周年" in after, detail  # 2028: an anniversary where one belongs
        assert "二十大和二十届历次全会精神" not in after
        assert "习近平党建思想" in after  # the current term since 2026; never the older long form
        before = plans[(template, 2027, detail)].text()
        assert re.search(r"迎接(?:和学习宣传贯彻)?党的二十一大", before), detail
        assert "第四季度" in before  # the congress meets in the autumn
        assert "改革开放49周年" not in before and "建军100周年" in before


@pytest.mark.parametrize(
    ("year", "phrases"),
    [
        (2030, ["“十五五”规划收官之年", "建党109周年", "二十一大和二十一届历次全会精神"]),
        (2031, ["“十六五”规划开局之年", "建党110周年", "二十一大和二十一届历次全会精神"]),
        (2032, ["党的二十二大召开之年", "迎接和学习宣传贯彻党的二十二大"]),
        (2033, ["全面学习宣传贯彻党的二十二大精神", "建党112周年"]),
    ],
)
def test_the_plan_year_moves_everything(year: int, phrases: list[str]) -> None:
    text = build("hospital-branch", year, "full").text()
    assert [p for p in phrases if p not in text] == []


def _lone_children(doc: Document) -> list[str]:
    """Headings with exactly one numbered child: a （一） without （二）, a 1. without 2."""
    numbered = doc.numbered()
    lone = []
    for index, node in enumerate(numbered):
        children = []
        for following in numbered[index + 1 :]:
            if following.level <= node.level:
                break
            if following.level == node.level + 1:
                children.append(following)
        if len(children) == 1:
            lone.append(node.label + " → " + children[0].label)
    return lone


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_no_heading_has_a_single_subdivision(plans: dict, template: str) -> None:
    for year in YEARS:
        for detail in DETAILS:
            assert _lone_children(plans[(template, year, detail)]) == [], (year, detail)


# --- names, the committee and the 基本情况 --------------------------------------------------------


def test_the_example_reads_like_a_real_plan() -> None:
    spec, source = load_spec(REPO / "examples" / "hospital-branch.yaml")
    doc = Composer(LIBRARY).compose(spec, source)
    text = doc.text()
    assert doc.signature is not None
    assert doc.signature.org == "中共江城市第一人民医院内科第一支部委员会"
    assert doc.title.startswith("内科第一党支部")
    assert text.count("本支部现有党员") == 1


def test_committee_names_go_into_the_division_of_duties() -> None:
    committee = {"书记": "王丽", "组织委员": "李强", "宣传委员": "陈静", "纪检委员": "赵敏"}
    text = build("soe-branch", org={"committee": committee}).text()
    assert "支部书记王丽履行抓党建第一责任人职责" in text
    assert "组织委员李强负责" in text and "宣传委员陈静负责" in text and "纪检委员赵敏" in text
    anonymous = build("soe-branch").text()
    assert "支部书记履行抓党建第一责任人职责" in anonymous and "组织委员负责" in anonymous


# --- counts read naturally at their minimum, a middle value and their maximum -------------------

_INT_PARAMS = sorted(
    (block.id, name, param)
    for _, block in LIBRARY.all("block")
    for name, param in block.params.items()
    if param.type == "int"
)


def _values(param) -> list[int]:
    low, high = param.min if param.min is not None else 0, param.max if param.max is not None else 20
    return sorted({low, (low + high) // 2, high, *((1, 2) if low <= 1 <= high else ())})


@cache
def _blocks_in(template: str) -> frozenset[str]:
    """Ids of the blocks a template's full plan contains."""
    return frozenset(getattr(node, "source", "") for node in build(template, 2027, "full").body)


def _alone(block_id: str, detail: str, params: dict) -> Document:
    block = LIBRARY.block(block_id)
    sector = next((sector for sector in block.sectors if sector != "all"), "all")
    template = validated(
        "PlanTemplate",
        {"id": "alone", "name": "单块", "sector": sector, "kind": "branch",
         "sections": [{"block": block_id, "params": params}]},
        SourceMap("alone.yaml"),
    )  # fmt: skip
    spec = validated(
        "PlanSpec",
        {"template": "alone", "year": 2027, "detail": detail, "org": {"name": "测试党支部"}},
        SourceMap("plan.yaml"),
    )
    return COMPOSER.compose(spec, SourceMap("plan.yaml"), template, SourceMap("alone.yaml"))


UNNATURAL = [
    (r"(?<![\d.])0(?:名|次|个|件|篇|人次|人|小时|项)", "a count of zero written out"),
    (r"1次.{0,30}第一次|第一次.{0,30}1次", "“1次” and “第一次” together"),
    (r"(?<![\d.])1(?:名|个|件|项)[^，。；]{0,12}(?:分别|各自|之间)", "one of them, 分别"),
    (r"不少于1次.{0,6}不少于1次", "repeated minimum"),
]


@pytest.mark.parametrize(
    ("block_id", "name", "param"), _INT_PARAMS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_counts_read_naturally(block_id: str, name: str, param) -> None:
    template = next((t for t in sorted(TEMPLATES) if block_id in _blocks_in(t)), None)
    for value in _values(param):
        for detail in DETAILS:
            if template is not None:
                doc = build(template, 2027, detail, {f"{block_id}.{name}": value})
            else:  # a library-only block (or one a template shows only on a condition): on its own
                doc = _alone(block_id, detail, {name: value})
            text = doc.text()
            for pattern, why in UNNATURAL:
                match = re.search(pattern, text)
                assert match is None, (
                    value,
                    detail,
                    why,
                    text[max(0, match.start() - 40) : match.end() + 20],
                )


def test_the_unnatural_patterns_catch_what_the_review_found() -> None:
    bad = ["全年安排廉政党课1次，6月讲授第一次。", "新确定入党积极分子0名。", "由1名支委分别联系。"]
    assert all(any(re.search(pattern, text) for pattern, _ in UNNATURAL) for text in bad)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"integrity.lecture.lectures": 1, "integrity.lecture.lecture_month": 6}, "6月安排廉政党课1次，由"),
        ({"integrity.lecture.lectures": 2, "integrity.lecture.lecture_month": 6}, "全年安排廉政党课2次，第1次在6月讲授"),
        ({"integrity.lecture.lectures": 6, "integrity.lecture.lecture_month": 12}, "全年安排廉政党课6次，由"),
        ({"organization.three-meetings.lectures_per_year": 1}, "全年安排党课1次，由支部书记讲授"),
        ({"organization.three-meetings.lectures_per_year": 12}, "全年安排党课12次，其中支部书记至少讲1次"),
        ({"organization.member-development.recruits": 0, "organization.member-development.activists": 0},
         "坚持“控制总量、优化结构、提高质量、发挥作用”的总要求。"),
        ({"organization.member-development.recruits": 0, "organization.member-development.activists": 3},
         "总要求，全年计划新确定入党积极分子3名。"),
        ({"organization.member-development.recruits": 50}, "全年计划发展党员50名、新确定入党积极分子2名"),
        ({"theory-study.collective-and-self.collective_per_month": 1}, "每月组织集中学习1次"),
        ({"theory-study.collective-and-self.collective_per_month": 4}, "每月组织集中学习不少于4次"),
    ],
)  # fmt: skip
def test_count_sentences_at_their_bounds(params: dict, expected: str) -> None:
    assert expected in build("hospital-branch", params=params).text()


def test_the_linter_flags_the_19th_congress_wording() -> None:
    from plangen.lint import check

    rules = {f.rule for f in check("以提升组织力为重点，建设政治功能强、组织力强的党支部。", 2027)}
    assert rules == {"S018"}
    assert check("增强党组织政治功能和组织功能。", 2027) == []


# --- every sentence true for the sector that uses it -------------------------------------------------
# Words that belong to another kind of unit: a rubric of ours, per sector (a hospital's 患者 in a
# school's plan, 公款 and 挂职 in a private firm's, 干部职工 where a school says 教职工).
NOT_IN_SECTOR = {
    "private": ["公款", "挂职", "干部职工", "国有资产", "三重一大", "患者", "学生党员", "教职工"],
    "school": ["患者", "诊疗", "医务人员", "生产经营", "干部职工", "国有资产", "学生党员", "居民群众"],
    "university": ["患者", "诊疗", "医务人员", "生产经营", "国有资产", "居民群众"],
    "hospital": ["学生党员", "教职工", "生产经营", "国有资产", "居民群众"],
    "community": ["患者", "诊疗", "医务人员", "教职工", "生产经营", "国有资产", "学生党员"],
    "government": ["患者", "诊疗", "医务人员", "学生党员", "教职工", "生产经营", "居民群众"],
    "soe": ["患者", "诊疗", "医务人员", "学生党员", "教职工", "居民群众"],
}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_no_plan_speaks_of_another_sectors_people(plans: dict, template: str) -> None:
    sector = TEMPLATES[template].sector
    assert sector in NOT_IN_SECTOR, sector  # a new sector gets its rubric
    for year in YEARS:
        for detail in DETAILS:
            text = plans[(template, year, detail)].text()
            found = [term for term in NOT_IN_SECTOR[sector] if term in text]
            assert found == [], (year, detail, found)


def test_one_topic_one_section() -> None:
    """The state enterprise's 廉洁风险 is part of its 党风廉政建设, not a second top-level section."""
    for template in TEMPLATES:
        doc = build(template)
        top = [node.text for node in doc.body if isinstance(node, Heading) and node.level == 1]
        assert sum("廉" in text for text in top) <= 1, (template, top)
