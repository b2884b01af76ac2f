"""Marks read from grids, onward: :class:`~efc_scoring.model.committee.Mark` objects,
a tender carrying them, and the ``scores.csv`` of :mod:`efc_scoring.io.tender`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from efc_scoring.io._csv import write_csv
from efc_scoring.io.tender import SCORE_COLUMNS
from efc_scoring.model.committee import Mark
from efc_scoring.model.tender import Tender

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["marks_to_scores", "tender_with_marks", "write_scores_csv"]


def marks_to_scores(marks: pd.DataFrame) -> list[Mark]:
    """One :class:`Mark` per row of the marks returned by ``read_grids``.

    Examples
    --------
    >>> import pandas as pd
    >>> from decimal import Decimal
    >>> marks = pd.DataFrame([{"evaluator": "E1", "offer": "O1", "criterion": "env",
    ...                        "value": Decimal(4), "justification": "Reprise chiffrée.",
    ...                        "timestamp": "2027-02-01T10:00:00"}])
    >>> marks_to_scores(marks)[0].value
    Decimal('4')
    """
    out = []
    for row in marks.to_dict("records"):
        stamp = row.get("timestamp")
        out.append(
            Mark(
                evaluator=row["evaluator"],
                offer=row["offer"],
                criterion=row["criterion"],
                value=row["value"],
                justification=row["justification"],
                timestamp=datetime.fromisoformat(stamp) if stamp else None,
            )
        )
    return out


def tender_with_marks(tender: Tender, marks: pd.DataFrame) -> Tender:
    """A validated copy of ``tender`` whose committee marks are those of the grids.

    The tender's previous marks are replaced; the copy is validated again (marks
    on the scale, one mark per evaluator, offer and criterion).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> import pandas as pd
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> marks = pd.DataFrame([m.model_dump() for m in tender.marks])
    >>> marks.loc[0, "justification"] = "Relu en commission."
    >>> tender_with_marks(tender, marks).marks[0].justification
    'Relu en commission.'
    """
    data = tender.model_dump(mode="python", exclude={"marks"})
    data["marks"] = [s.model_dump() for s in marks_to_scores(marks)]
    return Tender.model_validate(data)


def write_scores_csv(marks: pd.DataFrame, path: str | Path) -> Path:
    """Write the marks as ``scores.csv`` (evaluator, offer, criterion, value, justification,
    timestamp), atomically, with every text field escaped against CSV injection.

    Every field goes through the library's one CSV writer
    (:func:`efc_scoring.io._csv.csv_text`): a justification starting with ``=``,
    ``+``, ``-`` or ``@`` gets a leading apostrophe (OWASP), which
    :func:`~efc_scoring.io.tender.load_marks` removes again, so that the marks
    read back are those written.
    """
    rows = (
        [
            row["evaluator"],
            row["offer"],
            row["criterion"],
            row["value"],
            row["justification"],
            row.get("timestamp") or "",
        ]
        for row in marks.to_dict("records")
    )
    return write_csv(path, SCORE_COLUMNS, rows)
