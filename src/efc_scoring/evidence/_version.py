"""The version of the evidence engine's reading, in one place.

Bump :data:`ENGINE_VERSION` whenever a change of the engine can change an
assessment (rules, features, levels, confidence, justification wording): the
assessment cache (:mod:`efc_scoring.evidence.cache`) then reads every answer
again, and corpus results (issue 18) record which engine produced them.
"""

__all__ = ["ENGINE_VERSION"]

#: Version of the evidence engine's reading ("year.n").
ENGINE_VERSION = "2026.17"
