"""Negations of a clause: « ne … pas », « aucun », and the terse forms without « ne ».

:func:`negation_spans` gives the token spans of the negations of a clause and the
heads they negate; a measure under one of them is refused (N), unless the reading
tells otherwise (a figure declined, a fact of supply).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import norm_list

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["NE", "UNABLE", "negation_spans"]

#: The particle of a French negation.
NE = {"ne", "n'"}
#: After « pas » without « ne », the words of a terse refusal (« pas possible de… »).
_NOT_ABLE = {"possible", "faisable", "envisageable", "prevu", "prevue", "prevus", "prevues"}
#: Words that refuse by themselves (« reprise des bidons impossible »).
UNABLE = {"impossible", "infaisable"}


def negation_spans(
    doc: Doc, a: int, b: int, neg_words: set[str]
) -> tuple[list[tuple[int, int]], list[int]]:
    norms = norm_list(doc)
    spans: list[tuple[int, int]] = []
    heads: list[int] = []
    for k in range(a, b):
        norm = norms[k]
        if norm in NE:
            for m in range(k + 1, min(b, k + 9)):
                if norms[m] in neg_words:
                    if m + 1 < b and norms[m + 1] in {"que", "qu'"}:
                        break  # « ne se déplacent plus que pour… »: only, no refusal
                    spans.append((k, m + 1))
                    heads.append(doc[k].head.i)
                    break
        elif norm == "pas" and k + 1 < b and norms[k + 1] in {"de", "d'"}:
            if not any(norms[m] in NE for m in range(a, k)):
                spans.append((k, k + 2))
                heads.append(doc[k + 1].head.i)
        elif (norm == "pas" and k + 1 < b and norms[k + 1] in _NOT_ABLE) or norm in UNABLE:
            # a terse refusal without « ne »: « pas possible de reprendre », « impossible »
            if not any(norms[m] in NE for m in range(a, k)):
                end = k + 2 if norm == "pas" else k + 1
                spans.append((k, end))
                heads.append(doc[end - 1].i)
                heads.append(doc[end - 1].head.i)
                if all(not doc[t].is_alpha for t in range(end, b)):
                    # the note ends on it (« Reprise des bidons vides impossible. »): the
                    # whole statement is refused
                    heads.extend(t for t in range(a, k) if doc[t].head.i == doc[t].i)
                    heads.extend(doc[t].i for t in range(a, k) if doc[t].dep_ == "ROOT")
        elif (
            norm in {"aucun", "aucune"}
            and not any(s <= k < e for s, e in spans)
            and any(norms[m] in NE for m in range(k, min(b, k + 6)))
        ):
            spans.append((k, k + 1))
            heads.append(doc[k].head.i)
    return spans, heads
