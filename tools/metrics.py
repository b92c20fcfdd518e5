"""Write src/plangen/data/latin_metrics.json: the advance widths of the printable ASCII characters in
Times New Roman (measured on Liberation Serif, made metric-compatible with it), regular and bold.

The layout model needs them to know where a line holding digits or Latin words breaks. Run with
fontTools available, e.g. ``uv run --with fonttools python tools/metrics.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path("/usr/share/fonts/truetype/liberation2")
OUT = Path(__file__).resolve().parent.parent / "src" / "plangen" / "data" / "latin_metrics.json"


def widths(path: Path) -> dict[str, int]:
    font = TTFont(path)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    return {chr(code): metrics[cmap[code]][0] for code in range(0x20, 0x7F)}


def main() -> None:
    regular = TTFont(FONTS / "LiberationSerif-Regular.ttf")
    data = {
        "font": "Times New Roman",
        "measured_on": "Liberation Serif 2 (metric-compatible)",
        "units_per_em": regular["head"].unitsPerEm,
        "regular": widths(FONTS / "LiberationSerif-Regular.ttf"),
        "bold": widths(FONTS / "LiberationSerif-Bold.ttf"),
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
