"""``plangen blocks list|search|show``: the library's blocks, where each came from, and a preview."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report
from .show import print_blocks, print_outline

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class ListOptions:
    category: str | None = None
    sector: str | None = None
    as_json: bool = False
    library: list[Path] | None = None


@dataclass
class SearchOptions:
    word: str
    as_json: bool = False
    library: list[Path] | None = None


@dataclass
class ShowOptions:
    block_id: str
    year: int | None = None
    detail: str | None = None
    library: list[Path] | None = None


def list_blocks(env: Env, options: ListOptions) -> Report:
    report = Report(env)
    errors: list[PlanError] = []
    items = [
        (entry, block)
        for entry, block in env.library(options.library).all("block", errors)
        if (options.category is None or block.category == options.category)
        and (options.sector is None or options.sector in block.sectors or "all" in block.sectors)
    ]
    print_blocks(report, items, options.as_json)
    for error in errors:
        report.problem(error)
    return report


def search(env: Env, options: SearchOptions) -> Report:
    report = Report(env)
    errors: list[PlanError] = []
    hits = env.library(options.library).search(options.word, errors)
    print_blocks(report, hits, options.as_json)
    if not hits and not options.as_json:
        report.note(f"没有找到包含“{options.word}”的内容块。")
    for error in errors:
        report.problem(error)
    return report


def show(env: Env, options: ShowOptions) -> Report:
    """The block's facts, params and a preview (params at their defaults; full detail by default)."""
    from ..preview import preview_block
    from ..schema.types import CATEGORY_NAMES, SECTOR_NAMES

    report = Report(env)
    say = report.say
    lib = env.library(options.library)
    entry = lib.entry("block", options.block_id)
    block = lib.block(options.block_id)
    say(f"{block.id}  {block.title}")
    say(
        f"分类：{CATEGORY_NAMES.get(block.category, block.category)}（{block.category}）    "
        f"适用：{'、'.join(SECTOR_NAMES.get(s, s) for s in block.sectors)}"
    )
    say(f"来源：{entry.origin}    文件：{entry.path}")
    for shadowed in entry.shadows:
        say(f"覆盖了：{shadowed.origin} 中的同名块（{shadowed.path}）")
    if block.summary:
        say(f"说明：{block.summary}")
    if block.params:
        say("参数：")
        for name, param in block.params.items():
            default = (
                "（必填）" if param.default is None else (param.default if param.default != "" else "（空）")
            )
            say(f"  {block.id}.{name}  {param.label}  [{param.type}]  默认：{default}")
    say("预览：")
    print_outline(
        report, preview_block(lib, options.block_id, options.year, options.detail or "full"), full=True
    )
    return report
