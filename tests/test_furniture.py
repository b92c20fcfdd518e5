"""Page furniture told from a plan's own lines: what a web page, a download site or a PDF adds is
dropped by import and flagged by lint; what a plan writes is neither (cases from a review of the
classifier, each a line a plan or a page really has)."""

from __future__ import annotations

import pytest
from conftest import run_cli

from plangen.importer import import_source, kept_text, outline_of
from plangen.readers import source_from_text
from plangen.readers.furniture import site_text
from plangen.readers.wrapping import rejoin, width

PLAN_LINES = [
    "时间：每周五下午，组织党员集中阅读，交流学习心得。", "时间：全年。组织党员开展红色经典阅读，每人撰写心得。",
    "时间：2027.3.5　地点：党员活动室", "时间：2027-03-05 地点：会议室", "联系人：张三",
    "入党申请人→入党积极分子→发展对象→预备党员→正式党员", "责任人：书记/组织委员/宣传委员",
    "组织生活会 | 民主评议 | 谈心谈话", "党员发展 > 入党积极分子 > 预备党员", "涉密文件禁止转载、复制和外传。",
    "本计划仅供参考，各党支部可结合实际调整。", "附件：党员学习计划表.docx", "扫一扫二维码参与学习", "推荐阅读：",
    "《论党的自我革命》", "（三）推行扫码签到", "参加人员：全体党员",
]  # fmt: skip
SITE_LINES = [
    "发布时间：2025年11月3日", "来源：网络", "责任编辑：张三", "作者：佚名", "2318人阅读", "阅读(2318)",
    "下载文档到电脑，查找使用更方便", "展开全文", "立即下载", "下载此文档", "VIP免费下载", "版权所有 © 2025 范文网",
    "京ICP备12345678号-1", "【字体：大 中 小】", "打印 | 关闭", "0条评论", "相关搜索", "大家都在看",
    "https://www.fanwen.com/a/123.html", "本文地址：https://x.cn/1", "党支部工作计划_百度文库", "标签：党支部工作计划",
    "第一页 上一页 1 2 3 下一页 尾页", "Page 2 of 3", "首页 > 范文大全 > 工作计划", "当前位置：首页 › 工作计划",
    "作者：清风徐来　发布时间：2025-11-03　浏览：2,318次", "…此处隐藏2,418字，下载后查看全文…", "还剩2页未读，继续阅读",
]  # fmt: skip


@pytest.mark.parametrize("line", PLAN_LINES)
def test_a_plans_own_line_is_not_furniture(line: str) -> None:
    assert site_text(line) is None


@pytest.mark.parametrize("line", SITE_LINES)
def test_a_pages_own_line_is_furniture(line: str) -> None:
    assert site_text(line) is not None


def test_a_plans_repeated_line_is_not_a_running_header() -> None:
    """参加人员：全体党员 under each of three items stays: a header sits beside page numbers."""
    items = "".join(
        f"（{n}）开展{t}\n组织党员开展{t}活动。\n参加人员：全体党员\n"
        for n, t in (("一", "学习"), ("二", "调研"), ("三", "服务"))
    )
    result = import_source(source_from_text(f"2027年第一党支部工作计划\n一、主要工作\n{items}"))
    assert sum(text == "参加人员：全体党员" for text in kept_text(result)) == 3
    assert not any("页眉" in guess.text for guess in result.guesses)


def test_hard_wrapping_is_told_from_a_list_and_a_short_last_line_ends_its_paragraph() -> None:
    months = "\n".join(f"{m}月份：组织全体党员学习党章和有关规定并交流" for m in range(1, 13))
    assert width(source_from_text(months).lines) is None  # a list of like lines is not a PDF's page
    first = ["这是一段从PDF复制的文字按页宽断行这是一段从PDF复制的文字"] * 7 + ["上新台阶"]
    second = ["第二段文字也按页宽断行这是第二段文字也按页宽断行这是第二段"] * 3
    lines, joined = rejoin(source_from_text("\n".join([*first, "主要工作安排", *second])).lines)
    assert [line.text for line in lines] == ["".join(first), "主要工作安排", "".join(second)] and joined == 9


def test_a_sentence_item_is_not_split_as_a_run_on_heading() -> None:
    """1. items whose first sentence is long are items: only 一、 and （一） headings are un-glued."""
    items = "".join(
        f"{n}.组织党员认真学习党的创新理论并结合岗位实际撰写心得体会。每季度交流一次。\n" for n in (1, 2, 3)
    )
    plan = import_source(source_from_text(f"2027年党支部工作计划\n一、主要工作\n{items}")).plans[0]
    assert all(
        title.startswith("组织党员认真学习") and title.endswith("。")
        for title, level in outline_of(plan)
        if level == 2
    )


def test_a_collections_stale_plan_gets_its_own_no_lint(tmp_path) -> None:
    """Plans that share the collection's title: each printed command judged by its own lines."""
    stale = "一、指导思想\n以邓小平理论和“三个代表”重要思想为指导。\n二、主要工作\n每月开展主题党日。\n"
    current = "一、指导思想\n以习近平新时代中国特色社会主义思想为指导。\n二、主要工作\n每月开展主题党日。\n"
    (tmp_path / "c.txt").write_text(
        f"2026年党支部工作计划（通用2篇）\n【篇一】\n{stale}【篇二】\n{current}", encoding="utf-8"
    )
    result = run_cli(["import", "c.txt"], tmp_path)
    commands = [line for line in result.out.splitlines() if line.startswith("重新生成")]
    assert commands[0].endswith("--no-lint") and not commands[1].endswith("--no-lint"), result.out


def test_a_traditional_pages_stamp_is_dropped_by_import_as_lint_flags_it() -> None:
    text = "香江社區黨支部2027年工作計劃\n發佈時間：2025-11-03　瀏覽：2,318次\n一、指導思想\n堅持以習近平新時代中國特色社會主義思想為指導。\n"
    result = import_source(source_from_text(text))
    assert any("發佈時間" in guess.text for guess in result.guesses)
    assert "發佈時間" not in "".join(result.plans[0].intro)
