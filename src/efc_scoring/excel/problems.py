"""Problems found in returned grids: where (file, sheet, cell, offer, criterion), what, the fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from efc_scoring.errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FAILURE_COLUMNS", "GridError", "GridProblem", "UnsafeFileError"]

FAILURE_COLUMNS = ("file", "sheet", "cell", "offer", "criterion", "code", "message", "fix")


@dataclass(frozen=True)
class GridProblem(Problem):
    """A :class:`~efc_scoring.errors.Problem` located in a workbook.

    ``cell`` is a coordinate of ``sheet`` (``J7``); ``offer`` and ``criterion``
    are the ids of the grid row, when the problem is in a row.

    Examples
    --------
    >>> p = GridProblem("grille-E1.xlsx", "", "« 4,5 » : virgule décimale", "écrire 4 ou 5",
    ...                 cell="J7", code="decimal_comma", sheet="Grille", offer="O2",
    ...                 criterion="env")
    >>> str(p).splitlines()[0]
    'grille-E1.xlsx [Grille!J7] (offre O2, critère env): « 4,5 » : virgule décimale'
    """

    sheet: str = ""
    offer: str = ""
    criterion: str = ""

    def __str__(self) -> str:
        where = self.file or "<classeur>"
        if self.cell or self.sheet:
            sheet = self.sheet + "!" if self.sheet and self.cell else self.sheet
            where += f" [{sheet}{self.cell or ''}]"
        if self.offer or self.criterion:
            where += f" (offre {self.offer or '?'}, critère {self.criterion or '?'})"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f"\n    → {self.fix}"
        return text


class GridError(InputError):
    """Returned grids hold mistakes; ``problems`` lists all of them, of all files.

    ``failure_cases`` is a DataFrame with the columns file, sheet, cell, offer,
    criterion, code, message and fix.
    """

    @property
    def failure_cases(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [{c: (getattr(p, c, "") or "") for c in FAILURE_COLUMNS} for p in self.problems],
            columns=list(FAILURE_COLUMNS),
        )


class UnsafeFileError(GridError):
    """A file is refused before any parser reads it (hostile, macro-enabled, encrypted...)."""
