"""Agreement between proposed and reference levels: exact, within one, weighted kappa, features.

References
----------
Cohen, J. (1968). Weighted kappa: nominal scale agreement with provision for
scaled disagreement or partial credit. *Psychological Bulletin*, 70(4), 213-220.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from efc_scoring.evidence.features import CODES

if TYPE_CHECKING:
    from efc_scoring.evidence.assessment import AnswerAssessment

__all__ = ["AgreementReport", "agreement_report", "evaluate_file", "quadratic_weighted_kappa"]


def quadratic_weighted_kappa(a: Sequence[int], b: Sequence[int], n_levels: int = 6) -> float:
    """Cohen's kappa with quadratic weights between two ratings on levels 0..n-1.

    Examples
    --------
    >>> quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3])
    1.0
    >>> round(quadratic_weighted_kappa([0, 1, 2, 3], [0, 2, 2, 3]), 3)
    0.9
    """
    x = np.asarray(a, dtype=int)
    y = np.asarray(b, dtype=int)
    observed = np.zeros((n_levels, n_levels))
    np.add.at(observed, (x, y), 1)
    expected = np.outer(observed.sum(1), observed.sum(0)) / max(observed.sum(), 1)
    i, j = np.indices((n_levels, n_levels))
    weights = (i - j) ** 2 / (n_levels - 1) ** 2
    denom = (weights * expected).sum()
    return 1.0 if denom == 0 else float(1 - (weights * observed).sum() / denom)


@dataclass(frozen=True)
class AgreementReport:
    """Agreement figures; ``str(report)`` is a printable table."""

    n: int
    exact: float
    within_one: float
    qwk: float
    features: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)
    disagreements: tuple[tuple[str, int, int], ...] = ()

    def __str__(self) -> str:
        lines = [
            f"answers: {self.n}   exact: {self.exact:.1%}   within one: {self.within_one:.1%}   "
            f"QWK: {self.qwk:.3f}",
        ]
        if self.features:
            lines.append("feature  precision  recall     F1  support")
            for code, (p, r, f1, support) in self.features.items():
                lines.append(f"{code:>7}  {p:9.2f}  {r:6.2f}  {f1:5.2f}  {support:7d}")
        for ident, gold, got in self.disagreements:
            lines.append(f"  {ident}: reference {gold}, proposed {got}")
        return "\n".join(lines)


def agreement_report(
    reference: Sequence[int],
    proposed: Sequence[int],
    reference_features: Iterable[Iterable[str]] | None = None,
    proposed_features: Iterable[Iterable[str]] | None = None,
    ids: Sequence[str] | None = None,
) -> AgreementReport:
    """Exact and within-one agreement, quadratic weighted kappa, per-feature P/R/F1.

    Examples
    --------
    >>> r = agreement_report([3, 2, 0], [3, 1, 0], [["R", "M"], ["M"], []], [["R", "M"], [], []])
    >>> round(r.exact, 2), r.within_one, r.features["M"]
    (0.67, 1.0, (1.0, 0.5, 0.667, 2))
    """
    ref = [int(v) for v in reference]
    got = [int(v) for v in proposed]
    n = len(ref)
    ids = list(ids) if ids is not None else [str(i) for i in range(n)]
    exact = sum(a == b for a, b in zip(ref, got, strict=True)) / n if n else 0.0
    within = sum(abs(a - b) <= 1 for a, b in zip(ref, got, strict=True)) / n if n else 0.0
    per: dict[str, tuple[float, float, float, int]] = {}
    if reference_features is not None and proposed_features is not None:
        rf = [set(f) for f in reference_features]
        pf = [set(f) for f in proposed_features]
        for code in CODES:
            tp = sum(code in a and code in b for a, b in zip(rf, pf, strict=True))
            fp = sum(code not in a and code in b for a, b in zip(rf, pf, strict=True))
            fn = sum(code in a and code not in b for a, b in zip(rf, pf, strict=True))
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            per[code] = (round(p, 3), round(r, 3), round(f1, 3), tp + fn)
    return AgreementReport(
        n=n,
        exact=exact,
        within_one=within,
        qwk=quadratic_weighted_kappa(ref, got) if n else 0.0,
        features=per,
        disagreements=tuple((i, a, b) for i, a, b in zip(ids, ref, got, strict=True) if a != b),
    )


def evaluate_file(path: str | Path) -> AgreementReport:
    """Assess the labelled answers of a JSON-lines file and compare with their labels.

    Each line holds ``id``, ``axis``, ``answer``, ``level`` and ``features``, and
    optionally ``question`` (its words help the reading) and ``tender_date`` (ISO
    date: past and future in the answer are relative to it).
    """
    from efc_scoring.evidence.assessment import assess_answers

    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]
    # answers of one tender date are read together (one batch per date)
    by_date: dict[str | None, list[int]] = {}
    for k, r in enumerate(rows):
        by_date.setdefault(r.get("tender_date"), []).append(k)
    found: dict[int, AnswerAssessment] = {}
    for day, ks in by_date.items():
        batch = assess_answers(
            [rows[k]["answer"] for k in ks],
            [rows[k]["axis"] for k in ks],
            [rows[k].get("question") or None for k in ks],
            reference_date=day,
        )
        found.update(zip(ks, batch, strict=True))
    results = [found[k] for k in range(len(rows))]
    return agreement_report(
        [r["level"] for r in rows],
        [a.level for a in results],
        [r.get("features", []) for r in rows],
        [a.features for a in results],
        ids=[r["id"] for r in rows],
    )
