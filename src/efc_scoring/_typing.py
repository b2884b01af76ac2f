"""Type aliases of the public API, for annotations only (nothing here is imported at run time).

The evidence engine is optional and heavy: the functions that accept its
assessments (grids, report, OCDS export, answer comparison) name their type
here under ``TYPE_CHECKING``, so a user's type checker sees the real type while
``import efc_scoring`` loads nothing of the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

__all__ = ["AssessmentsArg"]

if TYPE_CHECKING:
    from typing import TypeAlias

    from efc_scoring.evidence.assessment import AnswerAssessment
    from efc_scoring.evidence.batch import Assessments

    #: What ``assess(tender)`` returns, or a mapping ``{(offer id, question id): assessment}``;
    #: None runs the engine when it is installed (or goes without it, where documented).
    AssessmentsArg: TypeAlias = Assessments | Mapping[tuple[str, str], AnswerAssessment] | None
