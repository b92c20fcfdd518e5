"""Page furniture: what a web page, a download site or a PDF adds to a plan that is not the plan.

People copy last year's plan from a 范文 site or a PDF, and with it come breadcrumbs, author and
view-count lines, paywall hints (此处隐藏2,418字), 上一篇/下一篇 links, share buttons, disclaimers,
file names, page numbers and running headers. Each is recognised by its *shape* — a path of short
segments, label：value fields with an ISO date or a count, a file name, a line repeated at every
page, a list of links after 相关推荐 — with a small vocabulary of the web's own words (收藏, 分享,
上一篇), never by the plan's words. Every removal carries its reason, so the importer's report can
say what went and why, and the linter flags what a user left in (:func:`site_text`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .lines import FULL_STOP, Line, numbered
from .outline import SIGNED_DATE

PAGE = "页码"
CRUMB = "网页导航路径"
META = "网页上的作者、发布时间、浏览次数等信息"
HIDDEN = "下载网站隐藏正文的提示"
FILE = "文件名或下载链接"
NAV = "网页上的导航链接"
SHARE = "网页上的收藏、分享按钮文字"
CLAIM = "网站的版权或免责声明"
TAGS = "网页标签"
BLURB = "网站的导语（小编整理、供参考）"
HEADER = "每页重复的页眉"
LINKS = "“相关推荐”等栏目下其他文章的标题"

_PAGE = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页)$"
)
# a site's path starts at its home page or says where the reader is
_CRUMB_START = re.compile(
    r"^(?:当前位置|您的位置|你的位置|位置)\s*[:：]|^(?:网站)?(?:首页|首頁|主页)\s*(?:>|›|»|＞|/)"
)
# an ISO date, as web pages stamp their articles (plans write 2025年12月30日)
_ISO_DATE = re.compile(
    r"(?<!\d)20\d\d(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?!\d)"
)
_COUNT = re.compile(
    r"(?:浏览|阅读|点击|访问|人气|下载)(?:量|数|次数)?\s*[:：(（]?\s*\d[\d,，]*\s*[)）]?\s*次?|\d[\d,，]*\s*(?:次浏览|次阅读|人阅读|人浏览)"
)
# a page's own labels (文章来源：, 更新时间：, 点击数：): fields of its stamp, not of a plan's text
_FIELD = re.compile(
    r"(?:^|[\s\u3000·|｜【])(?:文章|信息)?(?:作者|来源|发布(?:时间|日期|于)?|更新(?:时间|日期)?|栏目|分类|"
    r"编辑|责任编辑|字号|字体|浏览(?:量|次数)?|阅读(?:量|次数)?|点击(?:数|量|次数)?|访问量|人气)\s*[:：]?"
)
_SHORT_FIELD = re.compile(
    r"^(?:文章|信息)?(?:作者|来源|责任编辑|编辑|标签|关键词)\s*[:：]\s*\S{1,16}$"
)  # 作者：佚名
_WEB_FIELD = re.compile(
    r"(?:^|[\s\u3000·|｜])(?:上传人|上传者|上传时间|贡献者|文档贡献者|页数|文档格式|下载次数)\s*[:：]"
)
# the paywall's hints, anywhere in a line: “…此处隐藏2,418字，下载后查看全文…”, “还剩2页未读，继续阅读”
# (every repeat bounded: an 8 MB line is one scan, not one per position)
HIDDEN_FRAGMENT = re.compile(
    r"(?:…|\.{3}){0,3} {0,3}(?:此处|以下)?已?隐藏\d[\d,，]{0,9} {0,3}字[，,]? {0,3}"
    r"(?:请?下载后?查看全文|下载查看|登录后查看|付费后查看)? {0,3}(?:…|\.{3}){0,3}|"
    r"还剩 {0,3}[\d一二三四五六七八九十]{1,3} {0,3}页 {0,3}未读[，,]? {0,3}(?:继续阅读|点击阅读全文|阅读全文)?|"
    r"(?:…|\.{3}){0,3} {0,3}(?:下载|登录)后查看全文 {0,3}(?:…|\.{3}){0,3}"
)
_FILE = re.compile(r"\.(?:docx?|wps|pdf|txt|rtf)\s*(?:VIP|下载|免费下载)?\s*$", re.IGNORECASE)
_DOWNLOAD = re.compile(
    r"^(?:点击|立即)?(?:VIP)?(?:免费)?下载\s*(?:此|本)?\s*(?:Word|WORD|word|PDF|pdf)?\s*(?:文档|文件|全文|本文)?$|"
    r"^下载文档到电脑|^展开全文$|^阅读全文$"
)
_NAV = re.compile(
    r"^(?:上一篇|下一篇|上一页|下一页|相关推荐|相关文章|相关搜索|热门推荐|热门文章|猜你喜欢|大家都在看|"
    r"返回列表|返回首页|返回顶部|更多精彩|精彩推荐|网友评论|发表评论|我要评论|评论区|我要留言|\d+条评论)\s*(?:[:：>»].*)?$"
)
_LIST_HEAD = re.compile(
    r"^(?:相关推荐|相关文章|相关搜索|热门推荐|热门文章|猜你喜欢|大家都在看|更多精彩|精彩推荐)\s*[:：]?$"
)
_SHARE = re.compile(
    r"点击(?:收藏|分享|下载|查看|复制)|分享到\s*[:：]|收藏本文|打印本[文页]|关闭窗口|扫码关注|关注公众号|一键复制|觉得有用|"
    r"^【?字体[:：]\s*大\s*中\s*小】?|^打印\s*[|｜]\s*关闭|"
    r"开通VIP|VIP会员|VIP专享|我要举报|举报本文|侵权举报|下载本文|文档下载|查看更多|申明敬告"
)
_CLAIM = re.compile(
    r"^[*＊]*\s*(?:免责声明|版权声明|郑重声明|声明)\s*[:：]|转载请注明|网友投稿|本文来源[:：于]|本文地址[:：]|"
    r"未经(?:作者)?授权[，,]?\s*禁止转载|本文(?:系|为|由).{0,10}(?:原创|投稿|整理|发布)|侵权请?联系|如有侵权|"
    r"版权所有\s*[©(（]|^©|ICP备\d|公网安备"
)
_BLURB = re.compile(
    r"小编|供大家(?:参考|借鉴)|欢迎(?:大家)?(?:阅读|借鉴|参考|下载)|希望(?:对|能)(?:您|你|大家)有所?帮助"
)
_ANCHOR = re.compile(r"隐藏(?= {0,3}\d)|页 {0,3}未读|后查看全文")  # every hint has one
_MOST_HINTS = 50
_TAG = re.compile(r"(?:^|\s)#[^\s#]{1,20}")
_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_SITE_TITLE = re.compile(
    r"_(?:百度文库|道客巴巴|豆丁网|原创力文档|[\u4e00-\u9fff]{1,6}网)$"
)  # a page's <title>
_PAGER = re.compile(
    r"^(?:第一页|首页)?\s*上一页(?:\s*\d+)+\s*下一页(?:\s*(?:尾页|末页))?$|^Page\s+\d+\s+of\s+\d+$"
)


@dataclass(frozen=True, slots=True)
class Removal:
    """What was taken out of the text (a whole line, or a fragment of one) and why."""

    line: int
    text: str
    reason: str


def site_text(text: str, ordinal: bool | None = None) -> str | None:
    """Why *text* (one line) is a page's furniture, or None when it may be the plan's own.
    *ordinal*: whether it starts with an ordinal, when known already (a line's is read once).

    Shapes only: a line that is a sentence of the plan (long, ends in 。) is never furniture, except
    for a disclaimer or a paywall hint, which are sentences of their own."""
    line = text.strip().strip("*＊").strip()
    if not line or len(line) > 160:  # most of a plan: paragraphs longer than any furniture
        return None
    if _PAGE.match(line):
        return PAGE
    if ordinal if ordinal is not None and line == text else numbered(line) is not None:
        # a numbered line is the plan's (“（三）推行扫码签到”)
        return None
    if HIDDEN_FRAGMENT.fullmatch(line):
        return HIDDEN
    if _CLAIM.search(line):
        return CLAIM
    if len(line) > 80:
        return None
    if _crumb(line):
        return CRUMB
    if _meta(line):
        return META
    if (_FILE.search(line) and not FULL_STOP.search(line) and not line.startswith("附")) or _DOWNLOAD.match(
        line
    ):
        return FILE  # not 附件：学习计划表.docx
    if _NAV.match(line) or _PAGER.match(line):
        return NAV
    if _SHARE.search(line) and (len(line) <= 30 or not FULL_STOP.search(line)):
        return SHARE
    if (len(_TAG.findall(line)) >= 2 and not _TAG.sub("", line).strip()) or line.startswith(
        ("标签：", "标签:")
    ):
        return TAGS
    if _URL.match(line) or _SITE_TITLE.search(line):
        return FILE
    return None


def _crumb(line: str) -> bool:
    """首页 > 范文大全 > 工作计划: a path from the site's home page (or “当前位置：”); a plan's own
    arrows (入党申请人→入党积极分子→发展对象) start elsewhere."""
    return bool(_CRUMB_START.match(line)) and not FULL_STOP.search(line)


def _meta(line: str) -> bool:
    """作者：… 发布时间：2025-11-03 浏览：2,318次 — a page's stamp: its own labels (not a plan's
    时间： or 地点：) with a date or a count, two or more of them, or one short one (作者：佚名); a
    sentence (“时间：每周五下午，组织党员……。”) is the plan's."""
    if FULL_STOP.search(line):
        return False
    fields = len(_FIELD.findall(line))
    if fields and (_ISO_DATE.search(line) or _COUNT.search(line)):
        return True
    if _COUNT.fullmatch(line.strip()):  # 2318人阅读, 阅读(2318)
        return True
    return fields >= 2 or bool(_SHORT_FIELD.match(line)) or _WEB_FIELD.search(line) is not None


def remove(lines: Sequence[Line], written: Sequence[Line] | None = None) -> tuple[list[Line], list[Removal]]:
    """*lines* without their furniture, and each removal with its reason.

    Besides :func:`site_text` line by line: a paywall hint cut from the end of a paragraph, the
    site's blurb before the plan, a running header (a short line repeated at the top of every page
    of a PDF; a copy before the plan's first ordinal stays: it is the title), and the links listed
    under a 相关推荐 heading. *lines* are judged; when the user *written* them otherwise (their
    reading: simplified, full-width), what is kept and quoted is the written line, cut alike."""
    written = written if written is not None else lines
    removed: list[Removal] = []
    kept: list[Line] = []
    repeated = _running_headers(lines)
    seen: set[str] = set()
    links = False  # inside a 相关推荐 list
    before_plan = True  # no ordinal yet: a site's blurb sits before the plan starts
    for line, own in zip(lines, written, strict=True):
        text = line.text
        if line.table or line.toc:
            kept.append(own)
            continue
        stripped = text.strip()
        reason = site_text(stripped, line.ordinal is not None if stripped == text else None)
        if reason is None and stripped in repeated:
            if stripped in seen or not before_plan:
                reason = f"{HEADER}（共 {repeated[stripped]} 处）"
            seen.add(stripped)
        if reason is None and links and _link(stripped):
            reason = LINKS
        if reason is None and before_plan and line.ordinal is None and _BLURB.search(stripped):
            reason = BLURB
        if reason is not None:
            removed.append(Removal(line.number, own.text, reason))
            links = links or (reason == NAV and bool(_LIST_HEAD.match(stripped)))
            continue
        links = False
        if line.ordinal is not None:
            before_plan = False
        spans = _hidden(text)
        if spans:  # the same columns of the written line: a reading has its length
            removed += [Removal(line.number, own.text[start:end], HIDDEN) for start, end in spans]
            rest = "".join(own.text[start:end] for start, end in _between(spans, len(own.text)))
            if not rest.strip():
                continue
            own = dataclasses.replace(own, text=rest)
        kept.append(own)
    return kept, removed


def _link(text: str) -> bool:
    """A title in a list of links: short, no sentence, not a numbered heading or a date."""
    return (
        0 < len(text) <= 40
        and not FULL_STOP.search(text)
        and not SIGNED_DATE.match(text)
        and numbered(text) is None
    )


def _running_headers(lines: Sequence[Line]) -> dict[str, int]:
    """A PDF's header: a short line met twice or more, every copy next to a page number (the page
    break between them); a plan's own repeated line (参加人员：全体党员) has none beside it."""
    pages = [i for i, line in enumerate(lines) if _PAGE.match(line.text.strip())]
    if len(pages) < 2:
        return {}
    near = {i for page in pages for i in (page - 2, page - 1, page + 1, page + 2)}
    counts = Counter(line.text.strip() for i, line in enumerate(lines) if 4 <= len(line.text.strip()) <= 40)
    beside = Counter(line.text.strip() for i, line in enumerate(lines) if i in near)
    return {
        text: count
        for text, count in counts.items()
        if count >= 2
        and beside[text] >= count - 1  # a copy may be the title, on the first page (no number above it)
        and not FULL_STOP.search(text)
        and numbered(text) is None
    }


def _hidden(text: str) -> list[tuple[int, int]]:
    """Where paywall hints sit inside a paragraph (“……情况。还剩2页未读，继续阅读”): looked for only
    round the words every hint has, a few characters either side (a hostile line stays one scan)."""
    spans: list[tuple[int, int]] = []
    for tried, anchor in enumerate(_ANCHOR.finditer(text)):
        if tried >= _MOST_HINTS:  # a page has a hint or two; thousands of 隐藏 are not hints
            break
        if spans and anchor.start() < spans[-1][1]:
            continue  # inside the hint already found
        low = max(anchor.start() - 16, spans[-1][1] if spans else 0)
        found = HIDDEN_FRAGMENT.search(text, low, anchor.end() + 24)
        if found and found.group().strip() and found.start() <= anchor.start():
            spans.append(found.span())
    return spans


def _between(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of a line of *length* outside *spans* (sorted, apart)."""
    bounds = [0, *(edge for span in spans for edge in span), length]
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
