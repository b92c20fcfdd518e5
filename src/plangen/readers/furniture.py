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

from .lines import Line, numbered
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
TAIL = "落款之后的网页文字"

_PAGE = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页)$"
)
_SEPARATORS = re.compile(r"\s*(?:>|›|»|＞|→|/|\|)\s*")
_CRUMB_START = re.compile(r"^(?:当前位置|您的位置|你的位置|位置)\s*[:：]")
# an ISO date, as web pages stamp their articles (plans write 2025年12月30日)
_ISO_DATE = re.compile(r"(?<!\d)20\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?!\d)")
_COUNT = re.compile(
    r"(?:浏览|阅读|点击|访问|人气|下载)(?:量|数|次数)?\s*[:：]?\s*[\d,，]+\s*次?|[\d,，]+\s*(?:次浏览|次阅读|人阅读)"
)
# a page's labels (文章来源：, 更新时间：, 点击数：): fields of its stamp, not of a plan's text
_FIELD = re.compile(
    r"(?:^|[\s\u3000·|｜【])(?:文章|信息)?(?:作者|来源|发布(?:时间|日期|于)?|更新(?:时间|日期)?|时间|日期|栏目|分类|"
    r"编辑|责任编辑|字号|字体|浏览(?:量|次数)?|阅读(?:量|次数)?|点击(?:数|量|次数)?|访问量|人气)\s*[:：]?"
)
_WEB_FIELD = re.compile(
    r"(?:^|[\s\u3000·|｜])(?:上传人|上传者|上传时间|贡献者|文档贡献者|页数|文档格式|下载次数)\s*[:：]"
)
# the paywall's hints, anywhere in a line: “…此处隐藏2,418字，下载后查看全文…”, “还剩2页未读，继续阅读”
HIDDEN_FRAGMENT = re.compile(
    r"(?:…|\.{3})*\s*(?:此处|以下)?(?:已)?隐藏[\d,，]+\s*字[，,]?\s*(?:请?下载后?查看全文|下载查看|登录后查看|付费后查看)?\s*(?:…|\.{3})*|"
    r"还剩\s*[\d一二三四五六七八九十]+\s*页\s*未读[，,]?\s*(?:继续阅读|点击阅读全文|阅读全文)?|"
    r"(?:…|\.{3})*\s*(?:下载|登录)后查看全文\s*(?:…|\.{3})*"
)
_FILE = re.compile(r"\.(?:docx?|wps|pdf|txt|rtf)\s*(?:VIP|下载|免费下载)?\s*$", re.IGNORECASE)
_DOWNLOAD = re.compile(r"^(?:点击)?(?:免费)?下载\s*(?:Word|WORD|word|PDF|pdf)?\s*(?:文档|文件|全文|本文)?$")
_NAV = re.compile(
    r"^(?:上一篇|下一篇|上一页|下一页|相关推荐|相关文章|相关阅读|推荐阅读|延伸阅读|热门推荐|热门文章|猜你喜欢|"
    r"返回列表|返回首页|返回顶部|更多精彩|精彩推荐|网友评论|发表评论|我要评论|评论区|我要留言)\s*(?:[:：>»].*)?$"
)
_LIST_HEAD = re.compile(
    r"^(?:相关推荐|相关文章|相关阅读|推荐阅读|延伸阅读|热门推荐|热门文章|猜你喜欢|更多精彩|精彩推荐)\s*[:：]?$"
)
_SHARE = re.compile(
    r"点击(?:收藏|分享|下载|查看|复制)|分享到\s*[:：]|收藏本文|打印本文|关闭窗口|扫一扫|扫码关注|扫描二维码|关注公众号|一键复制|觉得有用|"
    r"开通VIP|VIP会员|VIP专享|我要举报|举报本文|侵权举报|下载本文|文档下载|查看更多|申明敬告"
)
_CLAIM = re.compile(
    r"^[*＊]*\s*(?:免责声明|版权声明|郑重声明|声明)\s*[:：]|转载请注明|网友投稿|本文来源[:：于]|未经(?:作者)?授权[，,]?\s*禁止转载|禁止转载|"
    r"本文(?:系|为|由).{0,10}(?:原创|投稿|整理|发布)|侵权请?联系|如有侵权|仅供(?:学习)?(?:交流|参考)(?:使用)?[，,。]"
)
_BLURB = re.compile(
    r"小编|供大家(?:参考|借鉴)|欢迎(?:大家)?(?:阅读|借鉴|参考|下载)|希望(?:对|能)(?:您|你|大家)有所?帮助"
)
_TAG = re.compile(r"(?:^|\s)#[^\s#]{1,20}")
_SENTENCE_END = re.compile(r"[。！？]")


@dataclass(frozen=True, slots=True)
class Removal:
    """What was taken out of the text (a whole line, or a fragment of one) and why."""

    line: int
    text: str
    reason: str


def site_text(text: str) -> str | None:
    """Why *text* (one line) is a page's furniture, or None when it may be the plan's own.

    Shapes only: a line that is a sentence of the plan (long, ends in 。) is never furniture, except
    for a disclaimer or a paywall hint, which are sentences of their own."""
    line = text.strip().strip("*＊").strip()
    if not line or len(line) > 160:  # most of a plan: paragraphs longer than any furniture
        return None
    if _PAGE.match(line):
        return PAGE
    if numbered(line) is not None:  # a numbered line is the plan's (“（三）推行扫码签到”)
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
    if (_FILE.search(line) and not _SENTENCE_END.search(line)) or _DOWNLOAD.match(line):
        return FILE
    if _NAV.match(line):
        return NAV
    if _SHARE.search(line) and (len(line) <= 30 or not _SENTENCE_END.search(line)):
        return SHARE
    if len(_TAG.findall(line)) >= 2 and not _TAG.sub("", line).strip():
        return TAGS
    return None


def _crumb(line: str) -> bool:
    """首页 > 范文大全 > 工作计划: three or more short segments joined by one kind of arrow."""
    if _CRUMB_START.match(line):
        return True
    if not any(mark in line for mark in ">›»＞→/|"):
        return False
    segments = _SEPARATORS.split(line)
    return (
        len(segments) >= 3
        and all(0 < len(segment) <= 16 for segment in segments)
        and not any(_SENTENCE_END.search(segment) or "，" in segment for segment in segments)
        and not all(segment.isdigit() for segment in segments)  # 2025/12/30
    )


def _meta(line: str) -> bool:
    """作者：… 发布时间：2025-11-03 浏览：2,318次 — a page's stamp: labelled fields with an ISO date
    or a count, or a short line that is little but an ISO date and a name."""
    dated = _ISO_DATE.search(line) is not None
    counted = _COUNT.search(line) is not None
    fields = len(_FIELD.findall(line))
    if (dated or counted) and fields >= 1:
        return True
    if fields >= 2 and not _SENTENCE_END.search(line):
        return True
    return _WEB_FIELD.search(line) is not None  # 上传人：江城文库, 页数：5: labels only a site has


def remove(lines: Sequence[Line]) -> tuple[list[Line], list[Removal]]:
    """*lines* without their furniture, and each removal with its reason.

    Besides :func:`site_text` line by line: a paywall hint cut from the end of a paragraph, the
    site's blurb before the plan, a running header (a short line repeated at the top of every page
    of a PDF; a copy before the plan's first ordinal stays: it is the title), and the links listed
    under a 相关推荐 heading."""
    removed: list[Removal] = []
    kept: list[Line] = []
    repeated = _running_headers(lines)
    seen: set[str] = set()
    links = False  # inside a 相关推荐 list
    # after the last signed date: what follows is the page's, unless a plan starts again
    last_date = max((i for i, line in enumerate(lines) if SIGNED_DATE.match(line.text.strip().replace(" ", ""))),
                    default=-1)  # fmt: skip
    signed = False
    before_plan = True  # no ordinal yet: a site's blurb sits before the plan starts
    for index, line in enumerate(lines):
        text = line.text
        if line.table or line.toc:
            kept.append(line)
            continue
        stripped = text.strip()
        reason = site_text(stripped)
        if reason is None and stripped in repeated:
            if stripped in seen or not before_plan:
                reason = f"{HEADER}（共 {repeated[stripped]} 处）"
            seen.add(stripped)
        if reason is None and links and _link(stripped):
            reason = LINKS
        if reason is None and before_plan and line.ordinal is None and _BLURB.search(stripped):
            reason = BLURB
        if reason is None and signed and _after_signature(line):
            reason = TAIL
        if reason is not None:
            removed.append(Removal(line.number, text, reason))
            links = links or (reason == NAV and bool(_LIST_HEAD.match(stripped)))
            continue
        links = False
        if line.ordinal is not None:
            before_plan = False
        signed = index == last_date or (signed and not _starts_plan(stripped))
        cut = _cut_hidden(text)
        if cut is not None:
            rest, fragments = cut
            removed += [Removal(line.number, fragment, HIDDEN) for fragment in fragments]
            if not rest.strip():
                continue
            line = dataclasses.replace(line, text=rest)
        kept.append(line)
    return kept, removed


def _after_signature(line: Line) -> bool:
    """A short line after a plan's signed date that starts nothing of a plan (no title, marker,
    ordinal or appendix): the page's own (评论, 标签, 网站名)."""
    text = line.text.strip()
    return (
        len(text) <= 40
        and line.ordinal is None
        and not _SENTENCE_END.search(text)
        and not line.table
        and not _starts_plan(text)
    )


def _starts_plan(text: str) -> bool:
    from .outline import appendix, marker, title_like

    return title_like(text) or appendix(text) or marker(text) is not None


def _link(text: str) -> bool:
    """A title in a list of links: short, no sentence, not a numbered heading."""
    return (
        0 < len(text) <= 40
        and not _SENTENCE_END.search(text)
        and not SIGNED_DATE.match(text)
        and not re.match(r"^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]", text)
    )


def _running_headers(lines: Sequence[Line]) -> dict[str, int]:
    """Short lines met three times or more (or twice with page numbers about): a PDF's header."""
    counts = Counter(line.text.strip() for line in lines if 4 <= len(line.text.strip()) <= 40)
    pages = sum(1 for line in lines if _PAGE.match(line.text.strip()))
    least = 2 if pages >= 2 else 3
    return {
        text: count
        for text, count in counts.items()
        if count >= least
        and not _SENTENCE_END.search(text)
        and not re.match(r"^[一二三四五六七八九十（(\d]", text)
    }


def _cut_hidden(text: str) -> tuple[str, list[str]] | None:
    """A paywall hint inside a paragraph (“……情况。还剩2页未读，继续阅读”): the paragraph without it."""
    if not any(word in text for word in ("隐藏", "未读", "查看全文")):
        return None
    fragments = [found.group() for found in HIDDEN_FRAGMENT.finditer(text) if found.group().strip()]
    if not fragments:
        return None
    return HIDDEN_FRAGMENT.sub("", text), fragments
