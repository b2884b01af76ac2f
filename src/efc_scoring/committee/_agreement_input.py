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
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def complete_table(data: Any, what: str, rows: str, columns: str) -> NDArray[np.float64]:
    """A finite 2-D float table with at least two rows and two columns, or a clear error."""
    try:
        table = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise AgreementError(
            f"{what} needs numeric scores; data contain non-numeric values."
        ) from None
    if table.ndim != 2 or table.shape[0] < 2 or table.shape[1] < 2:
        raise AgreementError(
            f"{what} needs a 2-D table of at least 2 {rows} x 2 {columns} "
            f"(rows = {rows}, columns = {columns}); got shape {np.shape(table)}."
        )
    holes = ~np.isfinite(table)
    if holes.any():
        row, column = np.nonzero(holes)
        cells = preview(zip(row.tolist(), column.tolist(), strict=True))
        raise AgreementError(
            f"{what} needs a complete table, but (row, column) {cells} are missing or "
            f"infinite; drop those {rows} or {columns}, or use krippendorff_alpha, which "
            "accepts missing marks."
        )
    return table
