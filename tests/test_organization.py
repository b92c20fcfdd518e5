"""A branch's structure follows its size (支部工作条例 art. 9): with 7 or more full members it elects
a 支部委员会; with fewer it has a 书记 and no 委员, and its 支部党员大会 decides what a 支委会 would.
No plan of a small branch names a body or an office it does not have — in its text or its calendar,
whether it is built, batched or written by the wizard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, run_cli, write
from hypothesis import assume, given
from hypothesis import strategies as st
from test_plans import BRANCHES, DETAILS, NOT_IN_SECTOR, TEMPLATES, YEARS, build

from plangen.context import COMMITTEE_FROM, has_committee

# bodies that are not the branch's own: 居民委员会, 业主委员会, 人民调解委员会, 村民委员会
OTHER_BODIES = re.compile("居民委员会|村民委员会|业主委员会|人民调解委员会")
OWN = re.compile(r".{0,8}(?:支委|委员).{0,4}")


def committee_words(text: str) -> list[str]:
    """Where *text* names the branch's committee or one of its 委员."""
    return OWN.findall(OTHER_BODIES.sub("", text))


def test_the_rule() -> None:
    assert COMMITTEE_FROM == 7
    assert not has_committee("branch", 6) and has_committee("branch", 7)
    assert not has_committee("branch", 9, probationary=3)  # 6 full members
    assert has_committee("branch", None)  # size not given: most branches that write a plan have one
    assert has_committee("committee", 3) and has_committee("general-branch", 5)


@pytest.mark.parametrize("template", BRANCHES)
@pytest.mark.parametrize("members", [3, 6])
def test_a_small_branch_names_no_committee_in_its_text_or_calendar(template: str, members: int) -> None:
    for year in YEARS:
        for detail in DETAILS:
            doc = build(template, year, detail, org={"members": members, "secretary": "王丽"})
            calendar = "\n".join(f"{rule.name} {rule.owner}" for rule in doc.recurrences)
            assert committee_words(doc.text()) == [], (year, detail)
            assert committee_words(calendar) == [], (year, detail)
            assert "党小组" not in doc.text() + calendar, (year, detail)  # nor is it divided into groups
            assert "支部党员大会" in calendar and "支部书记王丽" in calendar


@pytest.mark.parametrize("template", BRANCHES)
def test_seven_full_members_and_the_committee_is_there(template: str) -> None:
    doc = build(template, org={"members": 7})
    assert "支部委员会会议" in [rule.name for rule in doc.recurrences]
    assert "支部委员会会议" in doc.text() or "支委会" in doc.text()
    six_full = build(template, org={"members": 9, "probationary": 3})
    assert "支部委员会会议" not in [rule.name for rule in six_full.recurrences]


def test_batch_and_wizard_follow_the_size(tmp_path: Path) -> None:
    roster = write(
        tmp_path / "名册.csv",
        """
        支部名称,书记,党员人数
        检验科党支部,李强,5
        内科第一党支部,王丽,23
        """,
    )
    result = run_cli(["batch", str(roster), "--spec", str(REPO / "examples" / "hospital-branch.yaml"),
                      "-o", "out", "-f", "md,csv"], tmp_path)  # fmt: skip
    assert result.code == 0, result.err
    small = (tmp_path / "out" / "检验科党支部2027年工作计划.md").read_text(encoding="utf-8")
    small_calendar = (tmp_path / "out" / "检验科党支部2027年工作计划.csv").read_text(encoding="utf-8-sig")
    large = (tmp_path / "out" / "内科第一党支部2027年工作计划.md").read_text(encoding="utf-8")
    assert committee_words(small) == [] and committee_words(small_calendar) == []
    assert "中共江城市第一人民医院检验科支部\n" in small + "\n"  # the signature: 支部, not 支部委员会
    assert "支部委员会会议" in large
    wizard = run_cli(["new", "--defaults", "-o", "w", "--data", "sector=community", "--data", "org.name=东湖社区第三党支部",
                      "--data", "org.members=4"], tmp_path)  # fmt: skip
    assert wizard.code == 0, wizard.err
    written = next((tmp_path / "w").glob("*.md")).read_text(encoding="utf-8")
    assert committee_words(written) == []


# --- full names -------------------------------------------------------------------------------------
PLACES = ["江城市", "青山县", "东湖区", "临江市"]
UNITS = ["第一人民医院", "实验中学", "师范大学", "机械制造有限公司", "档案馆", "东湖街道", "妇幼保健院"]
OFFICIAL = re.compile(r"^中共[\u4e00-\u9fff0-9（）]+?(支部委员会|支部)$")


@given(
    place=st.sampled_from(PLACES),
    unit=st.sampled_from(UNITS),
    parent_form=st.sampled_from(
        ["{p}{u}党委", "中共{p}{u}委员会", "{p}委教育工委", "中共{p}直属机关工作委员会"]
    ),
    branch=st.sampled_from(
        ["内科第一", "行政后勤", "{p}{u}", "{u}", "市档案馆", "化学学院教工第二", "离退休"]
    ),
    members=st.one_of(st.none(), st.integers(3, 60)),
)
def test_full_names_follow_the_official_pattern(place: str, unit: str, parent_form: str, branch: str,
                                               members: int | None) -> None:  # fmt: skip
    from plangen.context import formal_name

    parent = parent_form.format(p=place, u=unit)
    body = branch.format(p=place, u=unit)
    full = formal_name(body + "党支部", parent, "branch", members)
    assert OFFICIAL.match(full), full
    assert full.endswith("支部委员会") == has_committee("branch", members), full
    assert full.count(place) <= 1 and "党支部" not in full and "委员会委员会" not in full, full
    assert body.lstrip("市县区") in full  # the branch's own name is kept whole
    if "工委" in parent or "工作委员会" in parent:  # a system's 工委 is not the unit it is in
        assert "委教育" not in full and "直属机关" not in full, full


COMMITTEE_OFFICIAL = re.compile(r"^中共[\u4e00-\u9fff0-9（）]+?(?<!党)(工作)?委员会$")


@given(
    place=st.sampled_from(PLACES),
    unit=st.sampled_from(["第一人民医院", "师范大学", "能源集团有限公司", "东湖街道", "高新区"]),
    parent_form=st.sampled_from(
        ["中共{p}委员会", "{p}委", "中共{p}国资委委员会", "{p}委教育工委", "{p}卫生健康工委"]
    ),
    named=st.sampled_from(["{u}", "{p}{u}"]),
    form=st.sampled_from(["党委", "党工委"]),
)
def test_a_committee_full_name_follows_the_official_pattern(place: str, unit: str, parent_form: str,
                                                            named: str, form: str) -> None:  # fmt: skip
    """中共X委员会 for a 党委, 中共X工作委员会 for a 党工委; the unit named once, its place once."""
    from plangen.context import formal_name, party_words

    # an area (街道, 高新区) is under its 区委, not an organ
    assume(unit not in ("东湖街道", "高新区") or parent_form in ("{p}委", "中共{p}委员会"))
    body = named.format(p=place, u=unit)
    full = formal_name(body + form, parent_form.format(p=place), "committee", 500)
    assert COMMITTEE_OFFICIAL.match(full), full
    assert full.endswith("工作委员会") == (form == "党工委"), full
    assert full.count(place) <= 1 and unit in full and "委员会委员会" not in full, full
    assert not any(word in full for word in ("国资委", "教育", "卫生健康")), full  # an organ is not the unit
    words = party_words("committee", name=body + form)
    assert words["org"] == ("党工委" if form == "党工委" else "党委"), words


def test_the_wizard_asks_a_small_branch_for_no_committee_and_no_groups() -> None:
    from test_wizard import wizard

    small, asked = wizard(
        [None] * 200, data={"sector": "community", "org.name": "东湖社区第三党支部", "org.members": "5"}
    )
    spec = small.run()
    assert not [key for key in asked.asked if key.startswith("org.committee.") or key == "org.groups"]
    assert spec["org"]["members"] == 5 and "committee" not in spec["org"]
    large, asked = wizard(
        [None] * 200, data={"sector": "community", "org.name": "东湖社区第一党支部", "org.members": "30"}
    )
    large.run()
    assert "org.groups" in asked.asked and "org.committee.组织委员" in asked.asked


def test_the_wizard_asks_the_names_parts_and_previews_the_structure_and_signature() -> None:
    """Parent, unit and short name asked one by one; before anything is written the preview says
    whether there is a 支委会 and what the signature will read."""
    from test_wizard import LIBRARY, wizard

    from plangen.wizard import preview_text

    # Enter at template and year, then the name's parts one by one and the size
    typed = [None, None, "东湖社区第三党支部", "中共江城市东湖街道工作委员会", "东湖社区", "5"]  # fmt: skip
    small, asked = wizard([*typed, *[None] * 200], data={"sector": "community"})
    spec = small.run()
    assert asked.asked[2:6] == ["org.name", "org.parent", "org.unit", "org.members"]
    assert spec["org"]["unit"] == "东湖社区"
    preview = preview_text(small, spec)
    assert "不设支部委员会" in preview and "落款：中共江城市东湖街道东湖社区第三支部" in preview
    street, asked = wizard([None] * 200, data={"template": "community-committee", "org.name": "东湖街道党工委",
                                           "org.parent": "江城市东湖区委", "org.members": "1850"})  # fmt: skip
    spec = street.run()
    preview = preview_text(street, spec)
    assert "党工委班子集体领导" in preview and "落款：中共江城市东湖区东湖街道工作委员会" in preview
    assert LIBRARY.template(spec["template"]).kind == "committee"
    assert "党工委副书记姓名（可留空）" in asked.labels and "纪工委书记姓名（可留空）" in asked.labels
    assert "所属党支部个数（可留空）" in asked.labels


# --- a rubric per sector and size ---------------------------------------------------------------------
MUST_BRANCH = [
    "三会一课",
    "主题党日",
    "组织生活会",
    "民主评议",
    "党费",
    "32学时",
    "发展党员",
    "谈心谈话",
    "廉政党课",
    "述职",
]
MUST_COMMITTEE = [
    "理论学习中心组",
    "民主生活会",
    "三会一课",
    "组织生活会",
    "党费",
    "换届",
    "发展党员",
    "意识形态",
    "述职",
]
MUST_SECTOR = {
    "hospital": ["医德医风", "双带头人", "患者"],
    "school": ["立德树人", "师德", "教职工"],
    "university": ["立德树人"],
    "soe": ["安全生产", "生产经营"],
    "private": ["两个覆盖", "员工"],
    "community": ["网格", "居民", "双报到"],
    "government": ["模范机关"],
}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_plan_carries_what_its_sector_and_kind_must_and_nothing_it_must_not(template: str) -> None:
    """The facts a plan of its kind and sector carries (ours, per sector), at every size a unit has
    and every year around now; no other sector's words; a small branch no committee."""
    kind, sector = TEMPLATES[template].kind, TEMPLATES[template].sector
    must = (MUST_COMMITTEE if kind == "committee" else MUST_BRANCH) + MUST_SECTOR[sector]
    for year in (2026, 2027, 2028):
        for members in (3, 6, 7, 30, 120):
            doc = build(template, year, org={"members": members})
            text = doc.text()
            assert [word for word in must if word not in text] == [], (year, members)
            assert [word for word in NOT_IN_SECTOR[sector] if word in text] == [], (year, members)
            if kind == "branch" and members < COMMITTEE_FROM:
                assert committee_words(text) == [], (year, members)
            assert any("不超过50名" in note for note in doc.notes) == (kind == "branch" and members > 50)
