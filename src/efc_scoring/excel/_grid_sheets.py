"""Writing of one evaluator grid with XlsxWriter: the guide, the grid and the metadata sheets."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from efc_scoring.excel import _styles as st
from efc_scoring.excel._template import (
    _ESCAPED,
    COL,
    COLUMNS,
    FIRST_ROW,
    FORMAT,
    FORMAT_VERSION,
    GRID_SHEET,
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    GridRow,
    Guide,
    canon,
    col_letter,
    digest_payload,
    guide_layout,
    hmac_sha256,
    sha256,
)
from efc_scoring.excel.safety import clean_text, safe_text
from efc_scoring.model.committee import Evaluator
from efc_scoring.model.tender import Tender


@dataclass(frozen=True)
class _Prepared:
    """A grid row with its texts made safe, its runs, height and digest entry (computed once)."""

    row: GridRow
    texts: dict[str, str]
    runs: tuple[tuple[str, str | None], ...]
    height: float
    weight_formula: str
    entry: list[str]


def prepare_row(row: GridRow, guide: Guide) -> _Prepared:
    where = f"offre {row.offer_id}, critère {row.criterion_id}"
    texts = {
        "lot": safe_text(row.lot, where=where),
        "offer": safe_text(row.offer_label, where=where),
        "criterion": safe_text(row.criterion_label, where=where),
        "question": safe_text(row.question, where=where),
        "answer": safe_text(row.answer, where=where),
        "proposed_why": safe_text(row.proposed_why, where=where + ", justification proposée"),
    }
    runs = tuple(
        (text, code) for text, code in ((clean_text(t), c) for t, c in row.segments) if text
    )
    wr, wc = guide.weight_cells[row.criterion_id]
    formula = f"={GUIDE_SHEET}!${col_letter(wc)}${wr + 1}"
    widths = {c.key: c.width for c in COLUMNS}
    height = st.row_height(
        [
            (texts[k], widths[k])
            for k in ("answer", "question", "proposed_why", "criterion", "offer")
        ]
    )
    entry = [
        canon(v)
        for v in (
            row.offer_key,
            row.criterion_id,
            texts["lot"],
            texts["offer"],
            texts["criterion"],
            texts["question"],
            texts["answer"],
            row.proposed,
            texts["proposed_why"],
            formula,
        )
    ]
    return _Prepared(row, texts, runs, height, formula, entry)


class _Formats:
    def __init__(self, wb: Any) -> None:
        self.wb, self.cache = wb, {}

    def __call__(self, name: str, **props: Any) -> Any:
        if name not in self.cache:
            self.cache[name] = self.wb.add_format(st.base(**props))
        return self.cache[name]


def write_grid_file(
    path: Path,
    tender: Tender,
    ev: Evaluator,
    rows: list[_Prepared],
    blind: bool,
    key: bytes | str | None,
    password: str | None,
) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    wb.set_properties(
        {
            "title": safe_text(f"Grille d'évaluation — {tender.title}"[:250]),
            "author": "efc_scoring",
            "comments": f"{FORMAT} v{FORMAT_VERSION}",
        }
    )
    fmt = _Formats(wb)
    guide = guide_layout(tender, ev, blind)
    guide_ws = wb.add_worksheet(GUIDE_SHEET)
    guide_entries = _write_guide(guide_ws, guide, fmt, password)
    ws = wb.add_worksheet(GRID_SHEET)
    row_entries = _write_grid(ws, tender, ev, rows, guide, fmt, password)
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tender_id": tender.id,
        "evaluator_id": ev.id,
        "blind": "1" if blind else "0",
        "grid_sheet": GRID_SHEET,
    }
    payload = digest_payload(meta, row_entries, guide_entries)
    meta_ws = wb.add_worksheet(META_SHEET)
    extra = {
        "rows": str(len(rows)),
        "created": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        "template_sha256": sha256(payload),
    }
    if key is not None:
        extra["template_hmac_sha256"] = hmac_sha256(key, payload)
    for i, (name, value) in enumerate({**meta, **extra}.items()):
        meta_ws.write_string(i, 0, name)
        meta_ws.write_string(i, 1, safe_text(value))
    meta_ws.protect(password or "")
    meta_ws.very_hidden()
    ws.activate()
    wb.close()


def _write_guide(
    ws: Any, guide: Guide, fmt: _Formats, password: str | None
) -> list[tuple[str, str]]:
    widths = (16, 34, 62, 16)
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    styles = {
        "title": fmt("g_title", bold=True, font_size=14, border=0),
        "h2": fmt("g_h2", bold=True, font_size=12, border=0),
        "strong": fmt("g_strong", bold=True, font_color="#C00000", border=0),
        "text": fmt("g_text", border=0),
        "wrap": fmt("g_wrap", text_wrap=True, border=0),
        "th": fmt("g_th", bold=True, bg_color=st.HEADER_FILL, text_wrap=True),
        "td": fmt("g_td", text_wrap=True),
        "td_num": fmt("g_num", num_format="0.####"),
        "td_money": fmt("g_money", num_format="#,##0.00"),
    }
    for code, (_, colour) in st.FEATURES.items():
        styles[f"code:{code}"] = fmt(f"g_code{code}", bold=True, font_color=colour)
    entries: list[tuple[str, str]] = []
    heights: dict[int, float] = {}
    for row, col, value, style in guide.cells:
        cell_fmt = styles[style]
        if isinstance(value, int | float | Decimal):
            ws.write_number(row, col, float(value), cell_fmt)
            entries.append((f"{col_letter(col)}{row + 1}", canon(float(value))))
            continue
        text = safe_text(value)
        if style == "wrap" and col == 1:  # instruction text spans B:D
            ws.merge_range(row, 1, row, 3, "", cell_fmt)
            heights[row] = max(heights.get(row, 0), st.row_height([(text, sum(widths[1:]))]))
        elif style in ("td", "th"):  # wrapped table cells: the row grows with the longest
            heights[row] = max(heights.get(row, 0), st.row_height([(text, widths[col])]))
        ws.write_string(row, col, text, cell_fmt)
        entries.append((f"{col_letter(col)}{row + 1}", canon(text)))
    for row, height in heights.items():
        ws.set_row(row, height)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect(password or "", {"select_locked_cells": True, "select_unlocked_cells": True})
    return entries


def _write_grid(
    ws: Any,
    tender: Tender,
    ev: Evaluator,
    rows: list[_Prepared],
    guide: Guide,
    fmt: _Formats,
    password: str | None,
) -> list[list[str]]:
    header = fmt("header", bold=True, bg_color=st.HEADER_FILL, text_wrap=True, valign="vcenter")
    cell = fmt("cell", text_wrap=True, bg_color=st.TEMPLATE_FILL)
    plain = fmt("plain", text_wrap=True)
    num = fmt("num", num_format="0.##", align="center", bg_color=st.TEMPLATE_FILL)
    pts = fmt("pts", num_format="0.00", align="center", bg_color=st.TEMPLATE_FILL)
    level_in = fmt(
        "level_in", locked=False, bg_color=st.INPUT_FILL, align="center", font_size=12, bold=True
    )
    why_in = fmt("why_in", locked=False, bg_color=st.INPUT_FILL, text_wrap=True)
    missing = wb_format(fmt, "missing", bg_color=st.MISSING_FILL)
    codes = {
        c: fmt(f"run{c}", bold=True, font_color=colour, border=0)
        for c, (_, colour) in st.FEATURES.items()
    }
    for i, column in enumerate(COLUMNS):
        ws.set_column(i, i, column.width, None, {"hidden": column.hidden})
    title = fmt("title", bold=True, font_size=13, border=0)
    note = fmt("note", border=0, italic=True)
    ws.write_string(0, COL["lot"], safe_text(f"Grille d'évaluation — {tender.title}"), title)
    ws.write_string(
        1,
        COL["lot"],
        safe_text(
            f"Évaluateur : {ev.name} ({ev.role_label}). {len(rows)} lignes : "
            "remplir « Votre niveau » "
            "et « Votre justification » (cases jaunes). Lire d'abord l'onglet « Consignes »."
        ),
        note,
    )
    ws.set_row(HEADER_ROW, 30)
    for i, column in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW, i, column.header, header)
    for i, prep in enumerate(rows):
        r, row, texts = FIRST_ROW + i, prep.row, prep.texts
        ws.write_string(r, COL["offer_key"], row.offer_key, cell)
        ws.write_string(r, COL["criterion_key"], row.criterion_id, cell)
        for key in ("lot", "offer", "criterion", "question", "proposed_why"):
            ws.write_string(r, COL[key], texts[key], cell)
        _write_answer(ws, r, prep, plain, codes)
        if row.proposed is None and row.proposed_note:
            ws.write_string(r, COL["proposed"], row.proposed_note, cell)
        elif row.proposed is None:
            ws.write_blank(r, COL["proposed"], None, num)
        else:
            ws.write_number(r, COL["proposed"], float(row.proposed), num)
        ws.write_blank(r, COL["level"], None, level_in)
        ws.write_blank(r, COL["justification"], None, why_in)
        ws.write_formula(r, COL["weight"], prep.weight_formula, num, _value(row.weight))
        lv, wt = f"{col_letter(COL['level'])}{r + 1}", f"{col_letter(COL['weight'])}{r + 1}"
        lo, hi = row.scale.min, row.scale.max
        share = f"{lv}/{_n(hi)}" if lo == 0 else f"({lv}-{_n(lo)})/({_n(hi)}-{_n(lo)})"
        ws.write_formula(r, COL["points"], f'=IF(ISNUMBER({lv}),{wt}*{share},"")', pts, "")
        ws.set_row(r, prep.height)
    last = FIRST_ROW + len(rows) - 1
    _validations(ws, [p.row for p in rows], guide, missing)
    ws.autofilter(HEADER_ROW, COL["lot"], last, COL["points"])
    ws.freeze_panes(FIRST_ROW, COL["criterion"])
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.5)
    ws.set_footer(f"&L{_hf(tender.id)}&C&P / &N&R{_hf(ev.name)}")
    ws.protect(
        password or "",
        {
            "format_rows": True,
            "format_columns": True,
            "autofilter": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )
    return [prep.entry for prep in rows]


def wb_format(fmt: _Formats, name: str, **props: Any) -> Any:
    """A conditional format (no border nor font overrides)."""
    if name not in fmt.cache:
        fmt.cache[name] = fmt.wb.add_format(props)
    return fmt.cache[name]


def _write_answer(ws: Any, r: int, prep: _Prepared, plain: Any, codes: dict[str, Any]) -> None:
    answer = prep.texts["answer"]
    if len(prep.runs) < 2 or _ESCAPED.search(answer):  # XlsxWriter escapes rich runs twice
        ws.write_string(r, COL["answer"], answer, plain)
        return
    args: list[Any] = []
    for text, code in prep.runs:
        if code is not None:
            args.append(codes[code])
        args.append(text)
    ws.write_rich_string(r, COL["answer"], *args, plain)


def _validations(ws: Any, rows: list[GridRow], guide: Guide, missing: Any) -> None:
    lv, jc = col_letter(COL["level"]), col_letter(COL["justification"])
    first, last = FIRST_ROW, FIRST_ROW + len(rows) - 1
    start = 0
    for i in range(1, len(rows) + 1):  # one list validation per run of rows sharing a scale
        if i < len(rows) and rows[i].scale.id == rows[start].scale.id:
            continue
        scale = rows[start].scale
        lo, hi = guide.scale_ranges[scale.id]
        ws.data_validation(
            first + start,
            COL["level"],
            first + i - 1,
            COL["level"],
            {
                "validate": "list",
                "source": f"={GUIDE_SHEET}!$A${lo + 1}:$A${hi + 1}",
                "input_title": "Votre niveau",
                "input_message": f"Un niveau de l'échelle ({_n(scale.min)} à {_n(scale.max)}) "
                "choisi "
                "dans la liste. Vide = non noté (jamais 0).",
                "error_title": "Niveau hors échelle",
                "error_message": "Choisissez un niveau de la liste (pas de texte, pas de virgule).",
            },
        )
        start = i
    ws.data_validation(
        first,
        COL["justification"],
        last,
        COL["justification"],
        {
            "validate": "length",
            "criteria": "between",
            "minimum": 1,
            "maximum": 32767,
            "ignore_blank": False,
            "input_title": "Justification obligatoire",
            "input_message": "Pourquoi l'offre mérite ce niveau : ce texte peut être communiqué au "
            "candidat.",
            "error_title": "Justification",
            "error_message": "La justification ne peut pas être vide.",
        },
    )
    ws.conditional_format(
        first,
        COL["justification"],
        last,
        COL["justification"],
        {
            "type": "formula",
            "criteria": f'=AND(${lv}{first + 1}<>"",LEN(TRIM(${jc}{first + 1}))=0)',
            "format": missing,
        },
    )
    ws.conditional_format(
        first,
        COL["level"],
        last,
        COL["level"],
        {
            "type": "formula",
            "criteria": f'=AND(${jc}{first + 1}<>"",${lv}{first + 1}="")',
            "format": missing,
        },
    )


def _value(x: Decimal) -> int | float:
    return int(x) if x == x.to_integral_value() else float(x)


def _n(x: Decimal) -> str:
    return format(x.normalize(), "f")


def _hf(text: str) -> str:
    return safe_text(text).replace("&", "&&")[:80]
