"""A comparison (:mod:`plangen.changes`) → CommonMark: the summary, then each section that changed
as a two-column table (the old plan | the new one), one row a changed sentence.

Marks: added text ``<ins>…</ins>``, removed text ``<del>…</del>``. Both render as underline and
strike-through — the marks the DOCX carries — in GitHub, Typora, VS Code and pandoc (raw HTML; GFM's
``~~`` would not open right after a Chinese character before punctuation, by CommonMark's flanking
rules), and both stay legible as plain text, which 【增】【删】 would too but without
showing where an inserted run ends inside a sentence.
"""

from __future__ import annotations

from ..changes import (
    SAME,
    Comparison,
    Piece,
    headline,
    opening,
    sides,
    sources_note,
    summary_rows,
    tally,
    title,
)
from .markdown import escape


def render(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    first, second = sides(comparison)
    lines = [f"# {escape(title(comparison))}", "", f"{first}：{escape(old.name)}  ", f"{second}：{escape(new.name)}",
             "", "## 概况", ""]  # fmt: skip
    lines += [headline(comparison), ""]
    lines += _table(["项目", first, second], summary_rows(comparison))
    lines += ["", sources_note(comparison), "", *(line for note in comparison.notes for line in (escape(note), "")),
              "说明：增加的文字加下划线（<ins>示例</ins>），删去的文字加删除线（<del>示例</del>）。", ""]  # fmt: skip
    lines += ["## 各部分变化", ""]
    for status, changes in tally(comparison).items():
        labels = [escape(c.label) for c in changes]
        lines.append(f"- {status}（{len(labels)}个）：{'；'.join(labels) or '无'}")
    if opening(comparison):
        lines.append(f"- 正文开头：{opening(comparison)}")
    lines.append("")
    changed = [change for change in comparison.sections if change.status != SAME]
    if changed:
        lines += ["## 逐条对照", ""]
    for change in changed:
        lines += [f"### {escape(change.label)}（{change.status}）", ""]
        rows = []
        if change.title is not None:
            rows.append(
                ["标题：" + _marked(change.title.old, "~~"), "标题：" + _marked(change.title.new, "<ins>")]
            )
        rows += [[_marked(s.old, "~~"), _marked(s.new, "<ins>")] for s in change.marked()]
        if not rows:
            none = "（无正文）"
            rows.append([none if change.old else "", none if change.new else ""])
        lines += [*_table([first, second], rows, escaped=True), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _marked(pieces: tuple[Piece, ...], mark: str) -> str:
    out = []
    for piece in pieces:
        text = escape(piece.text)
        if piece.marked and text:
            text = f"<del>{text}</del>" if mark == "~~" else f"<ins>{text}</ins>"
        out.append(text)
    return "".join(out)


def _table(header: list[str], rows: list[list[str]], escaped: bool = False) -> list[str]:
    def cells(row: list[str]) -> str:
        return "| " + " | ".join(cell if escaped else escape(cell) for cell in row) + " |"

    return [cells(header), "|" + "---|" * len(header), *(cells(row) for row in rows)]
