"""Writing of one evaluator grid with XlsxWriter: the guide, the grid and the metadata sheets.

XlsxWriter runs in ``constant_memory`` mode: each row goes to disk as soon as
the next one starts, so rows are written in order, with their height set
before their cells, and the grid's rows are streamed from a generator: one
row is prepared, written, digested and dropped at a time. The metadata sheet
is written alongside (its fixed keys first, then one proposal row per grid
row, then the digests), so that memory stays flat whatever the number of offers.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby, pairwise
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

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
    PROPOSAL_KEY,
    TEMPLATE_KEYS,
    GridRow,
    Guide,
    TemplateDigest,
    canon,
    col_letter,
    guide_layout,
    row_json,
    why_fingerprint,
)
from efc_scoring.excel.safety import clean_text, safe_text
from efc_scoring.model.committee import Evaluator
from efc_scoring.model.scale import Scale
from efc_scoring.model.tender import Tender

_PROPOSED, _PROPOSED_WHY = TEMPLATE_KEYS.index("proposed"), TEMPLATE_KEYS.index("proposed_why")
_ESCAPE_START = re.compile(r"(?=_x[0-9a-fA-F]{4}_)")


@dataclass(frozen=True)
class _Prepared:
    """A grid row with its texts made safe, its runs, height and digest entry (computed once)."""

    row: GridRow
    texts: dict[str, str]
    runs: tuple[tuple[str, str | None], ...]
    height: float
    weight_formula: str
    entry: list[str]


def _texts(row: GridRow) -> dict[str, str]:
    """The row's texts, made safe (a text too long for a cell raises TextTooLongError)."""
    where = f"offre {row.offer_id}, critère {row.criterion_id}"
    return {
        "lot": safe_text(row.lot, where=where),
        "offer": safe_text(row.offer_label, where=where),
        "criterion": safe_text(row.criterion_label, where=where),
        "question": safe_text(row.question, where=where),
        "answer": safe_text(row.answer, where=where),
        "proposed_why": safe_text(row.proposed_why, where=where + ", justification proposée"),
    }


def _weight_formula(row: GridRow, guide: Guide) -> str:
    wr, wc = guide.weight_cells[row.criterion_id]
    return f"={GUIDE_SHEET}!${col_letter(wc)}${wr + 1}"


def _entry(row: GridRow, texts: dict[str, str], formula: str) -> list[str]:
    return [
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


def row_entry(row: GridRow, guide: Guide) -> list[str]:
    """The canonical texts of the row's template cells, as the digest covers them."""
    return _entry(row, _texts(row), _weight_formula(row, guide))


def prepare_row(row: GridRow, guide: Guide) -> _Prepared:
    texts = _texts(row)
    runs = tuple(
        (text, code) for text, code in ((clean_text(t), c) for t, c in row.segments) if text
    )
    if "".join(text for text, _ in runs) != texts["answer"]:
        runs = ((texts["answer"], None),)  # a span cut a line end in two: no colours
    formula = _weight_formula(row, guide)
    widths = {c.key: c.width for c in COLUMNS}
    height = st.row_height(
        [
            (texts[k], widths[k])
            for k in ("answer", "question", "proposed_why", "criterion", "offer")
        ]
    )
    return _Prepared(row, texts, runs, height, formula, _entry(row, texts, formula))


class _Formats:
    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.cache: dict[str, Any] = {}

    def __call__(self, name: str, **props: Any) -> Any:
        if name not in self.cache:
            self.cache[name] = self.wb.add_format(st.base(**props))
        return self.cache[name]


def write_grid_file(
    path: Path,
    tender: Tender,
    ev: Evaluator,
    rows: Iterable[GridRow],
    n_rows: int,
    rows_json: IO[bytes],
    blind: bool,
    key: bytes | str | None,
    password: str | None,
) -> None:
    """Write one grid; ``rows`` (``n_rows`` of them) are read once, in order.

    ``rows_json`` holds the rows' digest entries, in the digest's order (see
    :func:`write_rows_json`): the digest is computed from it, never from rows
    held in memory.
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
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
    ws = wb.add_worksheet(GRID_SHEET)
    meta_ws = wb.add_worksheet(META_SHEET)
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tender_id": tender.id,
        "evaluator_id": ev.id,
        "blind": "1" if blind else "0",
        "grid_sheet": GRID_SHEET,
    }
    meta_rows = _MetaRows(meta_ws)
    for name, value in {
        **meta,
        "rows": str(n_rows),
        "created": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
    }.items():
        meta_rows.write(name, value)
    # the digest first: the rows' entries are already on disk, the guide's come from its
    # layout; none of them is held while the sheets are written
    digest = TemplateDigest(meta, key)
    rows_json.seek(0)
    while chunk := rows_json.read(1 << 16):
        digest.update(chunk)
    sha, mac = digest.finish(guide_entries(guide))
    _write_guide(guide_ws, guide, fmt, password)
    guide.cells.clear()  # written; the grid needs only the positions of weights and scales
    _write_grid(ws, tender, ev, rows, n_rows, guide, fmt, password, meta_rows)
    meta_rows.write("template_sha256", sha)
    if mac is not None:
        meta_rows.write("template_hmac_sha256", mac)
    meta_ws.protect(password or "")
    meta_ws.very_hidden()
    ws.activate()
    wb.close()


def write_text(
    ws: Any, row: int, col: int, text: str, cell_fmt: Any = None, run_fmt: Any = None
) -> None:
    """Write ``text`` as text that every reader gives back as written.

    Grids are written in constant_memory mode, so strings are inline, and a
    literal ``_xHHHH_`` in them is escaped as ``_x005F_xHHHH_``: spreadsheet
    programs and python-calamine undo it, openpyxl does not for inline strings.
    Such a text is written as a rich string whose runs cut every ``_xHHHH_``
    in three (``_x``, ``HH``, ``HH_``): no run holds a sequence to escape, and
    every reader joins the runs into the text as written. ``run_fmt`` is the
    font of the runs after the first (XlsxWriter's default font otherwise).
    """
    if not _ESCAPED.search(text):
        ws.write_string(row, col, text, cell_fmt)
        return
    cuts = sorted({m.start() + k for m in _ESCAPE_START.finditer(text) for k in (2, 4)})
    pieces = [text[a:b] for a, b in pairwise([0, *cuts, len(text)]) if a < b]
    args: list[Any] = [pieces[0]]
    for piece in pieces[1:]:
        args += [run_fmt, piece] if run_fmt is not None else [piece]
    ws.write_rich_string(row, col, *args, cell_fmt)


def write_rows_json(rows: Iterable[GridRow], guide: Guide, out: IO[bytes]) -> int:
    """Write the rows' digest entries, joined by commas, into ``out``; return how many.

    ``rows`` come in the digest's order (``iter_grid_rows(..., digest_order=True)``).
    Every text is made safe here first, so that a text too long for a cell is
    refused before any grid is written.
    """
    n = 0
    for row in rows:
        if n:
            out.write(b",")
        out.write(row_json(row_entry(row, guide)))
        n += 1
    return n


class _MetaRows:
    """The metadata sheet, written row after row."""

    def __init__(self, ws: Any) -> None:
        self.ws, self.row = ws, 0

    def write(self, *values: str) -> None:
        for col, value in enumerate(values):
            write_text(self.ws, self.row, col, safe_text(value))
        self.row += 1


def _guide_cells(guide: Guide) -> Iterator[tuple[int, int, float | str, str]]:
    """The guide's cells as written, row by row: ``(row, column, value, style)``, a number
    as a float, a text made safe."""
    for row, col, value, style in sorted(guide.cells, key=lambda c: (c[0], c[1])):
        if isinstance(value, int | float | Decimal):
            yield row, col, float(value), style
        else:
            yield row, col, safe_text(value), style


def guide_entries(guide: Guide) -> list[tuple[str, str]]:
    """The guide's part of the digest: ``(coordinate, canonical text)`` of every cell
    written by :func:`_write_guide` (the same values: :func:`_guide_cells`)."""
    return [(f"{col_letter(c)}{r + 1}", canon(value)) for r, c, value, _ in _guide_cells(guide)]


_GUIDE_WIDTHS = (16, 34, 62, 16)


def _write_guide(ws: Any, guide: Guide, fmt: _Formats, password: str | None) -> None:
    """The guide sheet, row after row: each row's height from its own cells, set before
    them, and forgotten once the row is on disk (as the grid's rows are)."""
    widths = _GUIDE_WIDTHS
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
    run = fmt("run", border=0)
    previous = None
    for row, cells in groupby(_guide_cells(guide), key=itemgetter(0)):
        line = list(cells)  # one row: at most four cells
        height = 0.0
        for _, col, value, style in line:
            if isinstance(value, float):
                continue
            if style == "wrap" and col == 1:  # instruction text spans B:D
                height = max(height, st.row_height([(value, sum(widths[1:]))]))
            elif style in ("td", "th"):  # wrapped table cells: the row grows with the longest
                height = max(height, st.row_height([(value, widths[col])]))
        if height:
            ws.set_row(row, height)
        for _, col, value, style in line:
            cell_fmt = styles[style]
            if isinstance(value, float):
                ws.write_number(row, col, value, cell_fmt)
                continue
            if style == "wrap" and col == 1:  # instruction text spans B:D
                ws.merge_range(row, 1, row, 3, "", cell_fmt)
            write_text(ws, row, col, value, cell_fmt, run)
        if previous is not None:
            _forget_written_row(ws, previous)  # on disk since this row started
        previous = row
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect(password or "", {"select_locked_cells": True, "select_unlocked_cells": True})


def _write_grid(
    ws: Any,
    tender: Tender,
    ev: Evaluator,
    rows: Iterable[GridRow],
    n_rows: int,
    guide: Guide,
    fmt: _Formats,
    password: str | None,
    meta_rows: _MetaRows,
) -> None:
    """Write the grid's rows as they come, and each row's proposal in the metadata sheet."""
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
    run = fmt("run", border=0)
    write_text(ws, 0, COL["lot"], safe_text(f"Grille d'évaluation — {tender.title}"), title, run)
    write_text(
        ws,
        1,
        COL["lot"],
        safe_text(
            f"Évaluateur : {ev.name} ({ev.role_label}). {n_rows} lignes : "
            "remplir « Votre niveau » "
            "et « Votre justification » (cases jaunes). Lire d'abord l'onglet « Consignes »."
        ),
        note,
        run,
    )
    ws.set_row(HEADER_ROW, 30)
    for i, column in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW, i, column.header, header)
    written = 0
    scales: list[tuple[int, Scale]] = []  # (first row index, scale) of each run of rows
    for i, grid_row in enumerate(rows):
        prep = prepare_row(grid_row, guide)
        r, row, texts = FIRST_ROW + i, prep.row, prep.texts
        ws.set_row(r, prep.height)
        write_text(ws, r, COL["offer_key"], row.offer_key, cell, run)
        write_text(ws, r, COL["criterion_key"], row.criterion_id, cell, run)
        for key in ("lot", "offer", "criterion", "question"):
            write_text(ws, r, COL[key], texts[key], cell, run)
        _write_answer(ws, r, prep, plain, codes, run)
        if row.proposed is None and row.proposed_note:
            write_text(ws, r, COL["proposed"], row.proposed_note, cell, run)
        elif row.proposed is None:
            ws.write_blank(r, COL["proposed"], None, num)
        else:
            ws.write_number(r, COL["proposed"], float(row.proposed), num)
        write_text(ws, r, COL["proposed_why"], texts["proposed_why"], cell, run)
        ws.write_blank(r, COL["level"], None, level_in)
        ws.write_blank(r, COL["justification"], None, why_in)
        ws.write_formula(r, COL["weight"], prep.weight_formula, num, _value(row.weight))
        lv, wt = f"{col_letter(COL['level'])}{r + 1}", f"{col_letter(COL['weight'])}{r + 1}"
        lo, hi = row.scale.min, row.scale.max
        share = f"{lv}/{_n(hi)}" if lo == 0 else f"({lv}-{_n(lo)})/({_n(hi)}-{_n(lo)})"
        ws.write_formula(r, COL["points"], f'=IF(ISNUMBER({lv}),{wt}*{share},"")', pts, "")
        if i:
            _forget_written_row(ws, r - 1)
        written += 1
        meta_rows.write(
            f"{PROPOSAL_KEY}{row.offer_key} {row.criterion_id}",
            f"{prep.entry[_PROPOSED]}|{why_fingerprint(prep.entry[_PROPOSED_WHY])}",
        )
        if not scales or scales[-1][1].id != row.scale.id:
            scales.append((i, row.scale))
    if written != n_rows:
        raise RuntimeError(f"{written} rows written, {n_rows} announced")  # a bug
    _validations(ws, scales, n_rows, guide, missing)
    last = FIRST_ROW + n_rows - 1
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


def _forget_written_row(ws: Any, row: int) -> None:
    """Drop the height XlsxWriter keeps for a row already written to disk.

    In constant_memory mode a row goes to disk when the next one starts, but
    ``set_row`` heights stay in ``row_info`` and ``row_sizes`` for the whole
    sheet (XlsxWriter needs them afterwards only to place images, which a grid
    has none of): at 12,000 rows they would be the largest memory of the write.
    The heights written are checked by the tests.
    """
    for table in (getattr(ws, "row_info", None), getattr(ws, "row_sizes", None)):
        if isinstance(table, dict):
            table.pop(row, None)


def wb_format(fmt: _Formats, name: str, **props: Any) -> Any:
    """A conditional format (no border nor font overrides)."""
    if name not in fmt.cache:
        fmt.cache[name] = fmt.wb.add_format(props)
    return fmt.cache[name]


def _write_answer(
    ws: Any, r: int, prep: _Prepared, plain: Any, codes: dict[str, Any], run: Any
) -> None:
    answer = prep.texts["answer"]
    if (
        len(prep.runs) < 2
        or all(code is None for _, code in prep.runs)  # nothing coloured (a mask is not)
        or _ESCAPED.search(answer)  # no colours around an « _xHHHH_ »
    ):
        # a rich string needs a coloured run: XlsxWriter drops one of plain runs only (it
        # warns and writes nothing: a blind grid lost an answer cut by « [candidat] »)
        write_text(ws, r, COL["answer"], answer, plain, run)
        return
    args: list[Any] = []
    for text, code in prep.runs:
        if code is not None:
            args.append(codes[code])
        args.append(text)
    ws.write_rich_string(r, COL["answer"], *args, plain)


def _validations(
    ws: Any, scales: list[tuple[int, Scale]], n_rows: int, guide: Guide, missing: Any
) -> None:
    lv, jc = col_letter(COL["level"]), col_letter(COL["justification"])
    first, last = FIRST_ROW, FIRST_ROW + n_rows - 1
    bounds = [start for start, _ in scales[1:]] + [n_rows]
    for (start, scale), end in zip(scales, bounds, strict=True):
        # one list validation per run of rows sharing a scale
        lo, hi = guide.scale_ranges[scale.id]
        ws.data_validation(
            first + start,
            COL["level"],
            first + end - 1,
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
