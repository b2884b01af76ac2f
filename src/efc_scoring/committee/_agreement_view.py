"""Krippendorff's alpha of a consolidation, per criterion and overall, with its French reading."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring import present
from efc_scoring.errors import NotFoundError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AlphaRow", "CommitteeAgreement", "committee_agreement"]

OVERALL = "*"
UNDEFINED = "non calculable (pas assez de notes variées)"


@dataclass(frozen=True)
class AlphaRow:
    """Alpha of one criterion (or of all criteria, ``criterion == "*"``) at one level."""

    criterion: str
    label: str
    level: str
    alpha: float
    reading: str
    n_units: int
    n_marks: int


@dataclass(frozen=True)
class CommitteeAgreement:
    """How far the committee agrees: Krippendorff's alpha (ordinal and interval).

    ``rows`` hold one alpha per criterion and level, then the overall alphas
    (criterion ``"*"``, every offer x criterion as a unit). ``severity`` is the
    table of :func:`~efc_scoring.committee.agreement.evaluator_severity`.
    """

    rows: tuple[AlphaRow, ...]
    evaluators: tuple[str, ...]
    severity: pd.DataFrame | None = None

    def alpha(self, criterion: str = OVERALL, level: str = "ordinal") -> float:
        """Alpha of a criterion (default: overall) at a level; NaN when undefined."""
        for row in self.rows:
            if row.criterion == criterion and row.level == level:
                return row.alpha
        raise NotFoundError(f"pas d'alpha pour le critère {criterion!r} au niveau {level!r}")

    @property
    def overall(self) -> AlphaRow:
        """The overall ordinal alpha, with its reading."""
        return next(r for r in self.rows if r.criterion == OVERALL and r.level == "ordinal")

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion and level: alpha, its reading, units and marks used."""
        import pandas as pd

        return pd.DataFrame([row.__dict__ for row in self.rows])

    def summary(self) -> str:
        """One French sentence on the overall agreement."""
        row = self.overall
        interval = self.alpha(OVERALL, "interval")
        if math.isnan(row.alpha):
            return f"Accord de la commission : {UNDEFINED}."
        return (
            "Accord de la commission (alpha de Krippendorff, ordinal) : "
            f"{present.number(row.alpha, 3)} — {row.reading} ; "
            f"intervalle : {present.number(interval, 3)}"
            + f" ({row.n_units} items, {len(self.evaluators)} évaluateurs)."
        )

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        return frame.to_html(
            index=False, float_format=lambda x: present.number(x, 3), na_rep=present.MISSING
        )


def committee_agreement(
    marks: Mapping[tuple[str, str], Mapping[str, Fraction]],
    criteria: Sequence[tuple[str, str]],
) -> CommitteeAgreement:
    """Alphas from marks ``{(offer, criterion): {evaluator: mark}}``.

    ``criteria`` lists ``(criterion id, label)`` in display order.
    """
    import numpy as np

    from efc_scoring.committee.agreement import (
        alpha_reading,
        evaluator_severity,
        krippendorff_alpha,
    )

    evaluators = tuple(sorted({ev for by_ev in marks.values() for ev in by_ev}))
    index = {ev: i for i, ev in enumerate(evaluators)}

    def table(keys: list[tuple[str, str]]) -> np.ndarray:
        data = np.full((len(evaluators), len(keys)), np.nan)
        for j, key in enumerate(keys):
            for ev, mark in marks[key].items():
                data[index[ev], j] = float(mark)
        return data

    rows: list[AlphaRow] = []
    groups = [(cid, label, sorted(k for k in marks if k[1] == cid)) for cid, label in criteria]
    groups.append((OVERALL, "Ensemble des critères", sorted(marks)))
    for cid, label, keys in groups:
        data = table(keys)
        pairable = np.isfinite(data).sum(axis=0)
        n_units = int((pairable >= 2).sum())
        n_marks = int(pairable[pairable >= 2].sum())
        for level in ("ordinal", "interval"):
            try:
                alpha = krippendorff_alpha(data, level=level) if len(evaluators) >= 2 else math.nan
            except ValueError:
                alpha = math.nan
            reading = UNDEFINED if math.isnan(alpha) else alpha_reading(alpha)
            rows.append(AlphaRow(cid, label, level, alpha, reading, n_units, n_marks))
    severity = None
    if len(evaluators) >= 2 and marks:
        severity = evaluator_severity(table(sorted(marks)), evaluators=list(evaluators))
    return CommitteeAgreement(tuple(rows), evaluators, severity)
