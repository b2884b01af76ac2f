"""Offers as one table: a row per offer, a column per question.

Columns: ``id``, ``bidder``, ``lot``, ``price`` (total, optional), one column
per open question id holding the answer, and ``values.<key>`` columns for the
figures numeric criteria use. Works for ``.csv`` (UTF-8, comma, semicolon or tab,
read by :func:`efc_scoring.io._csv.read_csv`) and ``.xlsx`` (first sheet, header on
row 1). Prices and figures are passed as typed to the model, which reads them with
the one number parser of the library (:func:`efc_scoring.model._number.parse_number`):
a price of 0, ``1e3``, ``1_000`` or ``１２３４５`` is refused at its cell or line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from efc_scoring.errors import Problem

__all__ = ["read_offers_table"]

_FIXED = ("id", "bidder", "lot", "price")


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
        header, records = _xlsx_rows(path)
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
                        code="header",
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
                    code="row_length",
                )
            )
            continue
        offer: dict[str, Any] = {"answers": {}, "values": {}}
        where: dict[str, Any] = {"__line__": line}
        for col, (title, value) in enumerate(zip(header, row, strict=False)):
            ref = f"{name}!{_col_letter(col)}{line}" if path.suffix.lower() == ".xlsx" else None
            text = "" if value is None else str(value)
            if title in _FIXED:
                if title == "price":
                    if text.strip() == "":
                        continue
                    offer["price"] = value  # read by the model's number parser
                else:
                    offer[title] = text.strip()
                where[title] = ref
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


def _xlsx_rows(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else [])]
    return header, [(i, r) for i, r in enumerate(rows[1:], start=2)]


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
