"""Variables every template sees, derived from the plan spec and never typed by hand.

Year-dependent wording (anniversaries, the five-year-plan period, the Party congress) is
arithmetic on ``year`` here, so ``plangen build --year 2028`` changes all of it at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .numbering import cn_number
from .years import DEFAULT_CONGRESS_YEAR

FOUNDING = {"party": 1921, "prc": 1949, "army": 1927, "reform": 1978}
THIRD_FYP_YEAR = 1966  # “三五”1966–1970; regular five-year periods ever since (1963–65 was an adjustment)
TWENTIETH_CONGRESS_YEAR = 2022


def anniversaries(year: int) -> dict[str, int]:
    """建党、新中国成立、建军、改革开放 N 周年 in *year*."""
    return {name: year - start for name, start in FOUNDING.items()}


def five_year_plan(year: int) -> dict[str, Any]:
    """The five-year plan period *year* falls in: 2027 → “十五五” year 2."""
    if year < THIRD_FYP_YEAR:
        raise ValueError("five-year-plan arithmetic starts in 1966")
    number, index = divmod(year - THIRD_FYP_YEAR, 5)
    number += 3
    index += 1
    return {
        "number": number,
        "name": f"{cn_number(number)}五",  # 十五五
        "index": index,  # 1..5
        "index_cn": cn_number(index),
        "first_year": year - index + 1,
        "last_year": year - index + 5,
        "is_first": index == 1,
        "is_last": index == 5,
    }


def congress(year: int, congress_year: int) -> dict[str, Any]:
    """Which national Party congress is the newest at the start of *year*, and whether one meets in it.

    The 20th met in 2022; the 21st is expected in *congress_year* (a setting, default 2027), then
    every five years.
    """

    def held(n: int) -> int:
        return TWENTIETH_CONGRESS_YEAR if n == 20 else congress_year + 5 * (n - 21)

    latest = 20
    while held(latest + 1) < year:
        latest += 1
    this_year = latest + 1 if held(latest + 1) == year else None
    return {
        "latest": latest,
        "latest_cn": cn_number(latest),  # 二十
        "latest_year": held(latest),
        "just_held": held(latest) == year - 1,  # the first plan year after a congress: its main line
        "this_year": this_year,
        "this_year_cn": cn_number(this_year) if this_year else "",
        "next": latest + 1,
        "next_cn": cn_number(latest + 1),
        "next_year": held(latest + 1),
    }


PARTY_WORDS: dict[str, dict[str, str]] = {
    "branch": {
        "org": "支部", "org_full": "党支部", "committee": "支委会", "committee_full": "支部委员会",
        "members": "支部委员", "secretary": "支部书记", "plenary": "支部党员大会",
    },
    "general-branch": {
        "org": "总支", "org_full": "党总支", "committee": "总支委员会", "committee_full": "党总支委员会",
        "members": "总支委员", "secretary": "总支书记", "plenary": "总支党员大会",
    },
    "committee": {
        "org": "党委", "org_full": "党委", "committee": "党委会", "committee_full": "党委会议",
        "members": "党委委员", "secretary": "党委书记", "plenary": "党员大会（党员代表大会）",
    },
}  # fmt: skip
# A 街道 (or 开发区) has a 党的工作委员会, a 党委 in all but name: the plan names it as it is named
WORK_COMMITTEE_WORDS = {
    "org": "党工委", "org_full": "党工委", "committee": "党工委会议", "committee_full": "党工委会议",
    "members": "党工委委员", "secretary": "党工委书记",
}  # fmt: skip
WORK_COMMITTEE = re.compile(r"(党工委|工作委员会)$")


# 支部工作条例 art. 9: 正式党员7人以上的党支部设支部委员会; fewer: a 书记 (and 副书记), no 委员
COMMITTEE_FROM = 7
# 支部工作条例: a branch has generally at most 50 members; more: a 党总支, or two branches
BRANCH_AT_MOST = 50
SMALL_BRANCH_WORDS = {"committee": "支部党员大会", "committee_full": "支部党员大会", "members": "党员骨干"}


def size_note(kind: str, members: int | None) -> str:
    """What a user should know of a branch larger than a branch is set up to be ("" otherwise)."""
    if kind != "branch" or members is None or members <= BRANCH_AT_MOST:
        return ""
    return (
        f"党支部有党员{members}名：按《中国共产党支部工作条例（试行）》，党支部党员人数一般不超过{BRANCH_AT_MOST}名，"
        "人数较多的可按规定设立党总支或分设党支部（计划仍按党支部生成）。"
    )


def structure(kind: str, org: dict[str, Any]) -> str:
    """The organisation's structure as the plan assumes it, in one line for the wizard's preview."""
    members, probationary = org.get("members"), org.get("probationary")
    sized = "" if members is None else f"党员{members}名，"
    if kind != "branch":
        words = party_words(kind, name=str(org.get("name", "")))
        branches = f"，下设党支部{org['branches']}个" if org.get("branches") else ""
        return f"{sized}{words['org']}班子集体领导、分工负责{branches}"
    if not has_committee(kind, members, probationary):
        full = members - (probationary or 0) if members is not None else 0
        return (f"正式党员{full}名（不足{COMMITTEE_FROM}名）：不设支部委员会和党小组，由支部书记主持日常工作，"
                "需集体研究的事项提交支部党员大会")  # fmt: skip
    groups = f"，党小组{org['groups']}个" if org.get("groups") else ""
    return f"{sized}设支部委员会（书记和组织、宣传、纪检委员等）{groups}"


def has_committee(kind: str, members: int | None, probationary: int | None = None) -> bool:
    """Whether the organisation has a 委员会: a branch only with 7 or more full members (its count
    less the probationary); a 党委 and a 党总支 always. A branch whose size is not given is taken
    to have one, as most branches that write a plan do."""
    if kind != "branch" or members is None:
        return True
    return members - (probationary or 0) >= COMMITTEE_FROM


# Committee roles as spec files name them → the key block text uses (``who.organization``).
ROLES: dict[str, str] = {
    "书记": "secretary", "支部书记": "secretary", "党委书记": "secretary", "总支书记": "secretary",
    "党工委书记": "secretary", "副书记": "deputy", "党委副书记": "deputy", "支部副书记": "deputy",
    "党工委副书记": "deputy", "纪工委书记": "discipline",
    "组织委员": "organization", "宣传委员": "publicity", "纪检委员": "discipline",
    "纪委书记": "discipline", "青年委员": "youth", "统战委员": "united_front",
    "群工委员": "mass_work", "保密委员": "secrecy",
}  # fmt: skip
ROLE_TITLES: dict[str, str] = {
    "secretary": "书记", "deputy": "副书记", "organization": "组织委员", "publicity": "宣传委员",
    "discipline": "纪检委员", "youth": "青年委员", "united_front": "统战委员", "mass_work": "群工委员",
    "secrecy": "保密委员",
}  # fmt: skip


def who(committee: dict[str, str], secretary: str | None, words: dict[str, Any]) -> dict[str, str]:
    """Each role as the text names it: 组织委员李强 when the spec gives the name, else 组织委员.

    The secretary reads 支部书记 / 党委书记; on a 党委 the discipline role is the 纪委书记 (or the
    纪检委员 where the spec says so).
    """
    names: dict[str, tuple[str, str]] = {}
    for role, name in committee.items():
        key = ROLES.get(role)
        if key and key not in names:
            names[key] = (role, name)
    if secretary and "secretary" not in names:
        names["secretary"] = ("书记", secretary)
    out = {}
    for key, title in ROLE_TITLES.items():
        if key == "secretary":
            title = words["secretary"]
        elif key == "discipline" and words["kind"] == "committee":
            title = "纪工委书记" if words["org"] == "党工委" else "纪委书记"
        elif key == "deputy" and words["kind"] == "committee":
            title = f"{words['org']}副书记"
        role, name = names.get(key, (title, ""))
        if key == "secretary" or (
            words["kind"] == "committee" and role in ("副书记", "党委副书记", "纪委书记")
        ):
            role = title  # the office as this organisation names it: 党工委副书记, 纪工委书记
        out[key] = f"{role}{name}"
    if not words["has_committee"]:  # no 委员: what a 委员 would do falls to the secretary, unless named
        for key in ROLE_TITLES:
            if key not in names and key not in ("secretary", "deputy"):
                out[key] = out["secretary"]
    out["named"] = "yes" if any(name for _, name in names.values()) else ""
    return out


_UNIT_PREFIX = re.compile(r"^(中共|中国共产党)")
_UNIT_SUFFIX = re.compile(
    r"(总支部委员会|支部委员会|工作委员会|委员会|党总支|党工委|党委|党组|党支部|总支|支部|(?<=[区市县州旗盟])委)$"
)  # 东湖区委 is 中共东湖区委员会: its unit is the 区
# A place that opens a unit's name: 江城市, 青山县, 东湖区 (not 社区, 小区, 校区 …)
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,5}?(?:自治区|省|市|县|州|盟|旗|(?<![社小园校院景辖片城街])区)")
_SYSTEM = re.compile(r"(工作委员会|工委)$")
_ORGAN = re.compile(r"(委员会|委|局|厅|政府)$")  # 国资委, 教育局: an organ that oversees units
# a unit of its own, not a part of its parent's (a 社区 or 村 keeps the 街道 or 乡镇 it is in)
_WHOLE_UNIT = re.compile(r"(公司|集团|医院|卫生院|学校|中学|小学|大学|学院|幼儿园|馆|局|研究所|中心)$")
# name ending → what the formal name puts before 委员会, per kind (a 党工委 is a 工作委员会)
_FORMAL = {
    "branch": (("党支部", "支部"),), "general-branch": (("党总支", "总支部"),),
    "committee": (("党工委", "工作"), ("党委", "")),
}  # fmt: skip


def formal_name(
    name: str, parent: str | None, kind: str, members: int | None, probationary: int | None = None
) -> str:
    """The organisation's formal name for the signature: 内科第一党支部 under 江城市第一人民医院党委 →
    中共江城市第一人民医院内科第一支部委员会. A branch under 7 members has no 委员会 (支部工作条例
    art. 9: a committee is elected where there are 7 or more full members); a name already formal,
    or not ending in a known form, is kept as given."""
    if _UNIT_PREFIX.match(name):
        return name
    short, formal = next(((s, f) for s, f in _FORMAL[kind] if name.endswith(s)), ("", ""))
    if not short or name == short:
        return name
    body = name[: -len(short)]
    parent_text = _UNIT_PREFIX.sub("", parent or "").strip()
    unit = _UNIT_SUFFIX.sub("", parent_text).strip()
    found = _PLACE.match(unit)
    place = found.group() if found else ""  # 江城市 of 江城市第一人民医院, of 江城市委教育
    if place and body[:1] == place[-1]:  # 市档案馆 under 江城市直属机关工委: 江城市档案馆
        body = place[:-1] + body
    elif _PLACE.match(body):  # 江城市实验中学: a unit named in full, whatever its parent
        pass
    elif (_SYSTEM.search(parent_text) and ("委" in unit or "直属机关" in unit)) or (
        (_SYSTEM.search(parent_text) or _ORGAN.search(unit)) and _WHOLE_UNIT.search(body)
    ):
        # a 工委 of a system (市委教育工委, 直属机关工委) or of an area (开发区工委), or an organ (国资委),
        # is not the unit the branch is in, and a company or school in its area is a unit of its own:
        # the place only, unless the unit's own name opens with it (江城大学 under 江城市委教育工委)
        body = body if place and body.startswith(place[:-1]) else place + body
    elif unit and not body.startswith(unit):
        # 江城大学化学学院 + 化学学院教工第一 → 江城大学化学学院教工第一 (no doubled 化学学院)
        overlap = next((n for n in range(min(len(unit), len(body)), 1, -1) if unit.endswith(body[:n])), 0)
        body = unit + body[overlap:]
    committee = "委员会" if has_committee(kind, members, probationary) else ""
    return f"中共{body}{formal}{committee}"


def overview(org: dict[str, Any], words: dict[str, str]) -> str:
    """基本情况 from the spec's counts, or "" when it gives none."""
    parts = []
    if org.get("branches"):
        parts.append(f"下设党支部{org['branches']}个")
    if org.get("members"):
        member_text = f"共有党员{org['members']}名" if parts else f"现有党员{org['members']}名"
        if org.get("probationary"):
            member_text += f"（其中预备党员{org['probationary']}名）"
        parts.append(member_text)
    if org.get("activists"):
        parts.append(f"入党积极分子{org['activists']}名")
    if org.get("groups"):
        parts.append(f"设党小组{org['groups']}个")
    if not parts:
        return ""
    return "本" + words["org"] + "，".join(parts) + "。"


def party_words(kind: str, committee: bool = True, name: str = "") -> dict[str, Any]:
    """How the plan names its own organisation: shared blocks read right for a 支部 and a 党委, and
    for a branch without a 支部委员会 (*committee* false), whose 支部党员大会 decides what a 支委会
    would, and whose 党员骨干 take on what 支部委员 would."""
    # 党小组 are a larger branch's division: a branch without a 支部委员会 is not divided into them
    words: dict[str, Any] = {
        "kind": kind,
        **PARTY_WORDS[kind],
        "has_committee": committee,
        "has_groups": committee,
    }
    if not committee:
        words.update(SMALL_BRANCH_WORDS)
    if kind == "committee" and WORK_COMMITTEE.search(name):
        words.update(WORK_COMMITTEE_WORDS)
    return words


def default_plan_date(year: int) -> dt.date:
    """The first Monday–Friday from 4 January: after any 元旦 holiday, early in the plan year."""
    day = dt.date(year, 1, 4)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def date_cn(day: dt.date) -> str:
    """GB/T 9704 成文日期: Arabic numerals, full year, no zero padding — 2027年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def build_context(
    year: int,
    org: dict[str, Any],
    date: dt.date | None = None,
    congress_year: int = DEFAULT_CONGRESS_YEAR,
    kind: str = "branch",
    *,
    sector: str = "all",
    membership: str = "staff",
    detail: str = "standard",
) -> dict[str, Any]:
    """The variables of the Jinja context for one plan."""
    day = date or default_plan_date(year)
    words = party_words(kind, has_committee(kind, org.get("members"), org.get("probationary")), org["name"])
    org_values = {key: ("" if value is None else value) for key, value in org.items() if key != "committee"}
    org_values["full_name"] = org.get("full_name") or formal_name(
        org["name"], org.get("parent"), kind, org.get("members"), org.get("probationary")
    )
    return {
        "year": year,
        "prev_year": year - 1,
        "next_year": year + 1,
        "detail": detail,
        "sector": sector,
        "membership": membership,
        "who": who(org.get("committee") or {}, org.get("secretary"), words),
        "overview": overview(org, words),
        "org": org_values,
        "date": day,
        "date_cn": date_cn(day),
        "anniv": anniversaries(year),
        "fyp": five_year_plan(year),
        "congress": congress(year, congress_year),
        "settings": {"congress_year": congress_year},
        "party": words,
    }
