"""What plangen writes stays byte for byte what was recorded: a restructuring changes no output.

A change meant to alter output records the new digests with ``python tests/corpus.py --update``
(and says so in its commit)."""

from __future__ import annotations

import json

import corpus


def test_every_output_is_as_recorded(tmp_path):
    recorded = json.loads(corpus.DIGESTS.read_text(encoding="utf-8"))
    made = corpus.build(tmp_path)
    assert len(made) > 100
    assert corpus.differences(recorded, made) == []


def test_a_changed_byte_is_found():
    recorded = {"build/a.docx": "1", "build/b.md": "2", "gone.ics": "3"}
    made = {"build/a.docx": "1", "build/b.md": "x", "new.csv": "4"}
    assert corpus.differences(recorded, made) == ["多出 new.csv", "改变 build/b.md", "缺少 gone.ics"]
