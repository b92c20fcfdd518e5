"""Printing shared by the listing commands (blocks, templates): rows for JSON or a rich table, and a
composed document's outline. Not a command: commands import it, it imports no command."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..document import Document
    from ..library import Entry
    from ..schema.types import Block
    from .report import Report


def print_json(report: Report, rows: Sequence[Mapping[str, object]]) -> None:
    report.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def print_table(report: Report, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """A borderless table, its first column (the id) never wrapped."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=max((len(row[0]) for row in rows), default=2))
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    report.env.out.print(table)


def print_blocks(report: Report, items: list[tuple[Entry, Block]], as_json: bool) -> None:
    from ..schema.types import CATEGORY_NAMES

    rows = [
        {
            "id": block.id,
            "title": block.title,
            "category": block.category,
            "category_name": CATEGORY_NAMES.get(block.category, block.category),
            "sectors": list(block.sectors),
            "summary": block.summary,
            "params": list(block.params),
            "origin": entry.origin,
            "path": str(entry.path),
            "overrides": [shadowed.origin for shadowed in entry.shadows],
        }
        for entry, block in items
    ]
    if as_json:
        print_json(report, rows)
        return
    print_table(report, ("标题", "分类", "来源"), [
        (row["id"], row["title"], row["category_name"], row["origin"] + ("（覆盖内置）" if row["overrides"] else ""))
        for row in rows
    ])  # fmt: skip


def print_outline(report: Report, doc: Document, full: bool) -> None:
    from ..document import Heading, RunIn, Table

    say = report.say
    for node in doc.body:
        indent = "  " * (getattr(node, "level", 1) - 1)
        if isinstance(node, Heading):
            say(f"{indent}{node.label}")
        elif isinstance(node, RunIn):
            text = node.label + node.body if full else node.label.removesuffix("。")
            say(f"{indent}{text}")
        elif isinstance(node, Table):
            if full:
                if node.caption:
                    say(f"    {node.caption}")
                for row in [node.header, *node.rows]:
                    say("    | " + " | ".join(row) + " |")
        elif full:
            say(f"    {node.text}")
