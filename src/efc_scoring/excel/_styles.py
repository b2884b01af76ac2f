"""Styles of the workbooks in one place: fonts, colours of the feature codes, widths, heights."""

from __future__ import annotations

import math
from typing import Any

from efc_scoring.evidence.highlight import PRIORITY
from efc_scoring.present import Feature

FONT = "Calibri"
FONT_SIZE = 10
#: Points per line of wrapped text at FONT_SIZE, and padding per cell.
LINE_HEIGHT = 13.0
ROW_PADDING = 4.0
#: Spreadsheet programs refuse rows higher than this (points).
MAX_ROW_HEIGHT = 409.0

#: Font colour of the spans of each feature of the rubric (RUBRIC.md): dark colours that stay
#: readable on white and in grey print; spans are also bold.
_FONT_COLOURS = {
    "R": "#595959",
    "M": "#1F4E79",
    "F": "#006100",
    "Q": "#C55A11",
    "T": "#7030A0",
    "I": "#00707A",
    "C": "#B4006E",
    "P": "#7F6000",
    "N": "#C00000",
}
#: Each feature's legend (its description, from efc_scoring.present.Feature) and font colour.
FEATURES: dict[str, tuple[str, str]] = {
    f.value: (f.description, _FONT_COLOURS[f.value]) for f in Feature
}
#: Which code colours a character covered by several spans: the most specific first.
FEATURE_PRIORITY = "".join(PRIORITY)

HEADER_FILL = "#DDEBF7"
INPUT_FILL = "#FFF2CC"
MISSING_FILL = "#F4B6B6"
TEMPLATE_FILL = "#F2F2F2"


def base(**extra: Any) -> dict[str, Any]:
    """Properties of a body cell: font, top alignment, thin border, plus ``extra``."""
    props: dict[str, Any] = {
        "font_name": FONT,
        "font_size": FONT_SIZE,
        "valign": "top",
        "border": 1,
        "border_color": "#BFBFBF",
    }
    props.update(extra)
    return props


def lines_needed(text: str, width_chars: float) -> int:
    """Estimated number of wrapped lines of ``text`` in a column ``width_chars`` wide.

    Column widths count characters of the default 11-point font; at FONT_SIZE
    about 1.3 character of average French prose fits per unit, less a margin.

    Examples
    --------
    >>> lines_needed("", 10), lines_needed("abc", 10), lines_needed("x" * 45, 20)
    (1, 1, 2)
    """
    per_line = max(1.0, width_chars * 1.3 - 1)
    total = 0
    for paragraph in text.split("\n"):
        total += max(1, math.ceil(len(paragraph) / per_line))
    return max(1, total)


def row_height(cells: list[tuple[str, float]]) -> float:
    """Height in points of a row whose wrapped cells are ``(text, column width)``."""
    lines = max((lines_needed(text, width) for text, width in cells), default=1)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING)
