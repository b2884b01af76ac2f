"""The side-by-side comparison as an Excel sheet (XlsxWriter).

Bidder text goes through :func:`efc_scoring.excel.safety.safe_text` (control
characters made visible, never truncated: a too long answer is refused) and is
written with ``write_string`` / ``write_rich_string`` only, so that an answer
starting with ``=`` stays text. Evidence spans are coloured as rich text, with
the engine's colours.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

__all__ = ["write_comparison_sheet"]

_ORDER = ("N", "Q", "T", "I", "C", "P", "M", "F", "R")
_WIDTH = 48


def _lines(text: str) -> int:
    return sum(max(1, -(-len(line) // (_WIDTH + 4))) for line in (text.split("\n") or [""]))


def write_comparison_sheet(comparison: Any, path: Path) -> None:
    import xlsxwriter

    from efc_scoring.evidence.highlight import COLOURS
    from efc_scoring.excel.safety import safe_text, sheet_title

    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    wb.set_properties({"title": f"Question {comparison.question}", "author": "efc_scoring"})
    ws = wb.add_worksheet(sheet_title(f"Question {comparison.question}"))
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_size": 10})
    head = wb.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEEEFF", "border": 1}
    )
    title = wb.add_format({"bold": True, "font_size": 12, "text_wrap": True})
    code_fmt = {
        c: wb.add_format({"bg_color": colour, "font_size": 10}) for c, colour in COLOURS.items()
    }
    ws.set_column(0, 0, 22)
    ws.set_column(1, max(len(comparison.answers), 1), _WIDTH)
    ws.merge_range(0, 0, 0, max(len(comparison.answers), 1), safe_text(comparison._title()), title)
    ws.set_row(0, 32)
    labels = (
        "Offre",
        "Niveau proposé",
        "Indices",
        "Notes de la commission",
        "Réponse",
        "Justification du moteur",
    )
    for r, label in enumerate(labels, start=1):
        ws.write_string(r, 0, label, head)
    tallest_answer = tallest_just = 1
    for col, a in enumerate(comparison.answers, start=1):
        where = f"offre {a.offer}, question {comparison.question}"
        ws.write_string(1, col, safe_text(f"{a.offer} — {a.bidder}", where=where), head)
        ws.write_string(2, col, a.proposal, wrap)
        ws.write_string(3, col, " ".join(a.features) or "—", wrap)
        ws.write_string(
            4, col, safe_text("\n".join(f"{n} : {m}" for n, m in a.marks) or "—", where=where), wrap
        )
        text = safe_text(a.text, where=where)
        fragments = _fragments(a.text, a.spans, code_fmt, safe_text) if text == a.text else []
        if len(fragments) > 2:
            ws.write_rich_string(5, col, *fragments, wrap)
        else:
            ws.write_string(5, col, text or "—", wrap)
        ws.write_string(6, col, safe_text(a.justification, where=where) or "—", wrap)
        tallest_answer = max(tallest_answer, _lines(text))
        tallest_just = max(tallest_just, _lines(a.justification))
    ws.set_row(1, 30)
    ws.set_row(4, 15 * max(1, max((len(a.marks) for a in comparison.answers), default=1)))
    ws.set_row(5, min(409, 13.5 * tallest_answer))
    ws.set_row(6, min(409, 13.5 * tallest_just))
    ws.freeze_panes(2, 1)
    wb.close()


def _fragments(text: str, spans, code_fmt, safe_text) -> list[Any]:  # type: ignore[no-untyped-def]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Any] = []
    for a, b in itertools.pairwise(cuts):
        piece = text[a:b]
        if not piece:
            continue
        codes = {c for s, e, c in spans if s <= a and b <= e}
        if codes:
            top = next(c for c in (*_ORDER, *sorted(codes)) if c in codes)
            fmt = code_fmt.get(top)
            if fmt is not None:
                out.append(fmt)
        out.append(piece)
    return out
