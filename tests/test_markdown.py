"""The Markdown writer: valid CommonMark whose headings, text and TOC links match the IR."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import EXAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plangen.compose import Composer, tidy
from plangen.document import Appendix, Document, Heading, Paragraph, RunIn, Table
from plangen.library import Library
from plangen.schema.load import load_spec
from plangen.writers import markdown


@pytest.fixture(scope="module")
def doc() -> Document:
    spec, source = load_spec(EXAMPLE)
    return Composer(Library.default(environ={})).compose(spec, source)


@pytest.fixture(scope="module")
def text(doc: Document) -> str:
    return markdown.render(doc)


def parse(text: str) -> list:
    return MarkdownIt("commonmark").parse(text)


def headings(tokens: list) -> list[tuple[int, str]]:
    out = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            children = tokens[i + 1].children or []
            text = "".join(child.content for child in children if child.type in ("text", "text_special"))
            assert all(child.type in ("text", "text_special") for child in children), children
            out.append((int(token.tag[1]), text))
    return out


def test_heading_tree_matches_the_ir(doc: Document, text: str) -> None:
    parsed = headings(parse(text))
    assert parsed[0] == (1, doc.title)
    assert parsed[1:] == [(h.level + 1, h.label) for h in doc.headings()]


def test_paragraph_text_survives(doc: Document, text: str) -> None:
    html = MarkdownIt("commonmark").render(text)
    for node in doc.body:
        if isinstance(node, Paragraph):
            assert f"<p>{_html(node.text)}</p>" in html
        elif isinstance(node, RunIn):
            bold = node.label.removesuffix("。")
            assert (
                f"<p><strong>{_html(bold)}</strong>{_html(node.label[len(bold) :] + node.body)}</p>" in html
            )
    assert f"<p>{doc.signature.org}</p>" in html and f"<p>{doc.signature.date}</p>" in html


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def test_toc_lists_levels_one_and_two_in_order(doc: Document, text: str) -> None:
    links = re.findall(r"^( *)- \[(.+?)\]\(#(.+?)\)$", text, flags=re.M)
    assert [(len(indent) // 2 + 1, label.replace("\\", "")) for indent, label, _ in links] == [
        (h.level, h.label) for h in doc.headings() if h.level <= 2
    ]


def test_toc_anchors_resolve_with_github_ids(text: str) -> None:
    import pypandoc  # pypandoc-binary, in the test extras

    html = pypandoc.convert_text(text, "html", format="gfm")
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = re.findall(r"\]\(#(.+?)\)", text)
    assert targets and all(target in ids for target in targets), set(targets) - ids


def test_duplicate_headings_get_distinct_anchors() -> None:
    doc = Document(
        title="计划",
        year=2027,
        org="支部",
        date=dt.date(2027, 1, 4),
        body=[Heading(1, "一、", "学习"), Heading(2, "（一）", "学习"), Heading(2, "（二）", "学习")],
    )
    doc.build_toc()
    text = markdown.render(doc)
    assert re.findall(r"\]\(#(.+?)\)", text) == ["一学习", "一学习-1", "二学习"]


def test_appendix_with_a_table() -> None:
    doc = Document(
        title="计划",
        year=2027,
        org="支部",
        date=dt.date(2027, 1, 4),
        body=[Paragraph("正文")],
        appendices=[
            Appendix("月度工作安排表", [Table(["月份", "工作|内容"], [["1月", "支委会"], ["2月", ""]])])
        ],
    )
    text = markdown.render(doc, toc_levels=0)
    assert "附件：月度工作安排表" in text and "**附件**" in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<th>工作|内容</th>" in html and "<td>支委会</td>" in html and html.count("<tr>") == 3


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("党支部计划学习1.)*_（）：？。、 ab")), min_size=1, max_size=20
    ).filter(lambda s: s.strip(" 。！？：；…，、"))
)
def test_run_in_heading_is_always_bold(text: str) -> None:
    node = RunIn(3, "1.", tidy(text), "正文。")  # compose tidies every text the same way
    inline = [
        child for child in parse(markdown._run_in(node))[1].children if child.type != "text" or child.content
    ]
    kinds = [child.type for child in inline]
    assert kinds[0] == "strong_open" and kinds.count("strong_open") == 1 and kinds.count("strong_close") == 1
    close = kinds.index("strong_close")
    bold = "".join(child.content for child in inline[1:close])
    rest = "".join(child.content for child in inline[close + 1 :])
    assert bold + rest == node.label + node.body and bold.startswith("1.")


def test_no_signature_no_toc() -> None:
    doc = Document(title="计划", year=2027, org="支部", date=dt.date(2027, 1, 4), body=[Paragraph("正文")])
    assert markdown.render(doc, toc_levels=0) == "# 计划\n\n正文\n"


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("党支部计划学习1.)-+*_#[]<>`\\|~!&=（）“”、 abc\t")),
        min_size=1,
        max_size=40,
    ).filter(lambda s: s.strip())
)
def test_any_text_is_rendered_literally(raw: str) -> None:
    expected = " ".join(raw.split())
    html = MarkdownIt("commonmark").render(markdown.escape(raw))
    assert html == f"<p>{_html(expected)}</p>\n"


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("党支部计划1.)-*_#[]`\\ ab")), min_size=1, max_size=30).filter(
        lambda s: s.strip()
    )
)
def test_any_heading_text_stays_one_heading(raw: str) -> None:
    doc = Document(
        title="计划", year=2027, org="支部", date=dt.date(2027, 1, 4), body=[Heading(1, "一、", raw)]
    )
    doc.build_toc()
    assert headings(parse(markdown.render(doc)))[1:] == [(2, " ".join(("一、" + raw).split()))]
