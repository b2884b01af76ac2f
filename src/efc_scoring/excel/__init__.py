"""Excel workbooks: evaluator grids out, marks back in, the committee's consolidated workbook.

- :func:`write_grids`: one protected ``.xlsx`` grid per evaluator (XlsxWriter:
  every formula carries its value; bidder text stays text).
- :func:`read_grids`: a preflight of every returned file before any parser
  (:func:`preflight`, :func:`inspect_workbook`: one bounded pass over its
  bytes, limits in :class:`Limits`), then the values read by python-calamine
  and the marks found by key, every mistake of every file in one
  :class:`GridError`.
- :func:`marks_to_scores`, :func:`tender_with_marks`, :func:`write_scores_csv`:
  the marks onward.
- :func:`write_consolidated`: the committee's workbook with live formulas.
- :func:`safe_text` and :func:`csv_escape`: untrusted text into workbooks and CSV.
- :func:`recalculate` and :func:`to_pdf`: LibreOffice headless as a real client.

Names load lazily, so importing this package imports neither openpyxl nor XlsxWriter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring._lazy import lazy_exports

if TYPE_CHECKING:  # the real types for a type checker; at run time each name loads on first use
    from efc_scoring.excel._preflight import DEFAULT_LIMITS as DEFAULT_LIMITS
    from efc_scoring.excel._preflight import DefusedXmlMissingError as DefusedXmlMissingError
    from efc_scoring.excel._preflight import Limits as Limits
    from efc_scoring.excel._preflight import WorkbookScan as WorkbookScan
    from efc_scoring.excel._preflight import check_defusedxml as check_defusedxml
    from efc_scoring.excel._preflight import inspect_workbook as inspect_workbook
    from efc_scoring.excel._preflight import preflight as preflight
    from efc_scoring.excel._preflight import preflight_problems as preflight_problems
    from efc_scoring.excel.consolidated import write_consolidated as write_consolidated
    from efc_scoring.excel.grids import GridWriteError as GridWriteError
    from efc_scoring.excel.grids import grid_filename as grid_filename
    from efc_scoring.excel.grids import write_grids as write_grids
    from efc_scoring.excel.libreoffice import LibreOfficeError as LibreOfficeError
    from efc_scoring.excel.libreoffice import find_soffice as find_soffice
    from efc_scoring.excel.libreoffice import recalculate as recalculate
    from efc_scoring.excel.libreoffice import to_pdf as to_pdf
    from efc_scoring.excel.marks import marks_to_scores as marks_to_scores
    from efc_scoring.excel.marks import tender_with_marks as tender_with_marks
    from efc_scoring.excel.marks import write_scores_csv as write_scores_csv
    from efc_scoring.excel.problems import GridError as GridError
    from efc_scoring.excel.problems import GridProblem as GridProblem
    from efc_scoring.excel.problems import UnsafeFileError as UnsafeFileError
    from efc_scoring.excel.reading import MARK_COLUMNS as MARK_COLUMNS
    from efc_scoring.excel.reading import read_grids as read_grids
    from efc_scoring.excel.safety import MAX_CELL_CHARS as MAX_CELL_CHARS
    from efc_scoring.excel.safety import TextTooLongError as TextTooLongError
    from efc_scoring.excel.safety import csv_escape as csv_escape
    from efc_scoring.excel.safety import safe_text as safe_text
    from efc_scoring.excel.safety import sheet_title as sheet_title


_EXPORTS: dict[str, str] = {
    "DEFAULT_LIMITS": "efc_scoring.excel._preflight",
    "DefusedXmlMissingError": "efc_scoring.excel._preflight",
    "GridError": "efc_scoring.excel.problems",
    "GridProblem": "efc_scoring.excel.problems",
    "GridWriteError": "efc_scoring.excel.grids",
    "LibreOfficeError": "efc_scoring.excel.libreoffice",
    "Limits": "efc_scoring.excel._preflight",
    "MARK_COLUMNS": "efc_scoring.excel.reading",
    "MAX_CELL_CHARS": "efc_scoring.excel.safety",
    "TextTooLongError": "efc_scoring.excel.safety",
    "UnsafeFileError": "efc_scoring.excel.problems",
    "WorkbookScan": "efc_scoring.excel._preflight",
    "check_defusedxml": "efc_scoring.excel._preflight",
    "csv_escape": "efc_scoring.excel.safety",
    "find_soffice": "efc_scoring.excel.libreoffice",
    "grid_filename": "efc_scoring.excel.grids",
    "inspect_workbook": "efc_scoring.excel._preflight",
    "marks_to_scores": "efc_scoring.excel.marks",
    "preflight": "efc_scoring.excel._preflight",
    "preflight_problems": "efc_scoring.excel._preflight",
    "read_grids": "efc_scoring.excel.reading",
    "recalculate": "efc_scoring.excel.libreoffice",
    "safe_text": "efc_scoring.excel.safety",
    "sheet_title": "efc_scoring.excel.safety",
    "tender_with_marks": "efc_scoring.excel.marks",
    "to_pdf": "efc_scoring.excel.libreoffice",
    "write_consolidated": "efc_scoring.excel.consolidated",
    "write_grids": "efc_scoring.excel.grids",
    "write_scores_csv": "efc_scoring.excel.marks",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
