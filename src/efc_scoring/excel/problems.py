"""Problems found in returned grids: where (file, sheet, cell, offer, criterion), what, the fix.

The classes live in :mod:`efc_scoring.errors` with every other error; this
module keeps the names where the grid readers import them.
"""

from __future__ import annotations

from efc_scoring.errors import GRID_FAILURE_COLUMNS as FAILURE_COLUMNS
from efc_scoring.errors import GridError, GridProblem, UnsafeFileError

__all__ = ["FAILURE_COLUMNS", "GridError", "GridProblem", "UnsafeFileError"]
