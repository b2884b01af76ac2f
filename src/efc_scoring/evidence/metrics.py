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
from typing import TYPE_CHECKING, Any

import numpy as np

from efc_scoring.evidence.features import CODES

if TYPE_CHECKING:
    from efc_scoring.evidence.assessment import AnswerAssessment

__all__ = [
    "AgreementReport",
    "agreement_report",
    "evaluate_file",
    "quadratic_weighted_kappa",
    "unread_in_file",
]


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
    """Agreement figures; ``str(report)`` is a printable table.

    ``exact`` and ``within_one`` count an abstention (no level proposed) as a
    disagreement; ``qwk`` is computed on the answers that got a level.
    ``gross`` lists the errors of two levels or more with their confidence, and
    ``low_third`` is the confidence at or under which the lowest third of the
    proposals stand (the gross errors should sit there).
    """

    n: int
    exact: float
    within_one: float
    qwk: float
    features: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)
    disagreements: tuple[tuple[str, int, int | None], ...] = ()
    abstentions: int = 0
    off_by_three: int = 0
    gross: tuple[tuple[str, int, int, float], ...] = ()
    low_third: float | None = None

    @property
    def gross_in_low_third(self) -> int:
        """How many errors of 2+ levels have a confidence in the lowest third."""
        if self.low_third is None:
            return 0
        return sum(conf <= self.low_third for *_, conf in self.gross)

    def __str__(self) -> str:
        lines = [
            f"answers: {self.n}   exact: {self.exact:.1%}   within one: {self.within_one:.1%}   "
            f"QWK: {self.qwk:.3f}   3+ levels off: {self.off_by_three}   "
            f"abstentions: {self.abstentions}",
        ]
        if self.low_third is not None:
            lines.append(
                f"errors of 2+ levels: {len(self.gross)}, in the lowest third of confidence "
                f"(<= {self.low_third:.2f}): {self.gross_in_low_third}"
                + "".join(
                    f"\n  {i}: reference {g}, proposed {p}, confidence {c:.2f}"
                    for i, g, p, c in self.gross
                )
            )
        if self.features:
            lines.append("feature  precision  recall     F1  support")
            for code, (p, r, f1, support) in self.features.items():
                lines.append(f"{code:>7}  {p:9.2f}  {r:6.2f}  {f1:5.2f}  {support:7d}")
        for ident, gold, got in self.disagreements:
            shown = "no level (à relire)" if got is None else got
            lines.append(f"  {ident}: reference {gold}, proposed {shown}")
        return "\n".join(lines)


def agreement_report(
    reference: Sequence[int],
    proposed: Sequence[int | None],
    reference_features: Iterable[Iterable[str]] | None = None,
    proposed_features: Iterable[Iterable[str]] | None = None,
    ids: Sequence[str] | None = None,
    confidences: Sequence[float] | None = None,
) -> AgreementReport:
    """Exact and within-one agreement, quadratic weighted kappa, per-feature P/R/F1.

    A proposed ``None`` is an abstention: it counts against exact and within-one
    agreement and is left out of the kappa. With ``confidences``, the report also
    tells where the errors of two levels or more stand in the confidence scale.

    Examples
    --------
    >>> r = agreement_report([3, 2, 0], [3, 1, 0], [["R", "M"], ["M"], []], [["R", "M"], [], []])
    >>> round(r.exact, 2), r.within_one, r.features["M"]
    (0.67, 1.0, (1.0, 0.5, 0.667, 2))
    >>> r = agreement_report([4, 1, 3], [4, 4, None], confidences=[0.9, 0.5, 0.0])
    >>> r.abstentions, r.off_by_three, r.gross, r.low_third
    (1, 1, (('1', 1, 4, 0.5),), 0.5)
    """
    ref = [int(v) for v in reference]
    got = [None if v is None else int(v) for v in proposed]
    n = len(ref)
    ids = list(ids) if ids is not None else [str(i) for i in range(n)]
    pairs = list(zip(ref, got, strict=True))
    exact = sum(a == b for a, b in pairs) / n if n else 0.0
    within = sum(b is not None and abs(a - b) <= 1 for a, b in pairs) / n if n else 0.0
    answered = [(a, b) for a, b in pairs if b is not None]
    gross: list[tuple[str, int, int, float]] = []
    low_third = None
    if confidences is not None:
        conf = [float(c) for c in confidences]
        scored = sorted(c for c, (_a, b) in zip(conf, pairs, strict=True) if b is not None)
        if scored:
            low_third = scored[max(0, (len(scored) + 2) // 3 - 1)]
        gross = [
            (i, a, b, c)
            for i, (a, b), c in zip(ids, pairs, conf, strict=True)
            if b is not None and abs(a - b) >= 2
        ]
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
        qwk=quadratic_weighted_kappa([a for a, _ in answered], [b for _, b in answered])
        if answered
        else 0.0,
        features=per,
        disagreements=tuple((i, a, b) for i, (a, b) in zip(ids, pairs, strict=True) if a != b),
        abstentions=sum(b is None for _, b in pairs),
        off_by_three=sum(b is not None and abs(a - b) >= 3 for a, b in pairs),
        gross=tuple(gross),
        low_third=low_third,
    )


def _labelled(path: str | Path) -> list[dict[str, Any]]:
    """The labelled answers of a JSON-lines file, one dict a line."""
    text = Path(path).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def unread_in_file(path: str | Path) -> dict[str, int | None]:
    """The level proposed for each answer of a file labelled ``null`` (not French).

    ``None`` everywhere means the engine abstained on each, as it must.
    """
    from efc_scoring.evidence.assessment import assess_answers

    rows = [r for r in _labelled(path) if r["level"] is None]
    found = assess_answers([r["answer"] for r in rows], [r["axis"] for r in rows])
    return {r["id"]: a.level for r, a in zip(rows, found, strict=True)}


def evaluate_file(path: str | Path) -> AgreementReport:
    """Assess the labelled answers of a JSON-lines file and compare with their labels.

    Each line holds ``id``, ``axis``, ``answer``, ``level`` and ``features``, and
    optionally ``question`` (its words help the reading) and ``tender_date`` (ISO
    date: past and future in the answer are relative to it). A ``level`` of ``null``
    marks an answer not written in French, on which the engine must abstain: such
    answers are left out of the figures (check them with :func:`unread_in_file`).
    """
    from efc_scoring.evidence.assessment import assess_answers

    rows = [r for r in _labelled(path) if r["level"] is not None]
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
        confidences=[a.confidence for a in results],
    )
