"""Input checks shared by the agreement statistics (private helpers)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from efc_scoring.errors import AgreementError


def preview(items: Any, limit: int = 5) -> str:
    """Short text listing of offending items for error messages."""
    items = list(items)
    shown = ", ".join(repr(item) for item in items[:limit])
    return shown + (f", ... ({len(items)} en tout)" if len(items) > limit else "")


def complete_table(data: Any, what: str, rows: str, columns: str) -> NDArray[np.float64]:
    """A finite 2-D float table with at least two rows and two columns, or a clear error."""
    try:
        table = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise AgreementError(
            f"{what} : les notes doivent être des nombres ; le tableau contient autre chose."
        ) from None
    if table.ndim != 2 or table.shape[0] < 2 or table.shape[1] < 2:
        raise AgreementError(
            f"{what} : il faut un tableau à deux dimensions d'au moins 2 {rows} x 2 {columns} "
            f"(lignes = {rows}, colonnes = {columns}) ; forme reçue : {np.shape(table)}."
        )
    holes = ~np.isfinite(table)
    if holes.any():
        row, column = np.nonzero(holes)
        cells = preview(zip(row.tolist(), column.tolist(), strict=True))
        raise AgreementError(
            f"{what} : le tableau doit être complet, or les cases (ligne, colonne) {cells} sont "
            f"vides ou infinies ; retirer ces {rows} ou {columns}, ou utiliser "
            "krippendorff_alpha, qui accepte les notes manquantes."
        )
    return table
