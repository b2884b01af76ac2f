"""Shared helpers of the committee modules: the marks of a tender, its rubric leaves."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from efc_scoring.model.committee import Mark
from efc_scoring.model.criteria import RubricScoring
from efc_scoring.model.scale import Scale
from efc_scoring.model.tender import Tender

__all__ = ["MarksArg", "rubric_leaves", "with_marks"]

#: Marks given instead of the tender's: Mark objects or mappings, or the path of a marks CSV.
MarksArg = Iterable[Mark | Mapping[str, Any]] | str | os.PathLike[str] | None


def with_marks(tender: Tender, marks: MarksArg) -> Tender:
    """The tender whose marks are ``marks`` (checked against it), or the tender itself.

    ``marks`` is None (the tender's own marks), the path of a marks CSV, or an
    iterable of :class:`~efc_scoring.model.committee.Mark` or of mappings.
    """
    if marks is None:
        return tender
    if isinstance(marks, str | os.PathLike):
        from efc_scoring.io.tender import load_marks

        return load_marks(Path(marks), tender)
    rows = [s if isinstance(s, Mark) else Mark.model_validate(s) for s in marks]
    data = tender.model_dump(mode="python", exclude={"marks"})
    data["marks"] = rows
    return Tender.model_validate(data)


def rubric_leaves(tender: Tender) -> list[tuple[str, Scale]]:
    """The leaf criteria marked by evaluators, in the tree's order, with their scale."""
    return [
        (leaf.id, leaf.scoring.scale)
        for leaf in tender.leaves
        if isinstance(leaf.scoring, RubricScoring)
    ]
