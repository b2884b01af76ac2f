"""Read returned evaluation grids: safely, by key, reporting every mistake at once.

Each file first goes through :func:`~efc_scoring.excel.preflight.preflight`;
then openpyxl (with defusedxml, checked active) reads a copy of its bytes, so
the file itself is never modified. Rows are found by their hidden keys (offer,
criterion), never by position; the template cells are compared with what the
tender says and with the SHA-256 kept in the metadata sheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from efc_scoring.excel._checks import Finding, read_justification, read_level
from efc_scoring.excel._template import (
    COL,
    COLUMNS,
    FIRST_ROW,
    GRID_SHEET,
    GUIDE_SHEET,
    META_SHEET,
    TEMPLATE_KEYS,
    canon,
    col_letter,
    digest_payload,
    grid_rows,
    guide_layout,
    hmac_sha256,
    sha256,
)
from efc_scoring.excel._template_checks import (
    check_guide,
    compare_row,
    find_sheet,
    is_grid,
    read_meta,
)
from efc_scoring.excel.preflight import DEFAULT_LIMITS, Limits, check_defusedxml, preflight_problems
from efc_scoring.excel.problems import GridError, GridProblem
from efc_scoring.model.tender import Tender

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MARK_COLUMNS", "read_grids"]

MARK_COLUMNS = (
    "evaluator",
    "offer",
    "criterion",
    "value",
    "justification",
    "timestamp",
    "file",
    "sheet",
    "cell",
    "justification_cell",
)
_STRUCTURAL = {
    "template_changed",
    "weight_changed",
    "missing_row",
    "unknown_row",
    "duplicate_row",
    "columns_changed",
    "inserted_row",
}


def read_grids(
    tender: Tender,
    paths: Iterable[str | Path],
    *,
    key: bytes | str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> pd.DataFrame:
    """Read the marks of returned grids; raise one error listing every problem of every file.

    Parameters
    ----------
    tender
        The tender the grids were generated for.
    paths
        The returned ``.xlsx`` grids (one per evaluator).
    key
        The buyer's secret given to :func:`~efc_scoring.excel.grids.write_grids`:
        the HMAC of each grid is then checked.
    limits
        Budgets of the preflight (file size, parts, ratio, used range).

    Returns
    -------
    pandas.DataFrame
        One row per mark: evaluator, offer, criterion, value (``Decimal``),
        justification, timestamp (when the file was last saved), file, sheet,
        cell (of the level) and justification_cell.

    Raises
    ------
    GridError
        With ``problems`` and ``failure_cases`` (file, sheet, cell, offer,
        criterion, code, message, fix) for every problem of every file.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from efc_scoring import load_tender, sample_path
    >>> from efc_scoring.excel.grids import write_grids
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> [path] = write_grids(tender, tempfile.mkdtemp(), evaluators=["agente"], propose=False)
    >>> wb = openpyxl.load_workbook(path)
    >>> for row in wb["Grille"].iter_rows(min_row=5):
    ...     row[9].value, row[10].value = 3, "Réponse correcte."
    >>> wb.save(path)
    >>> marks = read_grids(tender, [path])
    >>> len(marks), str(marks["value"].iloc[0])
    (20, '3')
    """
    import pandas as pd

    check_defusedxml()
    problems: list[GridProblem] = []
    records: list[dict[str, Any]] = []
    owners: dict[str, str] = {}
    paths = [Path(p) for p in paths]
    for path in paths:
        refused = preflight_problems(path, limits)
        if refused:
            problems += refused
            continue
        evaluator, marks, found = _read_one(tender, path, key)
        problems += found
        if evaluator is not None:
            if evaluator in owners:
                problems.append(
                    GridProblem(
                        path.name,
                        "",
                        f"une autre grille de l'évaluateur {evaluator!r} a déjà été lue "
                        f"({owners[evaluator]})",
                        "ne fournir qu'une grille par évaluateur",
                        code="duplicate_evaluator",
                        sheet=META_SHEET,
                    )
                )
            owners.setdefault(evaluator, path.name)
        records += marks
    if problems:
        files = len({p.file for p in problems})
        raise GridError(
            problems, summary=f"{len(problems)} problème(s) dans {files} grille(s) sur {len(paths)}"
        )
    return pd.DataFrame(records, columns=list(MARK_COLUMNS))


def _read_one(
    tender: Tender, path: Path, key: bytes | str | None
) -> tuple[str | None, list[dict[str, Any]], list[GridProblem]]:
    import openpyxl

    name = path.name
    try:
        wb = openpyxl.load_workbook(
            io.BytesIO(path.read_bytes()), data_only=False, rich_text=False, keep_links=False
        )
    except Exception as exc:
        return (
            None,
            [],
            [
                GridProblem(
                    name,
                    "",
                    f"classeur illisible : {type(exc).__name__}: {exc}"[:300],
                    "renvoyer la grille générée",
                    code="unreadable",
                )
            ],
        )
    out: list[GridProblem] = []

    def add(
        code: str,
        message: str,
        fix: str = "",
        sheet: str = "",
        cell: str | None = None,
        offer: str = "",
        criterion: str = "",
    ) -> None:
        out.append(
            GridProblem(
                name,
                "",
                message,
                fix,
                cell=cell,
                code=code,
                sheet=sheet,
                offer=offer,
                criterion=criterion,
            )
        )

    found = read_meta(wb, tender, path, add)
    if found is None:
        return None, [], out
    meta, evaluator = found
    blind = meta.get("blind") == "1"
    ws = find_sheet(wb, meta.get("grid_sheet", GRID_SHEET), is_grid, add)
    guide_ws = find_sheet(
        wb,
        GUIDE_SHEET,
        lambda s: s.title not in (META_SHEET,) and s is not ws and not is_grid(s),
        add,
    )
    if ws is None:
        add("grid_missing", "feuille « Grille » introuvable", "renvoyer la grille générée")
        return evaluator, [], out
    for sheet in (ws, guide_ws):
        if sheet is not None and not sheet.protection.sheet:
            add(
                "protection_removed",
                f"la protection de la feuille « {sheet.title} » a été retirée",
                "remplir la grille d'origine sans ôter la protection",
                sheet=sheet.title,
            )
    grid = ws.title
    expected = {(r.offer_key, r.criterion_id): r for r in grid_rows(tender, blind)}
    guide = guide_layout(tender, tender.evaluator(evaluator), blind)
    modified = wb.properties.modified.isoformat() if wb.properties.modified else None
    keys_of: dict[int, tuple[str, str]] = {}
    for merged in ws.merged_cells.ranges:
        add(
            "merged_cells",
            f"cellules fusionnées {merged.coord}",
            "annuler la fusion (Accueil > "
            "Fusionner) : chaque ligne doit garder ses propres cellules",
            sheet=grid,
            cell=merged.coord,
        )
    # merged cells hide their values: read them as they are, after reporting the merge
    marks: list[dict[str, Any]] = []
    rows: list[list[str]] = []
    seen: dict[tuple[str, str], int] = {}
    for r in range(FIRST_ROW + 1, ws.max_row + 1):
        cells = [ws.cell(r, c + 1) for c in range(len(COLUMNS))]
        okey, ckey = cells[COL["offer_key"]].value, cells[COL["criterion_key"]].value
        if okey is None and ckey is None:
            if any(c.value not in (None, "") for c in cells):
                add(
                    "inserted_row",
                    f"ligne {r} ajoutée dans la grille (sans clé)",
                    "supprimer cette ligne : la grille n'accepte que ses propres lignes",
                    sheet=grid,
                    cell=f"A{r}",
                )
            continue
        k = (str(okey), str(ckey))
        row = expected.get(k)
        if row is None:
            add(
                "unknown_row",
                f"ligne {r} : clé inconnue {k}",
                "renvoyer la grille générée",
                sheet=grid,
                cell=f"A{r}",
            )
            continue
        where = {"sheet": grid, "offer": row.offer_id, "criterion": row.criterion_id}
        if k in seen:
            add(
                "duplicate_row",
                f"ligne {r} : copie de la ligne {seen[k]}",
                "supprimer la copie",
                cell=f"A{r}",
                **where,
            )
            continue
        seen[k] = r
        keys_of[r] = k
        rows.append([canon(cells[COL[c]].value) for c in TEMPLATE_KEYS])
        compare_row(row, cells, guide, r, add, where)
        level = read_level(cells[COL["level"]], row.scale)
        why = read_justification(cells[COL["justification"]])
        lv_cell, jc_cell = (
            f"{col_letter(COL['level'])}{r}",
            f"{col_letter(COL['justification'])}{r}",
        )
        if isinstance(level, Finding):
            add(level.code, level.message, level.fix, cell=lv_cell, **where)
        if isinstance(why, Finding):
            add(why.code, why.message, why.fix, cell=jc_cell, **where)
        elif why is None and not (isinstance(level, Finding) and level.code == "blank"):
            add(
                "missing_justification",
                "niveau sans justification",
                "écrire pourquoi l'offre mérite ce niveau : la justification est obligatoire",
                cell=jc_cell,
                **where,
            )
        if isinstance(level, Decimal) and isinstance(why, str):
            marks.append(
                {
                    "evaluator": evaluator,
                    "offer": row.offer_id,
                    "criterion": row.criterion_id,
                    "value": level,
                    "justification": why,
                    "timestamp": modified,
                    "file": str(path),
                    "sheet": grid,
                    "cell": lv_cell,
                    "justification_cell": jc_cell,
                }
            )
    for k, row in expected.items():
        if k not in seen:
            add(
                "missing_row",
                "ligne absente de la grille (supprimée ?)",
                "renvoyer la grille complète",
                sheet=grid,
                offer=row.offer_id,
                criterion=row.criterion_id,
            )
    guide_entries = check_guide(tender, guide_ws, guide, add)
    payload = digest_payload(
        {
            k: meta.get(k, "")
            for k in (
                "format",
                "format_version",
                "tender_id",
                "evaluator_id",
                "blind",
                "grid_sheet",
            )
        },
        rows,
        guide_entries,
    )
    structural = any(p.code in _STRUCTURAL for p in out)
    if sha256(payload) != meta.get("template_sha256") and not structural:
        add(
            "template_hash",
            "le contenu de la grille (réponses, niveaux proposés, critères ou "
            "consignes) ne correspond plus à celui envoyé (empreinte SHA-256 différente)",
            "remplir la grille d'origine sans modifier les cellules grises",
            sheet=grid,
        )
    if key is not None:
        stored = meta.get("template_hmac_sha256")
        if not stored:
            add(
                "hmac_missing",
                "grille sans signature (HMAC) alors qu'une clé est fournie",
                "renvoyer la grille générée avec la clé de l'acheteur",
                sheet=META_SHEET,
            )
        elif hmac_sha256(key, payload) != stored:
            add(
                "hmac_mismatch",
                "la signature (HMAC) de la grille ne correspond pas à son contenu",
                "la grille a été modifiée ou ne vient pas de l'acheteur",
                sheet=META_SHEET,
            )
    return evaluator, marks, out
