"""HTML rendering of answers with their evidence spans highlighted, one colour per code.

Public so that the report, the side-by-side comparison and the Excel grids colour
spans the same way: :data:`PRIORITY` decides which code colours overlapping spans.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Protocol

from efc_scoring.present import Feature

__all__ = ["COLOURS", "PRIORITY", "highlight", "legend"]

#: Background colour of each feature code.
COLOURS = {
    "R": "#eeeeee",
    "M": "#cfe8ff",
    "F": "#a5d6a7",
    "Q": "#ffe082",
    "T": "#ffcc80",
    "I": "#d1c4e9",
    "C": "#80deea",
    "P": "#f8bbd0",
    "N": "#ef9a9a",
}
#: When spans overlap, the most specific code gives the colour (:meth:`Feature.by_priority`).
PRIORITY = tuple(f.value for f in Feature.by_priority())


class _Span(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def legend() -> str:
    """A one-line legend of the colours.

    Examples
    --------
    >>> "objectif chiffré" in legend()
    True
    """
    items = "".join(
        f'<span style="background:{COLOURS[c]};padding:0 4px;margin-right:4px">'
        f"{c} {Feature(c).label}</span>"
        for c in PRIORITY[::-1]
    )
    return f'<div style="font-size:smaller">{items}</div>'


def highlight(text: str, spans: Iterable[_Span]) -> str:
    """Escape ``text`` and wrap each evidence span in a coloured ``<mark>``.

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> highlight("<b>100 %</b>", [S(code="Q", start=3, end=8)])
    '&lt;b&gt;<mark style="background:#ffe082" title="Q">100 %</mark>&lt;/b&gt;'
    """
    cuts = {0, len(text)}
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    for s in spans:
        cuts.update((s.start, s.end))
    points = sorted(cuts)
    out: list[str] = []
    for a, b in pairwise(points):
        codes = {s.code for s in spans if s.start <= a and b <= s.end}
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        if codes:
            top = next((c for c in PRIORITY if c in codes), sorted(codes)[0])
            title = " ".join(c for c in PRIORITY if c in codes)
            colour = COLOURS.get(top, "#eeeeee")
            out.append(f'<mark style="background:{colour}" title="{title}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def card(title: str, text: str, spans: Sequence[_Span], footer: str) -> str:
    """An answer block: a title line, the highlighted text and a footer (the justification)."""
    return (
        '<div style="border:1px solid #ccc;padding:6px;margin:4px 0">'
        f"<div><strong>{html.escape(title)}</strong></div>"
        f'<div style="white-space:normal;line-height:1.6">{highlight(text, spans)}</div>'
        f'<div style="font-size:smaller;color:#333">{html.escape(footer)}</div></div>'
    )
