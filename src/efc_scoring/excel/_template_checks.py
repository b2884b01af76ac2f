"""Checks of the template-owned cells of a returned grid: sheets, rows, weights, guide."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from efc_scoring.excel._template import (
    COL,
    COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    GUIDE_SHEET,
    HEADER_ROW,
    META_SHEET,
    canon,
    col_letter,
)
from efc_scoring.model.tender import Tender


def is_grid(ws: Any) -> bool:
    headers = [ws.cell(HEADER_ROW + 1, i + 1).value for i in range(len(COLUMNS))]
    return sum(h == c.header for h, c in zip(headers, COLUMNS, strict=True)) >= len(COLUMNS) // 2


def find_sheet(wb: Any, title: str, looks_right: Any, add: Any) -> Any:
    if title in wb.sheetnames:
        return wb[title]
    for ws in wb.worksheets:
        if ws.title != META_SHEET and looks_right(ws):
            add(
                "sheet_renamed",
                f"la feuille « {title} » a été renommée en « {ws.title} »",
                f"lui rendre son nom « {title} »",
                sheet=ws.title,
            )
            return ws
    return None


def compare_row(
    row: Any, cells: list[Any], guide: Any, r: int, add: Any, where: dict[str, str]
) -> None:
    headers = [c.header for c in COLUMNS]
    expected = {
        "lot": row.lot,
        "offer": row.offer_label,
        "criterion": row.criterion_label,
        "question": row.question,
        "answer": row.answer,
    }
    for key, value in expected.items():
        if canon(cells[COL[key]].value) != canon(value):
            add(
                "template_changed",
                f"cellule « {headers[COL[key]]} » modifiée",
                "remettre le texte d'origine (cellules grises)",
                cell=f"{col_letter(COL[key])}{r}",
                **where,
            )
    wr, wc = guide.weight_cells[row.criterion_id]
    formula = f"={GUIDE_SHEET}!${col_letter(wc)}${wr + 1}"
    if cells[COL["weight"]].value != formula:
        add(
            "weight_changed",
            f"poids modifié : {cells[COL['weight']].value!r} au lieu de la formule {formula}",
            "remettre la grille d'origine : les poids sont ceux du marché",
            cell=f"{col_letter(COL['weight'])}{r}",
            **where,
        )


def check_guide(tender: Tender, ws: Any, guide: Any, add: Any) -> list[tuple[str, str]]:
    if ws is None:
        add("guide_missing", "feuille « Consignes » introuvable", "renvoyer la grille générée")
        return []
    for cid, (r, c) in guide.weight_cells.items():
        value = ws.cell(r + 1, c + 1).value
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
    return [
        (cell.coordinate, canon(cell.value))
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None and canon(cell.value) != ""
    ]


def read_meta(wb: Any, tender: Tender, path: Path, add: Any) -> tuple[dict[str, str], str] | None:
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
    meta = {
        str(r[0]): ("" if r[1] is None else str(r[1]))
        for r in wb[META_SHEET].iter_rows(max_col=2, values_only=True)
        if r[0] is not None
    }
    if meta.get("format") != FORMAT:
        add(
            "not_a_grid",
            "ce classeur n'est pas une grille d'évaluation efc_scoring",
            sheet=META_SHEET,
        )
        return None
    if meta.get("format_version") != FORMAT_VERSION:
        add(
            "format_version",
            f"grille au format {meta.get('format_version')!r}, attendu {FORMAT_VERSION!r}",
            "régénérer les grilles avec cette version",
            sheet=META_SHEET,
        )
        return None
    if meta.get("tender_id") != tender.id:
        add(
            "wrong_tender",
            f"grille du marché {meta.get('tender_id')!r}, pas de {tender.id!r}",
            "vérifier le fichier renvoyé par l'évaluateur",
            sheet=META_SHEET,
        )
        return None
    evaluator = meta.get("evaluator_id", "")
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
