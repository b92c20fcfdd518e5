"""What users write — blocks, plan templates, plan specs — as one set of frozen types, and the
ways of making them.

- :mod:`.types` — the types, the names shared with everything downstream (sectors, categories,
  detail levels) and :func:`~.types.shown_at`; no third-party import.
- :mod:`.values` — user text as a param's value (int, yes/no, date, list), the one definition.
- :mod:`.rules` — the files' rules beyond their JSON Schema, asked by both validations below.
- :mod:`.fast` — a check of well-formed data against ``data/shapes.json`` that builds the types
  without pydantic (a build must not pay its import).
- :mod:`.models` — the pydantic models: every rule, every error at its line, ``plangen schema``;
  their results are the same types. Imported only when the fast check cannot vouch for a file.
- :mod:`.load` — files (and ``--set``/``--year``) into the types.

Modules are imported by name (``from plangen.schema.types import Block``); the package itself
imports nothing, so reading a name costs no more than its module.
"""
