"""Read returned evaluation grids: safely, by key, reporting every mistake at once.

Each file is read once into memory and goes through the preflight
(:func:`~efc_scoring.excel._preflight.inspect_workbook`), a single bounded pass
over its bytes that refuses hostile files and collects what a value reader
does not report (formulas, error values, merged cells, protection). Only then
does python-calamine read the values, from the parts that were checked (stored
uncompressed in memory, inflated once): the file itself is never modified, and
never read twice. Rows are found by their hidden keys
(offer, criterion), never by position; the template cells are compared with
what the tender says, with the engine's proposals kept in the metadata sheet,
and with the SHA-256 (and the buyer's HMAC) kept there.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from efc_scoring.errors import ErrorCode
from efc_scoring.excel._grid_rows import Context, Marks, check_rows
from efc_scoring.excel._preflight import DEFAULT_LIMITS, Limits, WorkbookScan, inspect_workbook
from efc_scoring.excel._template import (
    DIGEST_META_KEYS,
    GRID_SHEET,
    GUIDE_SHEET,
    META_SHEET,
    TEMPLATE_KEYS,
    payload_digests,
)
from efc_scoring.excel._template_checks import (
    Expected,
    Meta,
    check_guide,
    find_sheet,
    is_grid,
    read_meta,
)
from efc_scoring.excel._workbook import Unreadable, Workbook, collector_paused
from efc_scoring.excel._xmlscan import shared_formulas
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
_PROPOSED, _PROPOSED_WHY = TEMPLATE_KEYS.index("proposed"), TEMPLATE_KEYS.index("proposed_why")
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

    problems: list[GridProblem] = []
    marks = Marks()
    owners: dict[str, str] = {}
    workbooks = [Path(p) for p in paths]
    expected = Expected(tender)
    # the grids of one tender hold the same formulas; their rows are many short-lived lists
    with shared_formulas(), collector_paused():
        for path in workbooks:
            data, scan, refused = inspect_workbook(path, limits)
            if refused or data is None or scan is None:
                problems += refused
                continue
            evaluator, found = _read_one(expected, path, data, scan, key, marks)
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
                            code=ErrorCode.DUPLICATE_EVALUATOR,
                            sheet=META_SHEET,
                        )
                    )
                owners.setdefault(evaluator, path.name)
    if problems:
        files = len({p.file for p in problems})
        raise GridError(
            problems,
            summary=f"{len(problems)} problème(s) dans {files} grille(s) sur {len(workbooks)}",
        )
    return pd.DataFrame(
        {c: marks.columns.get(c, []) for c in MARK_COLUMNS}, columns=list(MARK_COLUMNS)
    )


def _read_one(
    expected: Expected,
    path: Path,
    data: bytes,
    scan: WorkbookScan,
    key: bytes | str | None,
    marks: Marks,
) -> tuple[str | None, list[GridProblem]]:
    add = _Problems(path.name)
    mine = Marks()
    try:
        wb = Workbook(data, scan)
        try:
            evaluator = _check(expected, path, wb, key, mine, add)
        finally:
            wb.close()
    except Unreadable as exc:
        add("unreadable", f"classeur illisible : {exc}", "renvoyer la grille générée")
        return None, add.found
    for name, values in mine.columns.items():
        marks.columns.setdefault(name, []).extend(values)
    return evaluator, add.found


class _Problems:
    """Collects the problems of one file (called as ``add(code, message, fix, ...)``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: list[GridProblem] = []

    def __call__(
        self,
        code: str,
        message: str,
        fix: str = "",
        sheet: str = "",
        cell: str | None = None,
        offer: str = "",
        criterion: str = "",
    ) -> None:
        self.found.append(
            GridProblem(
                self.name,
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


def _check(
    expected: Expected,
    path: Path,
    wb: Workbook,
    key: bytes | str | None,
    marks: Marks,
    add: _Problems,
) -> str | None:
    tender = expected.tender
    found = read_meta(wb, tender, path, add)
    if found is None:
        return None
    meta, evaluator = found
    blind = meta.values.get("blind") == "1"
    ws = find_sheet(wb, meta.values.get("grid_sheet", GRID_SHEET), is_grid, add)
    guide_ws = find_sheet(
        wb,
        GUIDE_SHEET,
        lambda s: s.title != META_SHEET and s is not ws and not is_grid(s),
        add,
    )
    if ws is None:
        add("grid_missing", "feuille « Grille » introuvable", "renvoyer la grille générée")
        return evaluator
    for sheet in (ws, guide_ws):
        if sheet is not None and not sheet.protected:
            add(
                "protection_removed",
                f"la protection de la feuille « {sheet.title} » a été retirée",
                "remplir la grille d'origine sans ôter la protection",
                sheet=sheet.title,
            )
    grid = ws.title
    for merged in ws.merged:
        add(
            "merged_cells",
            f"cellules fusionnées {merged}",
            "annuler la fusion (Accueil > "
            "Fusionner) : chaque ligne doit garder ses propres cellules",
            sheet=grid,
            cell=merged,
        )
    # merged cells hide their values: read them as they are, after reporting the merge
    ctx = Context(
        evaluator,
        str(path),
        grid,
        wb.modified.isoformat() if wb.modified else None,
        meta,
    )
    rows = check_rows(ws, expected, blind, ctx, marks, add)
    guide_entries = check_guide(tender, guide_ws, expected.guide(blind), add)
    _check_digests(meta, rows, guide_entries, key, grid, add)
    return evaluator


def _check_digests(
    meta: Meta,
    rows: bytes,
    guide_entries: list[tuple[str, str]],
    key: bytes | str | None,
    grid: str,
    add: _Problems,
) -> None:
    """The SHA-256 of the template cells, and the buyer's HMAC when the grid is signed."""
    values = meta.values
    fixed = {k: values.get(k, "") for k in DIGEST_META_KEYS}
    stored = values.get("template_hmac_sha256")
    sha, mac = payload_digests(fixed, rows, guide_entries, key if stored else None)
    structural = any(p.code in _STRUCTURAL for p in add.found)
    if sha != values.get("template_sha256") and not structural:
        add(
            "template_hash",
            "le contenu de la grille (réponses, niveaux proposés, critères ou "
            "consignes) ne correspond plus à celui envoyé (empreinte SHA-256 différente)",
            "remplir la grille d'origine sans modifier les cellules grises",
            sheet=grid,
        )
    if key is None:
        if stored:
            add(
                "hmac_unverified",
                "grille signée par l'acheteur (HMAC) lue sans sa clé : sa signature n'est pas "
                "vérifiée, et l'empreinte SHA-256 seule ne prouve rien (chacun peut la recalculer)",
                "fournir la clé de l'acheteur : --key-file FICHIER ou --key-env VARIABLE en ligne "
                "de commande, read_grids(..., key=...) en Python",
                sheet=META_SHEET,
            )
    elif not stored:
        add(
            "hmac_missing",
            "grille sans signature (HMAC) alors qu'une clé est fournie",
            "renvoyer la grille générée avec la clé de l'acheteur",
            sheet=META_SHEET,
        )
    elif mac is None or not hmac.compare_digest(mac, stored):
        add(
            "hmac_mismatch",
            "la signature (HMAC) de la grille ne correspond pas à son contenu",
            "la grille a été modifiée ou ne vient pas de l'acheteur",
            sheet=META_SHEET,
        )
