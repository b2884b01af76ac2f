"""A returned workbook as the grid checks see it: values from python-calamine, the rest
from the preflight's scan.

python-calamine reads cell values fast, but reports a formula cell by its stored
result (or nothing) and an error value as an empty cell. The preflight's scan
(:class:`~efc_scoring.excel._preflight.WorkbookScan`) has the formulas, the error
values, the merged cells and the protection of every sheet; :class:`Sheet`
lays them over the values, so that a cell reads as openpyxl would read it
(``"=2+2"`` with type ``f``, ``"#N/A"`` with type ``e``).

Only bytes that passed the preflight are ever given to python-calamine: it
aborts the whole process on a far cell or an oversized table, which the
preflight refuses.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NamedTuple

from efc_scoring.excel._preflight import WorkbookScan
from efc_scoring.excel._xmlscan import SheetScan, col_letters


class Unreadable(Exception):
    """python-calamine could not read checked bytes (malformed XML, a missing part...)."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(f"{type(exc).__name__}: {exc}"[:300])


class Cell(NamedTuple):
    """A cell's value and type: ``f`` formula, ``e`` error value, ``n`` anything else."""

    value: Any
    data_type: str = "n"


_NONE: dict[int, Cell] = {}
_GRID_WIDTH = 13  # columns of the grid sheet (A:M)


class Sheet:
    """One worksheet; rows and columns are 1-based, as in a spreadsheet."""

    def __init__(self, title: str, rows: list[list[Any]], scan: SheetScan) -> None:
        self.title = title
        self._rows = rows
        self.scan = scan
        self.max_row = len(rows)
        self.protected = scan.protected
        self.merged = scan.merged
        self._by_row: dict[int, dict[int, Cell]] | None = None

    @property
    def _special(self) -> dict[int, dict[int, Cell]]:
        """Formula and error cells by row, then column (built on first use)."""
        if self._by_row is None:
            by_row: dict[int, dict[int, Cell]] = {}
            for (r, c), text in self.scan.errors.items():
                by_row.setdefault(r, {})[c] = Cell(text, "e")
            for (r, c), text in self.scan.formulas.items():
                by_row.setdefault(r, {})[c] = Cell(text, "f")
            self._by_row = by_row
        return self._by_row

    def row(self, r: int, width: int) -> tuple[list[Any], dict[int, Cell]]:
        """The first ``width`` values of row ``r`` (None when empty, a formula as its
        text), and its formula and error cells by 1-based column."""
        values = self._rows[r - 1] if 0 < r <= self.max_row else []
        out = [None if v == "" else v for v in values[:width]]
        if len(out) < width:
            out += [None] * (width - len(out))
        special = self._special.get(r, _NONE)
        for c, cell in special.items():
            if c <= width:
                out[c - 1] = cell.value
        return out, special

    def rows_from(self, first: int, n: int) -> list[list[Any]] | None:
        """The ``n`` rows after the first ``first``, exactly ``width`` values each, when the
        sheet has those rows of that width and nothing below them; otherwise None."""
        rows = self._rows
        if len(rows) < first + n or (rows and len(rows[0]) < _GRID_WIDTH):
            return None
        if any(any(v != "" for v in row) for row in rows[first + n :]):
            return None
        block = rows[first : first + n]
        if block and len(block[0]) > _GRID_WIDTH:
            block = [row[:_GRID_WIDTH] for row in block]
        return block

    def special_columns(self, first: int) -> set[int]:
        """Columns holding a formula or an error value below row ``first``."""
        cols = {c for r, c in self.scan.formulas if r > first}
        return cols | {c for r, c in self.scan.errors if r > first}

    def formulas_of(self, col: int, first_row: int, n: int) -> tuple[str | None, ...]:
        """The formulas of column ``col`` from row ``first_row``, ``n`` rows (None: none)."""
        get = self.scan.formulas.get
        return tuple(get((r, col)) for r in range(first_row, first_row + n))

    def raw_rows(self) -> list[list[Any]]:
        """The values as python-calamine gives them (``""`` when empty), without formulas."""
        return self._rows

    def cell(self, r: int, c: int) -> Cell:
        """One cell with its type."""
        formula = self.scan.formulas.get((r, c))
        if formula is not None:
            return Cell(formula, "f")
        error = self.scan.errors.get((r, c))
        if error is not None:
            return Cell(error, "e")
        return Cell(self.value(r, c))

    def value(self, r: int, c: int) -> Any:
        """The value of one cell (a formula as its text, ``=...``); None when empty."""
        scan = self.scan
        if scan.formulas or scan.errors:  # looked up where they are, never laid out by row
            special = scan.formulas.get((r, c))
            if special is None:
                special = scan.errors.get((r, c))
            if special is not None:
                return special
        if 0 < r <= self.max_row and 0 < c <= len(self._rows[r - 1]):
            v = self._rows[r - 1][c - 1]
            return None if v == "" else v
        return None

    def values(self) -> Iterator[tuple[str, Any]]:
        """``(coordinate, value)`` of every non-empty cell, row by row."""
        special_rows = set(self._special)
        for r, values in enumerate(self._rows, 1):
            special = self._special.get(r, _NONE) if r in special_rows else _NONE
            for c, v in enumerate(values, 1):
                if c in special:
                    v = special[c].value
                if v is not None and v != "":
                    yield f"{col_letters(c)}{r}", v
            for c in sorted(k for k in special if k > len(values)):
                yield f"{col_letters(c)}{r}", special[c].value


class Workbook:
    """The worksheets of checked bytes, loaded on first use."""

    def __init__(self, data: bytes, scan: WorkbookScan) -> None:
        from python_calamine import CalamineError, CalamineWorkbook

        self._errors = CalamineError
        try:
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except CalamineError as exc:
            raise Unreadable(exc) from None
        self._scan = scan
        self._loaded: dict[str, Sheet] = {}
        readable = set(self._book.sheet_names)
        self.sheetnames = [n for n in scan.sheets if n in readable]
        self.modified: datetime | None = scan.modified

    def __getitem__(self, name: str) -> Sheet:
        if name not in self._loaded:
            if name not in self.sheetnames:
                raise KeyError(name)
            try:
                rows = self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except self._errors as exc:  # malformed XML, a missing part...
                raise Unreadable(exc) from None
            self._loaded[name] = Sheet(name, rows, self._scan.sheets[name])
        return self._loaded[name]

    @property
    def worksheets(self) -> list[Sheet]:
        return [self[n] for n in self.sheetnames]

    def close(self) -> None:
        self._book.close()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector within the block (as it was, after).

    python-calamine hands every row of a sheet over as a new list: a returned grid is
    thousands of short-lived containers, freed by reference counting, that make the
    collector run again and again over every object alive (the tender included), for
    nothing (measured: about a tenth of :func:`~efc_scoring.excel.read_grids`). Reference
    counting still frees them; a cycle made meanwhile is collected after the block."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
