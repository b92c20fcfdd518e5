"""A plan spec written out as YAML, with the header that says how to rebuild it: one step shared by
the wizard (``plan.yaml``) and the batch (one spec per roster row), below both."""

from __future__ import annotations

from typing import Any

SCHEMA_NAME = "spec.schema.json"


def spec_yaml(spec: dict[str, Any], by: str = "plangen new", name: str = "plan.yaml") -> str:
    from .yamlout import dump

    header = (
        f"# yaml-language-server: $schema={SCHEMA_NAME}\n"
        f"# 由 {by} 生成的计划文件。修改后重新生成：plangen build {name}\n"
        f"# 下一年度：plangen build {name} --year {spec['year'] + 1}，或 plangen new --from {name}\n"
    )
    return header + dump(spec)
