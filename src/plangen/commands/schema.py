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

    from ..model import SCHEMA_MODELS

    if options.kind not in SCHEMA_MODELS:
        raise PlanError(f"没有“{options.kind}”的 Schema", hint="可选：block、template、spec。")
    schema = SCHEMA_MODELS[options.kind].model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    report = Report(env)
    report.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return report
