"""Checks of the template-owned cells of a returned grid: sheets, rows, weights, guide.

What the reader expects is built once per call (:class:`Expected`): the rows of
a grid and their canonical texts, the weight formulas and the guide's
positions, for sighted and blind grids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from efc_scoring.excel._checks import Levels
from efc_scoring.excel._template import (
    COL,
    COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    PROPOSAL_KEY,
    TEMPLATE_KEYS,
    GridRow,
    Guide,
    canon,
    canon_as_is,
    col_letter,
    grid_rows,
    guide_layout,
)
from efc_scoring.excel._workbook import Sheet, Workbook
from efc_scoring.model.tender import Tender

#: Positions, in a row's digest entry (TEMPLATE_KEYS order), of the cells compared one by one.
_COMPARED = tuple(
    (i, COL[k])
    for i, k in enumerate(TEMPLATE_KEYS)
    if k in ("lot", "offer", "criterion", "question", "answer")
)
TEMPLATE_COLUMNS = tuple(COL[k] for k in TEMPLATE_KEYS)
_HEADERS = [c.header for c in COLUMNS]


class ExpectedRow(NamedTuple):
    """A grid row as written: its model, canonical template texts and weight formula."""

    row: GridRow
    entry: tuple[str, ...]  # canon of each TEMPLATE_KEYS cell, as the writer hashed it
    formula: str
    levels: Levels

    @property
    def key(self) -> tuple[str, str]:
        return self.entry[0], self.entry[1]


class Expected:
    """What the grids of a tender hold, computed once per :func:`read_grids` call."""

    def __init__(self, tender: Tender) -> None:
        self.tender = tender
        self._rows: dict[bool, dict[tuple[str, str], ExpectedRow]] = {}
        self._guides: dict[bool, Guide] = {}
        self._columns: dict[bool, dict[int, tuple[Any, ...]]] = {}
        #: Fingerprints of proposed justifications, by canonical text (the same in every grid).
        self.fingerprints: dict[str, str] = {}
        #: The rows' part of the digest payload of grids returned as written, by proposals.
        self.rows_json: dict[tuple[Any, ...], bytes] = {}
        #: The rows of grids returned as written, with their marks' fixed columns (by blind).
        self.bulk_rows: dict[bool, Any] = {}

    def ordered(self, blind: bool) -> list[ExpectedRow]:
        """The rows in the order they were written."""
        return list(self.rows(blind).values())

    def keys(self, blind: bool) -> list[tuple[str, str]]:
        """The rows' keys (offer key, criterion), in the order they were written."""
        return list(self.rows(blind))

    def columns(self, blind: bool) -> dict[int, tuple[Any, ...]]:
        """Each template column as written (the weight column: its formulas)."""
        if blind not in self._columns:
            order = self.ordered(blind)
            out: dict[int, tuple[Any, ...]] = {
                COL[k]: tuple(e.entry[i] for e in order)
                for i, k in enumerate(TEMPLATE_KEYS)
                if k not in ("proposed", "proposed_why", "weight")
            }
            out[COL["weight"]] = tuple(e.formula for e in order)
            self._columns[blind] = out
        return self._columns[blind]

    def guide(self, blind: bool) -> Guide:
        """The guide sheet's layout (positions do not depend on the evaluator)."""
        if blind not in self._guides:
            self._guides[blind] = guide_layout(self.tender, self.tender.evaluators[0], blind)
        return self._guides[blind]

    def rows(self, blind: bool) -> dict[tuple[str, str], ExpectedRow]:
        if blind not in self._rows:
            guide = self.guide(blind)
            out = {}
            levels: dict[str, Levels] = {}
            formulas: dict[str, str] = {}
            for row in grid_rows(self.tender, blind):
                formula = formulas.get(row.criterion_id)
                if formula is None:
                    wr, wc = guide.weight_cells[row.criterion_id]
                    formula = formulas[row.criterion_id] = (
                        f"={GUIDE_SHEET}!${col_letter(wc)}${wr + 1}"
                    )
                entry = tuple(map(canon, _template_cells(row, formula)))
                if row.scale.id not in levels:
                    levels[row.scale.id] = Levels.of(row.scale)
                out[(entry[0], entry[1])] = ExpectedRow(row, entry, formula, levels[row.scale.id])
            self._rows[blind] = out
        return self._rows[blind]


def _template_cells(row: GridRow, formula: str) -> tuple[Any, ...]:
    """The template cells of a row as written, in TEMPLATE_KEYS order (no proposal: the
    metadata sheet holds the proposals, compared on their own). A wrong order changes
    every digest: every read of a grid then fails its SHA-256 (the tests read grids)."""
    return (
        row.offer_key,
        row.criterion_id,
        row.lot,
        row.offer_label,
        row.criterion_label,
        row.question,
        row.answer,
        None,
        None,
        formula,
    )


def is_grid(ws: Sheet) -> bool:
    headers, _ = ws.row(HEADER_ROW + 1, len(COLUMNS))
    return sum(h == c.header for h, c in zip(headers, COLUMNS, strict=True)) >= len(COLUMNS) // 2


def find_sheet(wb: Workbook, title: str, looks_right: Any, add: Any) -> Sheet | None:
    if title in wb.sheetnames:
        return wb[title]
    for name in wb.sheetnames:
        if name == META_SHEET:
            continue
        ws = wb[name]
        if looks_right(ws):
            add(
                "sheet_renamed",
                f"la feuille « {title} » a été renommée en « {ws.title} »",
                f"lui rendre son nom « {title} »",
                sheet=ws.title,
            )
            return ws
    return None


def compare_row(
    expected: ExpectedRow, entry: list[str], weight: Any, r: int, add: Any, where: dict[str, str]
) -> None:
    """Report each template cell of row ``r`` that differs from what was written."""
    for i, col in _COMPARED:
        if entry[i] != expected.entry[i]:
            add(
                "template_changed",
                f"cellule « {_HEADERS[col]} » modifiée",
                "remettre le texte d'origine (cellules grises)",
                cell=f"{col_letter(col)}{r}",
                **where,
            )
    if weight != expected.formula:
        add(
            "weight_changed",
            f"poids modifié : {weight!r} au lieu de la formule {expected.formula}",
            "remettre la grille d'origine : les poids sont ceux du marché",
            cell=f"{col_letter(COL['weight'])}{r}",
            **where,
        )


def check_guide(tender: Tender, ws: Sheet | None, guide: Guide, add: Any) -> list[tuple[str, str]]:
    if ws is None:
        add("guide_missing", "feuille « Consignes » introuvable", "renvoyer la grille générée")
        return []
    for cid, (r, c) in guide.weight_cells.items():
        value = ws.value(r + 1, c + 1)
        weight = tender.criterion(cid).weight
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or Decimal(repr(value)) != weight
        ):
            add(
                "weight_changed",
                f"poids du critère {cid} modifié : {value!r} au lieu de "
                f"{format(weight.normalize(), 'f')}",
                "les poids sont ceux du marché",
                sheet=ws.title,
                cell=f"{col_letter(c)}{r + 1}",
                criterion=cid,
            )
    out = []
    for coordinate, value in ws.values():
        text = canon(value)
        if text != "":
            out.append((coordinate, text))
    return out


@dataclass
class Meta:
    """The hidden metadata sheet: its key/value pairs and the proposals' fingerprints."""

    values: dict[str, str]
    proposals: dict[tuple[str, str], tuple[str, str]]  # (offer key, criterion) -> (level, why hash)


def read_meta(wb: Workbook, tender: Tender, path: Path, add: Any) -> tuple[Meta, str] | None:
    """The metadata of a grid and its evaluator id; None (with the problem added) when the
    workbook is not a grid of this tender, of this format, for a known evaluator."""
    name = path.name
    if META_SHEET not in wb.sheetnames:
        add(
            "not_a_grid",
            "ce classeur n'est pas une grille générée par efc_scoring (feuille de "
            "métadonnées absente)",
            "partir de la grille envoyée par l'acheteur",
        )
        return None
    ws = wb[META_SHEET]
    values: dict[str, str] = {}
    proposals: dict[tuple[str, str], tuple[str, str]] = {}
    rows = ws.raw_rows()
    pairs: Any
    as_is = False
    if ws.scan.formulas or ws.scan.errors:
        pairs = ((ws.value(r, 1), ws.value(r, 2)) for r in range(1, len(rows) + 1))
    elif rows and len(rows[0]) >= 2:  # the usual case: values as they are, two columns
        pairs = ((row[0], row[1]) for row in rows)
        keys = [row[0] for row in rows]
        as_is = canon_as_is(keys)  # the usual keys: canon() leaves them as they are
    else:
        pairs = ((row[0] if row else None, None) for row in rows)
    for key, cell in pairs:
        if key is None or key == "":
            continue
        name = key if key.__class__ is str else str(key)
        value = cell if cell.__class__ is str else "" if cell is None else str(cell)
        if "|" in value and name.startswith(PROPOSAL_KEY):
            parts = name.split(" ")
            if len(parts) != 3:
                parts = [*parts, "", ""][:3]
            level, _, why = value.rpartition("|")
            if as_is:
                proposals[(parts[1], parts[2])] = (level, why)
            else:
                proposals[(canon(parts[1]), canon(parts[2]))] = (level, why)
        else:
            values[name] = value
    meta = Meta(values, proposals)
    if values.get("format") != FORMAT:
        add(
            "not_a_grid",
            "ce classeur n'est pas une grille d'évaluation efc_scoring",
            sheet=META_SHEET,
        )
        return None
    if values.get("format_version") != FORMAT_VERSION:
        add(
            "format_version",
            f"grille au format {values.get('format_version')!r}, attendu {FORMAT_VERSION!r}",
            "régénérer les grilles avec cette version",
            sheet=META_SHEET,
        )
        return None
    if values.get("tender_id") != tender.id:
        add(
            "wrong_tender",
            f"grille du marché {values.get('tender_id')!r}, pas de {tender.id!r}",
            "vérifier le fichier renvoyé par l'évaluateur",
            sheet=META_SHEET,
        )
        return None
    evaluator = values.get("evaluator_id", "")
    if evaluator not in {e.id for e in tender.evaluators}:
        add(
            "unknown_evaluator",
            f"évaluateur {evaluator!r} inconnu du marché",
            "vérifier le fichier ou la liste des évaluateurs",
            sheet=META_SHEET,
        )
        return None
    stem = re.fullmatch(r"grille-(.+?)(?: \(\d+\))?", path.stem)
    named = stem.group(1) if stem else None
    if named is not None and named != evaluator and named in {e.id for e in tender.evaluators}:
        add(
            "wrong_evaluator",
            f"le fichier {name} contient la grille de {evaluator!r}, pas de {named!r}",
            "demander à l'évaluateur sa propre grille",
            sheet=META_SHEET,
        )
    return meta, evaluator
