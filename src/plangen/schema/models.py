"""The files users edit — Block, PlanTemplate, PlanSpec (and Param) — as pydantic models.

These models are the single source of validation and of ``plangen schema``: the JSON Schema an
editor (yaml-language-server) uses to check a file while it is typed. What they validate leaves
this module as the frozen types of :mod:`.types` (:func:`freeze`); no model is seen outside
:mod:`plangen.schema`. Imported only when needed (pydantic is slow to import).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..errors import PlanError, own_message, shorten
from ..paper import MEETING_KINDS
from ..years import DEFAULT_CONGRESS_YEAR, FIRST_YEAR
from . import types
from .rules import (
    add_problem,
    date_problem,
    org_problem,
    param_problem,
    reserved_problem,
    rule_problem,
    table_problem,
)
from .types import CATEGORY_NAMES, Frozen

BLOCK_ID_PATTERN = r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
TEMPLATE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
PARAM_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"

BlockId = Annotated[str, StringConstraints(pattern=BLOCK_ID_PATTERN, max_length=100)]
TemplateId = Annotated[str, StringConstraints(pattern=TEMPLATE_ID_PATTERN, max_length=60)]
ParamName = Annotated[str, StringConstraints(pattern=PARAM_NAME_PATTERN, max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=5000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=200)]

Sector = Literal[
    "all", "hospital", "school", "university", "enterprise", "soe", "private", "community", "government"
]
Detail = Literal["concise", "standard", "full"]
DetailMark = Annotated[
    Detail | Annotated[list[Detail], Field(min_length=1, max_length=3)] | None,
    Field(
        description="详略：standard 表示标准和详尽版才有，full 表示只在详尽版；"
        "列表（如 [concise]）表示只在所列版本中出现；不写则各版本都有",
    ),
]


def _checked(model: _M, problem: Callable[[_M], str | None]) -> _M:
    """Run one of the shared checks of :mod:`.rules` as a pydantic validator."""
    message = problem(model)
    if message:
        raise ValueError(message)
    return model


if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from ..safeyaml import SourceMap


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=False, allow_inf_nan=False)


# --- params ----------------------------------------------------------------------------------


class Param(_Strict):
    """A value a user may set for a block; the wizard asks exactly these."""

    type: Literal["int", "str", "text", "bool", "choice", "date", "list"] = Field(
        "str",
        description="int 整数；str 单行文本；text 多行文本；bool 是/否；choice 选项；date 日期；list 文本列表",
    )
    label: Line = Field(description="中文提示，向导据此提问")
    default: Any = Field(None, description="默认值；必须满足本参数自己的约束")
    help: str | None = Field(None, max_length=500, description="补充说明")
    min: int | None = Field(None, description="int：最小值；str/text/list：最短长度")
    max: int | None = Field(None, description="int：最大值；str/text/list：最长长度")
    pattern: str | None = Field(None, max_length=200, description="str：值须匹配的正则表达式")
    choices: list[Line] | None = Field(None, max_length=50, description="choice：可选值")
    when: str | None = Field(None, max_length=300, description="向导中只在此表达式为真时提问")

    @model_validator(mode="after")
    def _consistent(self) -> Param:
        return _checked(self, param_problem)


# --- block body ---------------------------------------------------------------------------------


class Para(_Strict):
    """A body paragraph."""

    p: Text = Field(description="段落文字；可用 Jinja 变量，如 {{ year }}")
    when: str | None = Field(None, max_length=300, description="条件表达式；为假时省略本段")
    detail: DetailMark = None


class Item(_Strict):
    """A numbered sub-item: a run-in heading (``1.规范会议记录。``) followed by its text."""

    item: Line = Field(
        description="小标题；有正文时以“。”结尾并与正文同段（run-in）；没有正文、以“。”结尾时是一句带序号的话"
    )
    p: Text | None = Field(None, description="紧随小标题的正文")
    body: list[BodyElement] = Field(default_factory=list, description="更深一级的段落、条目")
    when: str | None = Field(None, max_length=300)
    detail: DetailMark = None


class Include(_Strict):
    """Another block, nested one level deeper."""

    include: BlockId = Field(description="被嵌入块的 id，如 organization.theme-day")
    params: dict[ParamName, Any] = Field(default_factory=dict, description="为被嵌入块设置参数")
    when: str | None = Field(None, max_length=300)
    detail: DetailMark = None
    inline: list[Detail] = Field(
        default_factory=list,
        max_length=3,
        description="在所列详略版本中不单列标题，段落并入上级（如 [concise]）；此时被嵌入块只能有段落和表格",
    )


Cell = Annotated[str, StringConstraints(max_length=500)]


class TableSpec(_Strict):
    header: list[Cell] = Field(min_length=1, max_length=12, description="表头")
    rows: list[list[Cell]] = Field(min_length=1, max_length=200, description="各行；每格可用 Jinja")
    widths: list[Annotated[float, Field(ge=0.05, le=100)]] | None = Field(
        None, description="各列相对宽度（0.05–100，如 [1, 1, 4]）"
    )
    caption: Cell = Field("", description="表题（可省略）")

    @model_validator(mode="after")
    def _shape(self) -> TableSpec:
        return _checked(self, table_problem)


class TableElement(_Strict):
    """A table in the text (compact style in DOCX; a pipe table in Markdown)."""

    table: TableSpec
    when: str | None = Field(None, max_length=300)
    detail: DetailMark = None


_M = TypeVar("_M", bound=_Strict)


def _body_kind(value: object) -> str | None:
    if isinstance(value, dict):
        for kind in ("include", "item", "table", "p"):
            if kind in value:
                return kind
        return None
    if isinstance(value, BaseModel):
        return {Para: "p", Item: "item", Include: "include", TableElement: "table"}.get(type(value))
    return None


BodyElement = Annotated[
    Annotated[Para, Tag("p")]
    | Annotated[Item, Tag("item")]
    | Annotated[Include, Tag("include")]
    | Annotated[TableElement, Tag("table")],
    Discriminator(
        _body_kind,
        custom_error_type="body_kind",
        custom_error_message="正文条目须为 p（段落）、item（条目）、table（表格）或 include（嵌入块）之一",
    ),
]
Item.model_rebuild()


# --- schedule -----------------------------------------------------------------------------------

MONTH_DAY = r"^(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])$"
VACATION = r"^\s*(\S+\s+)?\d{1,2}-\d{1,2}\s*[~～]\s*\d{1,2}-\d{1,2}\s*$"  # 寒假 01-16~02-23


class ScheduleRule(_Strict):
    """A recurring activity, turned into dated events for the annual calendar."""

    name: Line = Field(description="活动名称，用支部常用的说法，如 支部委员会会议；可用 Jinja")
    kind: Line | None = Field(
        None,
        description="活动类别（默认同名称）：同一类别在同一个月只安排一次，更具体的规则优先，"
        "如 5月12日的护士节主题党日取代当月的例行主题党日",
    )
    owner: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = Field(
        None,
        description="责任人：书记、副书记、组织委员、宣传委员、纪检委员、青年委员、党小组长等；"
        "计划文件 org.committee 写了姓名时换成姓名；不写为支委会（党委会）",
    )
    every: Literal["month", "quarter", "half-year", "year", "dates"] = Field(description="频次")
    on: str | None = Field(
        None,
        max_length=60,
        description="第N个星期X、最后一个星期X、N日、上旬、中旬、下旬、月初、月末，每年一次的可写“6月下旬”"
        "或节日（除夕、春节、元宵节、清明节、端午节、中秋节、重阳节；“春节前”为节前一周）；"
        "可用 {{ 参数 }}；不写则为当月中旬",
    )
    day: int | None = Field(None, ge=1, le=31, description="每月几日")
    months: list[Annotated[int, Field(ge=1, le=12)]] | None = Field(None, description="只在这些月份")
    dates: list[Annotated[str, StringConstraints(pattern=MONTH_DAY)]] | None = Field(
        None, description="every: dates 时的具体日期，MM-DD"
    )
    workday: bool = Field(True, description="遇周末、法定节假日顺延到工作日（调休上班日算工作日）")
    shift: Literal["after", "before"] = Field(
        "after", description="after 顺延到下一个工作日；before 提前到上一个工作日"
    )
    missing: Literal["skip", "last"] | None = Field(
        None,
        description="有的月份没有这一天（如第五个星期一、31日）时：skip 该月不安排，last 改在该月最后一个",
    )
    when: str | None = Field(None, max_length=300)
    vacation: Literal["online", "keep"] = Field(
        "online",
        description="落在学校、高校寒暑假中时：online 在安排表中标注“（线上）”；"
        "keep 照常（本来就在假期做的，如寒假返乡调研、暑期社会实践）",
    )

    @model_validator(mode="after")
    def _dates_given(self) -> ScheduleRule:
        return _checked(self, rule_problem)


# --- block -------------------------------------------------------------------------------------


class Block(_Strict):
    """One composable plan section, ``templates/blocks/<category>/<name>.yaml``."""

    model_config = ConfigDict(extra="forbid", title="plangen 内容块")

    id: BlockId = Field(description="<分类>.<名称>，与文件路径一致，如 organization.three-meetings")
    title: Line = Field(description="标题（不写序号，序号自动生成）；可用 Jinja")
    category: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)] = Field(
        description="分类：" + "、".join(f"{k}（{v}）" for k, v in CATEGORY_NAMES.items())
    )
    sectors: list[Sector] = Field(default_factory=lambda: ["all"], description="适用领域")
    summary: str = Field("", max_length=200, description="一句话说明，用于列表和向导")
    keywords: list[Line] = Field(default_factory=list, description="检索用关键词")
    params: dict[ParamName, Param] = Field(default_factory=dict, description="用户可设置的参数")
    body: list[BodyElement] = Field(min_length=1, description="按顺序排列的段落、条目和嵌入块")
    schedule: list[ScheduleRule] = Field(default_factory=list, description="年度活动安排（用于日程表）")

    @field_validator("params")
    @classmethod
    def _no_reserved(cls, params: dict[str, Param]) -> dict[str, Param]:
        problem = reserved_problem(params)
        if problem:
            raise ValueError(problem)
        return params


# --- plan template -----------------------------------------------------------------------------


class SectionRef(_Strict):
    """A section of a plan template: a block, with optional parameters and extra sub-blocks."""

    block: BlockId
    params: dict[ParamName, Any] = Field(default_factory=dict, description="该块的参数")
    include: list[
        Annotated[
            Annotated[BlockId, Tag("id")] | Annotated[Include, Tag("include")],
            Discriminator(lambda v: "id" if isinstance(v, str) else "include"),
        ]
    ] = Field(
        default_factory=list,
        description="追加嵌入的子块（排在块自身内容之后）：块 id，或 {include, params, when, detail, inline}",
    )
    title: Line | None = Field(None, description="替换块标题")
    detail: DetailMark = None


class PlanTemplate(_Strict):
    """A plan: ordered sections for one kind of organisation, ``templates/plans/<id>.yaml``."""

    model_config = ConfigDict(extra="forbid", title="plangen 计划模板")

    id: TemplateId
    name: Line = Field(description="模板名称，如 医院党支部年度工作计划")
    title: Line = Field(
        "{{ org.name }}{{ year }}年度工作计划",
        description="文档标题；Jinja，如 {{ org.name }}{{ year }}年工作计划",
    )
    sector: Sector
    kind: Literal["branch", "general-branch", "committee"] = Field(description="党支部 / 党总支 / 党委")
    summary: str = Field("", max_length=200)
    intro: Text | None = Field(None, description="标题后、第一个一级标题前的导语；Jinja")
    sections: list[
        Annotated[
            Annotated[BlockId, Tag("id")] | Annotated[SectionRef, Tag("ref")],
            Discriminator(lambda v: "id" if isinstance(v, str) else "ref"),
        ]
    ] = Field(min_length=1, description="按顺序排列的一级部分：块 id，或 {block, params, include, title}")
    params: dict[str, Any] = Field(default_factory=dict, description="按“块id.参数名”为块设置默认值")
    signature: bool = Field(True, description="文末落款（组织名称、日期）")
    detail: Detail | None = Field(
        None,
        description="默认详略：concise 精简、standard 标准、full 详尽；不写时为精简",
    )
    membership: Literal["staff", "students", "residents"] = Field(
        "staff", description="党员主体：staff 在职职工、students 学生、residents 社区居民（含离退休）"
    )


# --- plan spec ---------------------------------------------------------------------------------


PersonName = Annotated[str, StringConstraints(min_length=1, max_length=30)]
RoleName = Annotated[str, StringConstraints(pattern=r"^[\u4e00-\u9fff（）()]{2,12}$")]


class Org(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=60)] = Field(
        description="党组织简称，用于标题，如 内科第一党支部"
    )
    full_name: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = Field(
        None,
        description="党组织正式全称，用于落款，如 中共江城市第一人民医院内科第一支部委员会；不写时由简称和上级党组织推算",
    )
    parent: Annotated[str, StringConstraints(max_length=60)] | None = Field(None, description="上级党组织")
    secretary: Annotated[str, StringConstraints(max_length=30)] | None = Field(None, description="书记姓名")
    committee: dict[RoleName, PersonName] = Field(
        default_factory=dict,
        max_length=15,
        description="委员分工，职务: 姓名，如 {书记: 王丽, 组织委员: 李强, 宣传委员: 陈静, 纪检委员: 赵敏}",
    )
    members: int | None = Field(None, ge=0, le=100000, description="党员人数（含预备党员）")
    probationary: int | None = Field(None, ge=0, le=100000, description="其中预备党员人数")
    activists: int | None = Field(None, ge=0, le=100000, description="入党积极分子人数")
    groups: int | None = Field(None, ge=0, le=1000, description="党小组个数")
    branches: int | None = Field(None, ge=0, le=10000, description="党委、党总支：所属党支部个数")
    unit: Annotated[str, StringConstraints(max_length=60)] | None = Field(
        None, description="所在单位或科室，如 内科、第一人民医院"
    )

    @model_validator(mode="after")
    def _counts_fit(self) -> Org:
        return _checked(self, org_problem)


class SectionAdd(_Strict):
    block: BlockId
    after: str | None = Field(None, max_length=100, description="放在此块（或此分类的一级部分）之后")
    before: str | None = Field(None, max_length=100, description="放在此块之前")
    into: BlockId | None = Field(None, description="作为此块的最后一个子块")
    params: dict[ParamName, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_anchor(self) -> SectionAdd:
        return _checked(self, add_problem)


class SectionEdits(_Strict):
    remove: list[BlockId] = Field(default_factory=list, description="删除这些块（任意层级）")
    add: list[SectionAdd] = Field(default_factory=list, description="添加块；不写位置时加在最后")
    order: list[BlockId] = Field(
        default_factory=list,
        max_length=100,
        description="一级部分的顺序（块 id）；未列出的一级部分按原顺序排在其后",
    )


class DocxSettings(_Strict):
    """Choices about the DOCX; everything else follows GB/T 9704-2012."""

    toc: bool = Field(True, description="在正文前生成目录")
    toc_levels: int = Field(2, ge=1, le=4, description="目录收录的标题级数")
    bold_level3: bool = Field(False, description="三级标题（1.）加粗")
    latin_font: Annotated[str, StringConstraints(max_length=60, pattern=r"^[\w .+&()-]*$")] = Field(
        "Times New Roman", description="数字和西文字母的字体；留空则与中文字体相同"
    )
    fonts: Literal["standard", "windows"] = Field(
        "standard",
        description="standard：公文标准字体（仿宋_GB2312、楷体_GB2312、黑体、方正小标宋简体）；"
        "windows：Windows 自带字体（仿宋、楷体、黑体、宋体），适合没有安装公文字体的电脑",
    )


class Output(_Strict):
    formats: list[Literal["md", "docx", "pdf", "ics", "csv"]] = Field(
        default_factory=lambda: ["docx", "md"],
        min_length=1,
        description="输出格式：docx、md、pdf；ics（日历文件）、csv（月度工作安排表）",
    )
    schedule: Literal["appendix", "full", "none"] = Field(
        "appendix",
        description="appendix：文末附月度工作安排表（每月例行的工作列一次，其余按月列出，约两页）；"
        "full：附逐日的全年工作安排表；none：不附",
    )
    docx: DocxSettings = Field(default_factory=DocxSettings)
    dir: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        None, description="输出文件夹，相对于本文件所在文件夹"
    )
    name: Annotated[str, StringConstraints(max_length=120)] | None = Field(
        None, description="输出文件名（不含扩展名）；默认用标题"
    )


Clock = Annotated[str, StringConstraints(pattern=r"^([01]?[0-9]|2[0-3])[:：][0-5][0-9]$", max_length=5)]
Place = Annotated[str, StringConstraints(min_length=1, max_length=40)]
MeetingKind = Literal[MEETING_KINDS]  # type: ignore[valid-type]


class MeetingPlace(_Strict):
    time: Clock | None = Field(None, description="这类会议的开始时间，如 16:00")
    place: Place | None = Field(None, description="这类会议的地点")


class MeetingSettings(_Strict):
    """When and where the branch meets: the meeting papers print these, never made-up ones."""

    time: Clock | None = Field(None, description="会议开始时间，如 14:30；不写时会议材料中留空待填")
    place: Place | None = Field(None, description="会议地点，如 内科示教室；不写时会议材料中留空待填")
    notice_days: int = Field(
        3, ge=0, le=30, description="会议通知提前的天数（落在休息日时提前到上一个工作日）"
    )
    kinds: dict[MeetingKind, MeetingPlace] = Field(
        default_factory=dict,
        description="按会议类别另定时间、地点，如 {党课: {time: '16:00', place: 党员活动室}}",
    )


class Settings(_Strict):
    congress_year: int = Field(
        DEFAULT_CONGRESS_YEAR, ge=2023, le=2040, description="党的二十一次全国代表大会召开年份"
    )
    holidays: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = Field(
        None,
        description="节假日文件（相对于本文件），国务院办公厅公布当年安排后使用；不写则用内置数据或按近年的放假安排预计",
    )
    vacations: list[Annotated[str, StringConstraints(pattern=VACATION, max_length=40)]] | None = Field(
        None,
        max_length=6,
        description="寒暑假，如 [寒假 01-16~02-23, 暑假 07-10~08-31]；不写时学校、高校按惯例"
        "（寒假从春节前三周到春节后两周半，最早1月15日起、至少到2月15日；暑假7月10日到8月31日），其他领域没有；[] 为没有",
    )


class PlanSpec(_Strict):
    """What the wizard writes and a script re-runs next year: ``plan.yaml``."""

    model_config = ConfigDict(extra="forbid", title="plangen 计划说明")

    template: TemplateId = Field(description="计划模板 id，见 plangen templates list")
    year: int = Field(ge=FIRST_YEAR, le=2100, description="计划年度")
    date: dt.date | None = Field(None, description="成文日期；默认为计划年度 1 月 4 日后的第一个工作日")
    title: Line | None = Field(None, description="替换模板标题；Jinja")
    org: Org
    detail: Detail | None = Field(None, description="详略：concise 精简（默认）、standard 标准、full 详尽")
    review: Annotated[str, StringConstraints(min_length=1, max_length=1500)] | None = Field(
        None, description="上一年度工作简要回顾（可选，原样写入导语）"
    )
    params: dict[str, Any] = Field(default_factory=dict, description="按“块id.参数名”设置参数")
    sections: SectionEdits = Field(default_factory=SectionEdits)
    output: Output = Field(default_factory=Output)
    settings: Settings = Field(default_factory=Settings)
    meetings: MeetingSettings = Field(
        default_factory=MeetingSettings, description="会议材料（plangen meetings）：时间、地点"
    )

    @field_validator("date")
    @classmethod
    def _date_near_year(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        year = info.data.get("year")
        message = date_problem(year, value) if isinstance(year, int) else None
        if message:
            raise ValueError(message)
        return value


SCHEMA_MODELS: dict[str, type[BaseModel]] = {"block": Block, "template": PlanTemplate, "spec": PlanSpec}
MODELS: dict[str, type[_Strict]] = {"Block": Block, "PlanTemplate": PlanTemplate, "PlanSpec": PlanSpec}


FROZEN: dict[type[_Strict], type] = {
    model: getattr(types, model.__name__)
    for model in (Block, Param, Para, Item, Include, TableSpec, TableElement, ScheduleRule, SectionRef,
                  PlanTemplate, Org, SectionAdd, SectionEdits, DocxSettings, Output, Settings, MeetingPlace,
                  MeetingSettings, PlanSpec)
}  # fmt: skip
"""Each model's frozen type (of the same name): what it becomes once valid."""

_AS_WRITTEN = {
    (Param, "default"),
    (Include, "params"),
    (SectionRef, "params"),
    (PlanTemplate, "params"),
    (SectionAdd, "params"),
    (PlanSpec, "params"),
}
"""Fields holding param values as the user wrote them (``Any`` to pydantic): lists stay lists, as
the fast check leaves them; a param checks them when a plan is composed."""


def freeze(model: _Strict) -> Frozen:
    """A validated model as its frozen type (lists as tuples, as the fast check makes them)."""
    cls = type(model)
    fields = {
        name: _as_written(getattr(model, name))
        if (cls, name) in _AS_WRITTEN
        else _frozen(getattr(model, name))
        for name in cls.model_fields
    }
    return FROZEN[cls](**fields)


def _frozen(value: object) -> object:
    if isinstance(value, _Strict):
        return freeze(value)
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _as_written(value: object) -> object:
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()}
    return value


def shapes_schema() -> dict[str, Any]:
    """``data/shapes.json``: every model's JSON Schema by name, with the defaults pydantic makes
    from factories written in (the fast check in :mod:`.fast` fills them without pydantic).
    Regenerate with ``python -m plangen.schema.models``."""
    models = {cls.__name__: cls for cls in _models(BaseModel) if cls.__module__ == __name__}
    defs: dict[str, Any] = {}
    for cls in (Block, PlanTemplate, PlanSpec):
        schema = cls.model_json_schema()
        defs.update(schema.pop("$defs", {}))
        defs[cls.__name__] = schema
    for name, definition in defs.items():
        for field_name, info in models[name].model_fields.items():
            if info.default_factory is not None:
                made = info.default_factory()
                definition["properties"][field_name]["default"] = (
                    made.model_dump(mode="json") if isinstance(made, BaseModel) else made
                )
    return {"$defs": dict(sorted(defs.items()))}


def _models(base: type) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        found += [sub, *_models(sub)]
    return found


# --- turning pydantic errors into located Chinese messages ------------------------------------

_ID_HINT = "id 由小写字母、数字和连字符组成，用“.”分隔，如 organization.theme-day；它只在内容库中查找，不能是文件路径。"


def parse(kind: str, data: object, source: SourceMap) -> Frozen:
    """Validate *data* as the model named *kind*; every problem becomes a :class:`PlanError` at its
    ``file:line``."""
    from pydantic import ValidationError

    from ..errors import PlanErrors

    cls = MODELS[kind]
    if not isinstance(data, dict):
        raise source.error((), "文件内容应为“键: 值”形式的映射", hint="参照 examples/ 中的示例文件。")
    try:
        return freeze(cls.model_validate(data))
    except ValidationError as exc:
        problems: list[PlanError] = []
        for err in exc.errors(include_url=False):
            loc = _data_path(err["loc"])
            message, hint = explain(err)
            problems.append(source.error(loc, message, hint))
        PlanErrors.raise_if_any(problems)
        raise  # pragma: no cover - ValidationError always has errors


_UNION_TAGS = {"p", "item", "include", "table", "id", "ref"}


def _data_path(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop the union tags pydantic inserts after a list index (body[0].item.p → body[0].p)."""
    path: list[int | str] = []
    for i, part in enumerate(loc):
        if part in _UNION_TAGS and i > 0 and isinstance(loc[i - 1], int) and _tag_follows(loc, i):
            continue
        path.append(part)
    return tuple(path)


def _tag_follows(loc: tuple[int | str, ...], i: int) -> bool:
    # the tag is followed by a field name, or ends the loc for a bad scalar (sections[0].id)
    return i + 1 < len(loc) or loc[i] in ("id", "ref")


def errors(kind: str, data: object) -> list[ErrorDetails]:
    """pydantic's errors for *data* as the model named *kind* (none when valid): for a caller that
    words them itself, such as a batch naming a roster's columns (with :func:`explain`)."""
    from pydantic import ValidationError

    try:
        MODELS[kind].model_validate(data)
    except ValidationError as exc:
        return exc.errors(include_url=False)
    return []


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``block``, ``template`` or ``spec`` (``plangen schema``)."""
    return SCHEMA_MODELS[kind].model_json_schema()


def explain(err: ErrorDetails | dict[str, Any], label: str | None = None) -> tuple[str, str | None]:
    """(message, hint) in Chinese for one of pydantic's errors: decided by its ``type`` and ``ctx``,
    never by its ``msg`` (English, and worded differently from one pydantic to the next). The one
    translation for every path — a file:line on the terminal, a row in batch's report.csv; *label*
    names the field as the user knows it there (a roster's column) instead of its key."""
    loc = [str(p) for p in err["loc"]]
    name = label or next((p for p in reversed(loc) if not p.isdigit()), "")
    field = f"“{name}”" if name else ""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return f"缺少必填字段{field}", None
    if kind == "extra_forbidden":
        return f"未知字段{field}", "检查拼写；可用 plangen schema 查看所有字段。"
    if kind == "string_pattern_mismatch":
        shown = shorten(value, 60)
        if name in ("id", "block", "include", "into", "remove", "add", "template") or "sections" in loc:
            return f"id“{shown}”格式不正确", _ID_HINT
        return f"{field}的值“{shown}”格式不正确", None
    if kind in ("string_too_short", "too_short"):
        return f"{field}不能为空", None
    if kind == "string_too_long":
        return f"{field}过长（上限 {ctx.get('max_length')} 字）", None
    if kind == "too_long":
        return f"{field}的条目过多（上限 {ctx.get('max_length')} 项）", None
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{field}应为整数", None
    if kind == "int_parsing_size":
        return f"{field}的数字过大", None
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"{field}应为有限的数字", None
    if kind in ("greater_than_equal", "greater_than"):
        return f"{field}不能小于 {ctx.get('ge', ctx.get('gt'))}", None
    if kind in ("less_than_equal", "less_than"):
        return f"{field}不能大于 {ctx.get('le', ctx.get('lt'))}", None
    if kind == "literal_error":
        expected = "、".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return f"{field}的值“{shorten(value)}”无效，应为 {expected}", None
    if kind in ("string_type", "str_type"):
        return f"{field}应为文本", "数字或日期作为文本时请加引号。"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field}应为“键: 值”形式的映射", None
    if kind in ("list_type", "tuple_type", "set_type", "frozen_set_type", "iterable_type"):
        return f"{field}应为列表（每行以“- ”开头）", None
    if kind in ("bool_parsing", "bool_type"):
        return f"{field}应为 true 或 false", None
    if kind.startswith("date"):
        return f"{field}应为日期，格式如 2027-01-05", None
    if kind == "body_kind":
        return "正文条目须为 p（段落）、item（条目）、table（表格）或 include（嵌入块）之一", None
    if kind in ("enum", "union_tag_invalid"):
        listed = str(ctx.get("expected") or ctx.get("expected_tags") or "")
        expected = "、".join(re.findall(r"'([^']*)'", listed))
        return f"{field}的值“{shorten(value)}”无效" + (f"，应为 {expected}" if expected else ""), None
    if kind == "recursion_loop":
        return f"{field}嵌套过深", None
    if kind.startswith(("time", "timedelta")):
        return f"{field}应为时间", None
    if kind in ("value_error", "assertion_error"):  # raised by a validator: plangen's own, in Chinese
        reason = own_message(ctx.get("error") or "", "值无效")
        return (f"{field}：{reason}" if field else reason), None
    scalar = isinstance(value, (str, int, float)) and not isinstance(value, bool)
    shown = f"“{shorten(value)}”" if scalar else ""
    return f"{field}的值{shown}无效" if field else f"值{shown}无效", None


if __name__ == "__main__":  # python -m plangen.schema.models: rewrite data/shapes.json
    import json
    from pathlib import Path

    target = Path(__file__).parent.parent / "data" / "shapes.json"
    target.write_text(
        json.dumps(shapes_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
    )
    print(f"wrote {target}")
