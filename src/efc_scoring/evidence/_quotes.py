"""Token spans of a reading turned into quotes of the bidder's own text."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from efc_scoring.evidence._reading import Reading

__all__ = ["merge", "quote_of"]


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of overlapping token spans.

    Examples
    --------
    >>> merge([(3, 5), (0, 2), (4, 7)])
    [(0, 2), (3, 7)]
    """
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def quote_of(text: str, doc: Any, reading: Reading, a: int, b: int) -> str:
    """The words around a token span, inside its clause, as the bidder wrote them."""
    starts = [c.start for c in reading.clauses]
    k = bisect.bisect_right(starts, a) - 1
    clause = (
        reading.clauses[k]
        if k >= 0 and reading.clauses[k].start <= a < reading.clauses[k].end
        else None
    )
    lo, hi = (clause.start, clause.end) if clause else (0, len(doc))
    short = b - a <= 1
    qa, qb = (max(lo, a - 2), min(hi, b + 3)) if short else (a, min(hi, b + 2))
    while qa < a and (doc[qa].is_punct or doc[qa].is_space or doc[qa].pos_ in {"CCONJ"}):
        qa += 1
    while qb > b and (
        not any(ch.isalnum() for ch in doc[qb - 1].text)
        or doc[qb - 1].pos_ in {"ADP", "DET", "CCONJ"}
    ):
        qb -= 1
    span = doc[qa:qb]
    return str(text[span.start_char : span.end_char])  # capitals kept (the parse may lower them)
