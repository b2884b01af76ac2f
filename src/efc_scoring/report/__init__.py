"""Documents for buyers and committees: the offers-analysis report, side-by-side answers, plots.

- :func:`write_report` / :func:`build_report`: the rapport d'analyse des offres
  (HTML, Markdown, Word), reproducible byte for byte, in three versions
  (:class:`ReportVersion`: internal, public, one per rejected bidder);
- :func:`compare_answers`: all offers' answers to one question side by side,
  evidence highlighted, for committee meetings (HTML and an Excel sheet);
- :mod:`efc_scoring.report.plots`: the figures, as reproducible PNG bytes.

Importing this package imports neither matplotlib nor pandas nor python-docx.
"""

from efc_scoring.report.compare import AnswerComparison, compare_answers
from efc_scoring.report.offers import (
    FORMATS,
    OffersReport,
    ReportVersion,
    build_report,
    write_report,
)

__all__ = [
    "FORMATS",
    "AnswerComparison",
    "OffersReport",
    "ReportVersion",
    "build_report",
    "compare_answers",
    "write_report",
]
