"""Shared helpers of the committee modules: the marks of a tender, its rubric leaves."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from efc_scoring.model.committee import Score
from efc_scoring.model.criteria import RubricScoring
from efc_scoring.model.scale import Scale
from efc_scoring.model.tender import Tender

__all__ = ["ScoresArg", "rubric_leaves", "tender_with_scores"]

ScoresArg = Iterable[Score | Mapping[str, Any]] | str | os.PathLike[str] | None


def tender_with_scores(tender: Tender, scores: ScoresArg) -> Tender:
    """The tender whose marks are ``scores`` (checked against it), or the tender itself.

    ``scores`` is None (the tender's own marks), the path of a marks CSV, or an
    iterable of :class:`~efc_scoring.model.committee.Score` or of mappings.
    """
    if scores is None:
        return tender
    if isinstance(scores, str | os.PathLike):
        from efc_scoring.io.tender import load_scores

        return load_scores(Path(scores), tender)
    rows = [s if isinstance(s, Score) else Score.model_validate(s) for s in scores]
    data = tender.model_dump(mode="python", exclude={"scores"})
    data["scores"] = rows
    return Tender.model_validate(data)


def rubric_leaves(tender: Tender) -> list[tuple[str, Scale]]:
    """The leaf criteria marked by evaluators, in the tree's order, with their scale."""
    return [
        (leaf.id, leaf.scoring.scale)
        for leaf in tender.leaves
        if isinstance(leaf.scoring, RubricScoring)
    ]
