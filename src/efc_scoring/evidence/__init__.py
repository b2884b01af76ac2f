"""Evidence engine: French answers to open questions -> features, spans, proposed level.

The engine reads a bidder's free-text answer against the reading grid (rubric)
and proposes a level 0-5, with every feature quoted from the text and a French
justification. The evaluator always decides.

Importing this package does not import spaCy; the French model is loaded on
the first assessment that is not in the assessment cache
(:mod:`efc_scoring.evidence.cache`): each answer is read once, then reused.

Examples
--------
>>> from efc_scoring.evidence import assess_answer
>>> a = assess_answer("Nous nous engageons à reprendre 100 % des bidons vides dès la "
...                   "notification, avec un bilan annuel.", "packaging")
>>> a.level, sorted(a.features)
(5, ['F', 'I', 'M', 'Q', 'R', 'T'])
"""

from efc_scoring.evidence.assessment import AnswerAssessment, EvidenceSpan
from efc_scoring.evidence.batch import (
    AssessedAnswer,
    Assessments,
    assess,
    assess_answer,
    assess_answers,
)
from efc_scoring.evidence.cache import AssessmentCache, CacheWarning, use_cache
from efc_scoring.evidence.fingerprint import (
    ENGINE_VERSION,
    EngineFingerprint,
    answer_key,
    engine_fingerprint,
)
from efc_scoring.evidence.lexicon import Lexicons, UnknownAxisError, load_lexicons
from efc_scoring.evidence.metrics import agreement_report

__all__ = [
    "ENGINE_VERSION",
    "AnswerAssessment",
    "AssessedAnswer",
    "AssessmentCache",
    "Assessments",
    "CacheWarning",
    "EngineFingerprint",
    "EvidenceSpan",
    "Lexicons",
    "UnknownAxisError",
    "agreement_report",
    "answer_key",
    "assess",
    "assess_answer",
    "assess_answers",
    "engine_fingerprint",
    "load_lexicons",
    "use_cache",
]
