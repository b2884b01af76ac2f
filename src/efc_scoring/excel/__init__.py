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

from efc_scoring._lazy import lazy_exports

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
