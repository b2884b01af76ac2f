"""Offers as one table: a row per offer, a column per question.

Columns: ``id``, ``bidder``, ``lot``, ``price`` (total, optional), one column
per open question id holding the answer, and ``values.<key>`` columns for the
figures numeric criteria use. Works for ``.csv`` (UTF-8, comma or semicolon)
and ``.xlsx`` (first sheet, header on row 1).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
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
    if path.suffix.lower() == ".xlsx":
        header, records = _xlsx_rows(path)
    else:
        text = path.read_text(encoding="utf-8-sig")
        first = text.splitlines()[0] if text else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header, records = _csv_rows(text, delimiter)
    problems: list[Problem] = []
    for col in ("id", "bidder", "lot"):
        if col not in header:
            problems.append(
                Problem(
                    name,
                    "",
                    f"l'en-tête n'a pas de colonne {col!r}",
                    "mettre id, bidder, lot, price, puis une colonne par identifiant de question",
                    line=1,
                    code="header",
                )
            )
    if problems:
        return [], [], problems
    offers: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    for line, row in records:
        if not any(str(v).strip() for v in row if v is not None):
            continue
        extra = [v for v in row[len(header) :] if v is not None and str(v).strip()]
        if (len(row) < len(header) and path.suffix.lower() != ".xlsx") or extra:
            problems.append(
                Problem(
                    name,
                    "",
                    f"cette ligne a {len(row)} cellules mais l'en-tête en a {len(header)}"
                    + (
                        " (virgule décimale sans guillemets ou séparateur en trop ?)"
                        if extra
                        else ""
                    ),
                    "mettre entre guillemets les textes qui contiennent des virgules ou des "
                    "retours à la ligne, et écrire les prix avec un point",
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
                    number = _decimal(value)
                    if number is None:
                        problems.append(
                            Problem(
                                name,
                                "price",
                                f"le prix {text!r} n'est pas un nombre",
                                "écrire le prix total avec un point et sans symbole monétaire",
                                line=line,
                                cell=ref,
                                code="value",
                            )
                        )
                        continue
                    offer["price"] = number
                else:
                    offer[title] = text.strip()
                where[title] = ref
            elif title.startswith("values."):
                if text.strip() == "":
                    continue
                number = _decimal(value)
                key = title.removeprefix("values.")
                if number is None:
                    problems.append(
                        Problem(
                            name,
                            title,
                            f"la valeur {text!r} n'est pas un nombre",
                            "écrire un nombre simple avec un point",
                            line=line,
                            cell=ref,
                            code="value",
                        )
                    )
                    continue
                offer["values"][key] = number
                where["values"] = ref
            elif title:
                if text.strip():
                    offer["answers"][title] = text
                where["answers"] = ref
        offers.append(offer)
        cells.append(where)
    return offers, cells, problems


def _csv_rows(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Rows of a CSV text with the physical line each starts on (quoted texts span lines)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    records: list[tuple[int, list[Any]]] = []
    start = 1
    for row in reader:
        if not header:
            header = [h.strip() for h in row]
        else:
            records.append((start, row))
        start = reader.line_num + 1
    return header, records


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        text = str(value).strip()
        return Decimal(text) if text and "," not in text else None
    except InvalidOperation:
        return None


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
