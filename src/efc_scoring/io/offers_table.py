"""Offers as one table: a row per offer, a column per question.

Columns: ``id``, ``bidder``, ``lot``, ``price`` (total, optional), ``siret``
(the bidder's, optional: the DECP export names the holder by it), one column
per open question id holding the answer, ``values.<key>`` columns for the
figures numeric criteria use, and ``trade_names`` (optional: the brands and
ranges the bidder declares, separated by « ; » or line breaks; never told to
another bidder, masked in blind grids). Works for ``.csv`` (UTF-8, comma,
semicolon or tab, read by :func:`efc_scoring.io._csv.read_csv`) and ``.xlsx``
(first sheet, header on row 1, read through the bounded preflight of returned
grids). Prices and figures are passed as typed to the model, which reads them
with the one number parser of the library
(:func:`efc_scoring.model._number.parse_number`): a price of 0, ``1e3``,
``1_000`` or ``１２３４５`` is refused at its cell or line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from efc_scoring.errors import ErrorCode, Problem

__all__ = ["read_offers_table"]

_FIXED = ("id", "bidder", "lot", "price", "siret")
#: The column of the trade names a bidder declares, separated by « ; » or line breaks.
TRADE_NAMES = "trade_names"


def read_offers_table(
    path: Path,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Problem]]:
    """Read offers from a CSV or XLSX table.

    Returns the offers as dicts, for each offer a map from field name to its
    cell (``offers.xlsx!D4``) or CSV line, and the problems found.
    """
    name = path.name
    problems: list[Problem] = []
    if path.suffix.lower() == ".xlsx":
        header, records, refused = _xlsx_rows(path)
        if refused:
            return [], [], refused
        for col in ("id", "bidder", "lot"):
            if col not in header:
                problems.append(
                    Problem(
                        name,
                        "",
                        f"l'en-tête n'a pas de colonne {col!r}",
                        "mettre id, bidder, lot, price, puis une colonne par identifiant de "
                        "question",
                        line=1,
                        code=ErrorCode.HEADER,
                    )
                )
    else:
        from efc_scoring.io._csv import read_csv

        table = read_csv(
            path,
            required=("id", "bidder", "lot"),
            numeric=lambda column: column == "price" or column.startswith("values."),
            name=name,
        )
        problems += table.problems
        header = list(table.header)
        records = [(r.line, list(r.fields)) for r in table.records]
    if any(p.code in ("header", "csv_syntax", "encoding", "too_large") for p in problems):
        return [], [], problems
    offers: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for line, row in records:
        if not any(str(v).strip() for v in row if v is not None):
            continue
        extra = [v for v in row[len(header) :] if v is not None and str(v).strip()]
        if extra:
            problems.append(
                Problem(
                    name,
                    "",
                    f"cette ligne a des cellules remplies au-delà de l'en-tête ({len(header)} "
                    "colonnes)",
                    "donner un titre de colonne à chaque cellule remplie ou vider ces cellules",
                    line=line,
                    code=ErrorCode.ROW_LENGTH,
                )
            )
            continue
        offer: dict[str, Any] = {"answers": {}, "values": {}}
        where: dict[str, Any] = {"__line__": line}
        for index, (title, value) in enumerate(zip(header, row, strict=False)):
            ref = f"{name}!{_col_letter(index)}{line}" if path.suffix.lower() == ".xlsx" else None
            text = "" if value is None else str(value)
            if title in _FIXED:
                if title in ("price", "siret") and text.strip() == "":
                    continue
                if title == "price":
                    offer["price"] = value  # read by the model's number parser
                else:
                    offer[title] = text.strip()
                where[title] = ref
            elif title == TRADE_NAMES:
                names = [n.strip() for n in re.split(r"[;\n]", text) if n.strip()]
                if names:
                    offer[TRADE_NAMES] = names
                where[TRADE_NAMES] = ref
            elif title.startswith("values."):
                if text.strip() == "":
                    continue
                key = title.removeprefix("values.")
                offer["values"][key] = value  # read by the model's number parser
                where[title] = ref
            elif title:
                if text.strip():
                    offer["answers"][title] = text
                where[f"answers.{title}"] = ref
        offers.append(offer)
        cells.append(where)
    return offers, cells, problems


def _xlsx_rows(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]], list[Problem]]:
    """The header and the rows of the first sheet, read as returned grids are.

    The workbook goes through the grids' bounded preflight
    (:func:`~efc_scoring.excel.inspect_workbook`: hostile parts, far cells and
    oversized tables refused before any parser, the file read once); then
    python-calamine reads the values of the checked bytes. A formula is read as
    its text (``=2*3``), never as a computed value.
    """
    from efc_scoring.excel._preflight import inspect_workbook
    from efc_scoring.excel._workbook import Unreadable, Workbook

    data, scan, refused = inspect_workbook(path, document="offers")
    if refused or data is None or scan is None:
        return [], [], list(refused)
    try:
        wb = Workbook(data, scan)
        try:
            if not wb.sheetnames:
                return [], [], [_unreadable(path, "le classeur n'a pas de feuille")]
            ws = wb[wb.sheetnames[0]]
            width = ws.scan.max_col
            rows = [
                [_cell(v) for v in ws.row(r, width)[0]]
                for r in range(1, max(ws.max_row, ws.scan.max_row) + 1)
            ]
        finally:
            wb.close()
    except Unreadable as exc:
        return [], [], [_unreadable(path, f"classeur illisible : {exc}")]
    header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else [])]
    return header, [(i, r) for i, r in enumerate(rows[1:], start=2)], []


def _cell(value: Any) -> Any:
    """A cell as typed: python-calamine reads every number as a float (``41250.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _unreadable(path: Path, message: str) -> Problem:
    return Problem(
        path.name, "", message, "enregistrer le tableau des offres en .xlsx", code="unreadable"
    )


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
