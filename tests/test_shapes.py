"""The fast check (plangen.shapes) may only ever say yes where pydantic says yes, with the same
values; and every file plangen ships passes it, so a build never needs pydantic."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from fuzzing import mutate

from plangen import model, shapes
from plangen.library import yaml_files
from plangen.safeyaml import load_file

REPO = Path(__file__).resolve().parents[1]
SHIPPED = (
    [("Block", p) for p in yaml_files(REPO / "templates" / "blocks")]
    + [("PlanTemplate", p) for p in yaml_files(REPO / "templates" / "plans")]
    + [("PlanSpec", p) for p in sorted((REPO / "examples").glob("*.yaml"))]
)


def test_the_shipped_shapes_are_current() -> None:
    shipped = json.loads((REPO / "src" / "plangen" / "data" / "shapes.json").read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(model.shapes_schema())), "regenerate: python -m plangen.model"


def _pydantic(kind: str, data: object) -> object | None:
    from pydantic import ValidationError

    try:
        return model.freeze(getattr(model, kind).model_validate(data))
    except ValidationError:
        return None


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_shipped_file_passes_the_fast_check_with_pydantic_s_values(kind: str, path: Path) -> None:
    data, _ = load_file(path)
    fast = shapes.check(kind, data)
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
        fast = shapes.check(kind, data)
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
    assert shapes.check(kind, data) is None


def test_a_build_does_not_import_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom plangen.cli import main\n"
        f"code = main(['build', {str(REPO / 'examples' / 'hospital-branch.yaml')!r}, '-o', {str(tmp_path)!r}, "
        "'-f', 'docx,md', '--no-office'])\n"
        "print(code, 'pydantic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split()[-2:] == ["0", "False"], result.stderr
