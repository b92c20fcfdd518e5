"""Findings in plan text: template residue, stale phrases, ended campaigns, wrong anniversaries.

The rules are data (``data/lint.yaml``), so a new stale phrase is one line, not code. This module
is the core the ``plangen lint`` command is built on; the content tests run it over every template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .context import congress


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    text: str
    line: int
    column: int
    suggestion: str = ""

    def __str__(self) -> str:
        hint = f"（建议：{self.suggestion}）" if self.suggestion else ""
        return f"{self.line}:{self.column} [{self.rule}] {self.message}：“{self.text}”{hint}"


@lru_cache(maxsize=1)
def rules() -> dict[str, list[dict[str, Any]]]:
    from .safeyaml import load_text

    text = resources.files("plangen").joinpath("data", "lint.yaml").read_text(encoding="utf-8")
    data, _ = load_text(text, "plangen/data/lint.yaml")
    for group in data.values():
        for rule in group:
            rule["regex"] = re.compile(rule["pattern"])
            if rule.get("unless"):
                rule["unless_regex"] = re.compile(rule["unless"])
    return data


def check(text: str, year: int, congress_year: int = 2027) -> list[Finding]:
    """Every finding in *text* for a plan of *year*."""
    latest = congress(year, congress_year)["latest"]
    findings: list[Finding] = []
    data = rules()

    def add(rule: dict[str, Any], match: re.Match[str], message: str, suggestion: str = "") -> None:
        unless = rule.get("unless_regex")
        if unless is not None:
            window = text[max(0, match.start() - 20) : match.end() + 20]
            if unless.search(window):
                return
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        findings.append(Finding(rule["id"], message, match.group(), line, column, suggestion))

    for rule in data["residue"]:
        for match in rule["regex"].finditer(text):
            add(rule, match, rule["message"], rule.get("suggestion", ""))
    for rule in data["stale"]:
        if "stale_from" in rule and year < rule["stale_from"]:
            continue
        if "stale_from_congress" in rule and latest < rule["stale_from_congress"]:
            continue
        for match in rule["regex"].finditer(text):
            add(rule, match, f"{year}年的计划中{rule['message']}", rule.get("suggestion", ""))
    for rule in data["campaigns"]:
        if year <= rule["ended"]:
            continue
        for match in rule["regex"].finditer(text):
            add(
                rule,
                match,
                f"该活动已于{rule['ended']}年结束，不应作为{year}年的工作",
                "删除或改写为当前部署",
            )
    for rule in data["anniversaries"]:
        expected = year - rule["founded"]
        for match in rule["regex"].finditer(text):
            number = int(next(group for group in match.groups() if group))
            if number != expected:
                add(rule, match, f"{year}年是{rule['name']}{expected}周年", f"{rule['name']}{expected}周年")
    return sorted(findings, key=lambda f: (f.line, f.column))
