"""``plangen schema``: the JSON Schema of a block, a template or a plan spec, for editors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import PlanError
from .report import Report

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class Options:
    kind: str  # block | template | spec


def run(env: Env, options: Options) -> Report:
    import json

    from ..schema.models import SCHEMA_MODELS, json_schema

    if options.kind not in SCHEMA_MODELS:
        raise PlanError(f"没有“{options.kind}”的 Schema", hint="可选：block、template、spec。")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **json_schema(options.kind)}
    report = Report(env)
    report.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return report
