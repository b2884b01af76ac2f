"""efc_scoring: score tender answers for environmental progress and cooperation capacity.

French public buyers practising the *économie de la fonctionnalité et de la
coopération* ask bidders open questions and must compare the free-text answers
fairly. This package loads a tender, reads the answers into quoted evidence and
a proposed level, scores and ranks the offers down a weighted criteria tree, and
explains every point.

The public API is loaded lazily: ``import efc_scoring`` stays fast, and pandas,
spaCy or openpyxl are imported only when a function that needs them is used.

Examples
--------
>>> import efc_scoring as efc
>>> tender = efc.load_tender(efc.sample_path("nettoyage"))
>>> evaluation = efc.score(tender)
>>> int(evaluation.ranking()["rank"].iloc[0])
1
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "AbnormalityCheck": "efc_scoring.scoring.abnormal",
    "Criterion": "efc_scoring.model.criteria",
    "CriterionKind": "efc_scoring.model.criteria",
    "DEFAULT_SCALE": "efc_scoring.model.scale",
    "EfcError": "efc_scoring.errors",
    "Evaluation": "efc_scoring.scoring.evaluate",
    "Evaluator": "efc_scoring.model.committee",
    "InputError": "efc_scoring.errors",
    "Level": "efc_scoring.model.scale",
    "Lot": "efc_scoring.model.tender",
    "NumericScoring": "efc_scoring.model.criteria",
    "Offer": "efc_scoring.model.offer",
    "OpenQuestion": "efc_scoring.model.tender",
    "PriceLine": "efc_scoring.model.offer",
    "PriceScoring": "efc_scoring.model.criteria",
    "Problem": "efc_scoring.errors",
    "Role": "efc_scoring.model.committee",
    "RubricScoring": "efc_scoring.model.criteria",
    "Scale": "efc_scoring.model.scale",
    "Score": "efc_scoring.model.committee",
    "ScoringError": "efc_scoring.errors",
    "Tender": "efc_scoring.model.tender",
    "TenderError": "efc_scoring.errors",
    "check_abnormally_low": "efc_scoring.scoring.abnormal",
    "committee_means": "efc_scoring.scoring.evaluate",
    "load_scores": "efc_scoring.io.tender",
    "load_tender": "efc_scoring.io.tender",
    "sample_path": "efc_scoring._samples",
    "score": "efc_scoring.scoring.evaluate",
    "tender_json_schema": "efc_scoring.io.schema",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'efc_scoring' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from efc_scoring._samples import sample_path
    from efc_scoring.errors import EfcError, InputError, Problem, ScoringError, TenderError
    from efc_scoring.io.schema import tender_json_schema
    from efc_scoring.io.tender import load_scores, load_tender
    from efc_scoring.model.committee import Evaluator, Role, Score
    from efc_scoring.model.criteria import (
        Criterion,
        CriterionKind,
        NumericScoring,
        PriceScoring,
        RubricScoring,
    )
    from efc_scoring.model.offer import Offer, PriceLine
    from efc_scoring.model.scale import DEFAULT_SCALE, Level, Scale
    from efc_scoring.model.tender import Lot, OpenQuestion, Tender
    from efc_scoring.scoring.abnormal import AbnormalityCheck, check_abnormally_low
    from efc_scoring.scoring.evaluate import Evaluation, committee_means, score
