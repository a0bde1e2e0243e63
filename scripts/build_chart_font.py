"""Build the chart font: a subset of Noto Sans CJK SC, renamed so it never shadows a system font.

Usage: .venv/bin/python scripts/build_chart_font.py [path/to/NotoSansCJK-Regular.ttc]
(Debian: apt-get install fonts-noto-cjk). Needs fontTools (a dev dependency). The subset holds
ASCII, common punctuation, and every Chinese character of the text catalogs and the content
files; the chart falls back to a track's key for any other name.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bot" / "assets" / "fonts" / "ChartSansCJK-Regular.otf"
FAMILY = "Interview Chart Sans CJK"
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def wanted_characters() -> set[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)} | set("·•—–…“”‘’×÷°±≤≥")
    for module in (ROOT / "bot" / "core" / "texts").glob("*.py"):
        chars |= set(HAN.findall(module.read_text(encoding="utf-8")))
    # The whole bank's vocabulary, so that track names an admin adds later are likely covered.
    for content in (ROOT / "content").glob("*.toml"):
        chars |= set(HAN.findall(content.read_text(encoding="utf-8")))
    return chars


def sc_face(source: Path) -> TTFont:
    if source.suffix.lower() != ".ttc":
        return TTFont(source)
    for font in TTCollection(source).fonts:
        if font["name"].getDebugName(1) == "Noto Sans CJK SC":
            return font
    raise SystemExit(f"{source} has no 'Noto Sans CJK SC' face")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    font = sc_face(source)
    options = subset.Options()
    options.layout_features = ["kern", "liga", "vert"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in wanted_characters()})
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID,
                          record.langID)  # fmt: skip
        elif record.nameID in (3, 4):
            names.setName(f"{FAMILY} Regular", record.nameID, record.platformID,
                          record.platEncID, record.langID)  # fmt: skip
        elif record.nameID == 6:
            names.setName("InterviewChartSansCJK-Regular", record.nameID, record.platformID,
                          record.platEncID, record.langID)  # fmt: skip
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = ["InterviewChartSansCJK-Regular"]
        top = cff.topDictIndex[0]
        top.FamilyName, top.FullName = FAMILY, f"{FAMILY} Regular"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    cmap = TTFont(OUT).getBestCmap()
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size // 1024} KB, {len(cmap)} characters")


if __name__ == "__main__":
    main()
