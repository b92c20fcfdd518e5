"""The fast check (plangen.schema.fast) may only ever say yes where pydantic says yes, with the same
frozen types and values; and every file plangen ships passes it, so a build never needs pydantic."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fuzzing import mutate

from plangen.library import yaml_files
from plangen.safeyaml import load_file
from plangen.schema import models, types
from plangen.schema.fast import check

REPO = Path(__file__).resolve().parents[1]
SHIPPED = (
    [("Block", p) for p in yaml_files(REPO / "templates" / "blocks")]
    + [("PlanTemplate", p) for p in yaml_files(REPO / "templates" / "plans")]
    + [("PlanSpec", p) for p in sorted((REPO / "examples").glob("*.yaml"))]
)


def test_the_shipped_shapes_are_current() -> None:
    shipped = json.loads((REPO / "src" / "plangen" / "data" / "shapes.json").read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(models.shapes_schema())), (
        "regenerate: python -m plangen.schema.models"
    )


def _pydantic(kind: str, data: object) -> object | None:
    from pydantic import ValidationError

    try:
        return models.freeze(models.MODELS[kind].model_validate(data))
    except ValidationError:
        return None


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_shipped_file_passes_the_fast_check_with_pydantic_s_values(kind: str, path: Path) -> None:
    data, _ = load_file(path)
    fast = check(kind, data)
    assert fast is not None, f"{path.name} would need pydantic"
    assert fast == _pydantic(kind, data)


def test_mutated_files_never_pass_where_pydantic_refuses() -> None:
    """Thousands of mutations of the shipped files: the fast check accepts a subset of what pydantic
    accepts, giving the same objects; pydantic decides the rest (and reports the errors)."""
    rng = random.Random(11)
    accepted = refused = 0
    for round_ in range(1500):
        kind, path = SHIPPED[round_ % len(SHIPPED)]
        data = mutate(load_file(path)[0], rng, rng.choice([1, 1, 2, 3]))
        fast = check(kind, data)
        slow = _pydantic(kind, data)
        if fast is not None:
            accepted += 1
            assert slow == fast, (path.name, data)
        elif slow is None:
            refused += 1
    assert accepted > 100 and refused > 100  # both ways were exercised


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("PlanSpec", {"template": "x", "year": "2027", "org": {"name": "内科"}}),  # pydantic coerces "2027"
        ("PlanSpec", {"template": "x", "year": 2027.0, "org": {"name": "内科"}}),
        ("PlanSpec", {"template": "x", "year": True, "org": {"name": "内科"}}),
        ("PlanSpec", {"template": "x\n", "year": 2027, "org": {"name": "内科"}}),  # $ before a line break
        (
            "PlanSpec",
            {"template": "x", "year": 2027, "org": {"name": "内科", "members": 3, "probationary": 5}},
        ),
        ("PlanSpec", {"template": "x", "year": 2027, "date": "2027-01-05", "org": {"name": "内科"}}),
        ("Block", {"id": "a.b", "title": "t", "category": "c", "body": [{"p": "x", "table": {}}]}),
        (
            "Block",
            {
                "id": "a.b",
                "title": "t",
                "category": "c",
                "body": [{"p": "x"}],
                "params": {"year": {"label": "年"}},
            },
        ),
    ],
)
def test_what_needs_pydantic_goes_to_pydantic(kind: str, data: dict) -> None:
    assert check(kind, data) is None


def test_a_build_does_not_import_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom plangen.cli import main\n"
        f"code = main(['build', {str(REPO / 'examples' / 'hospital-branch.yaml')!r}, '-o', {str(tmp_path)!r}, "
        "'-f', 'docx,md', '--no-office'])\n"
        "print(code, 'pydantic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split()[-2:] == ["0", "False"], result.stderr


def _objects(value: object) -> list[object]:
    """Every frozen object inside *value* (itself included)."""
    if isinstance(value, (tuple, list)):
        return [found for item in value for found in _objects(item)]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _objects(item)]
    if dataclasses.is_dataclass(value):
        inner = [_objects(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return [value, *(found for part in inner for found in part)]
    return []


@pytest.mark.parametrize(("kind", "path"), SHIPPED[::7], ids=lambda v: v.name if isinstance(v, Path) else v)
def test_both_ways_give_the_one_set_of_frozen_types(kind: str, path: Path) -> None:
    data, _ = load_file(path)
    for made in (check(kind, data), _pydantic(kind, data)):
        assert isinstance(made, types.TYPES[kind])
        for obj in _objects(made):
            assert type(obj) in types.TYPES.values(), type(obj)
            for f in dataclasses.fields(obj):
                assert not isinstance(getattr(obj, f.name), list) or f.name == "default", (obj, f.name)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, dataclasses.fields(made)[0].name, "changed")


SRC = REPO / "src" / "plangen"


def _outside_schema() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if "schema" not in p.relative_to(SRC).parts]


def test_no_pydantic_and_no_class_name_dispatch_outside_the_schema_package() -> None:
    """Downstream receives only the frozen types: it neither makes a pydantic model nor asks an
    object for its class's name to decide what it is."""
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in _outside_schema()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(
            r"(import|from) pydantic|model_validate|model_dump|model_copy|model_fields|type\(\w+\)\.__name__ ==",
            line,
        )
        or re.search(r"= type\(\w+\)\.__name__\s*(#|$)", line)
    ]
    assert found == []


def test_the_types_answer_as_frozen_dataclasses_do() -> None:
    """The types are made without generating code per class (schema.types.FrozenRecord), yet
    dataclasses, pickle (a batch sends specs to its workers), copy and == treat them as frozen
    dataclasses: a replaced spec is a new one, the old one unchanged."""
    import copy
    import pickle

    from plangen.schema.types import Org, Param, PlanSpec

    org = Org(name="内科党支部")
    spec = PlanSpec(template="hospital-branch", year=2027, org=org)
    assert dataclasses.is_dataclass(spec) and dataclasses.fields(Org)[0].name == "name"
    moved = dataclasses.replace(spec, year=2028)
    assert (moved.year, moved.org, spec.year) == (2028, org, 2027) and moved != spec
    assert pickle.loads(pickle.dumps(spec)) == spec == copy.deepcopy(spec) == copy.copy(spec)
    assert dataclasses.asdict(spec)["org"]["name"] == "内科党支部"
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.year = 2030  # type: ignore[misc]
    assert hash(Param(label="次数")) == hash(Param(label="次数")) and Param(label="次数") != Param(
        label="天数"
    )
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        Org(name="x", colour="红")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="missing 1 required"):
        PlanSpec(year=2027, org=org)  # type: ignore[call-arg]
