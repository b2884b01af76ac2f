"""Conditions of a clause: which « si … » hedges a measure, which is the buyer's option.

A condition outside the buyer's decision (volumes, prices, funding, feasibility) hedges
the measure; a precise act the buyer decides (« si la Ville regroupe ses commandes le
mardi ») leaves it firm (RUBRIC), and what the buyer can do with a measure (« pour que
vous puissiez vérifier ») hedges nothing.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import norm_list

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["STARTS", "WHEN", "buyer_able", "buyer_option", "condition"]

_SI_NEXT = {
    "il",
    "ils",
    "elle",
    "elles",
    "la",
    "le",
    "les",
    "l'",
    "vous",
    "nous",
    "on",
    "besoin",
    "necessaire",
    "possible",
    "cela",
    "ca",
    "c'",
    "votre",
    "vos",
    "un",
    "une",
    "des",
    "nos",
    "notre",
    "ce",
    "cette",
    "en",
}
_AUX = {"etre", "avoir"}
#: Conjunctions of time that make a condition when a threshold follows (« dès que … dépassera »).
WHEN = {"lorsque", "lorsqu'", "quand"}
#: The folded words at which :func:`condition` can be true (a cheap test before it).
STARTS = frozenset({"si", "s'", "des", "condition", "pourvu", "moyennant", *WHEN})
_THRESHOLD = {"depasser", "exceder", "franchir", "atteindre"}


def buyer_able(doc: Doc, k: int, buyer: set[str]) -> bool:
    """« pour que vous puissiez vérifier », « la Ville pourra consulter »: what the buyer
    can do with a measure does not hedge the bidder's commitment."""
    tok = doc[k]
    subjects = [c for c in tok.children if c.dep_.startswith("nsubj")]
    if any(c.norm_ == "vous" or c.norm_ in buyer or c.lemma_ in buyer for c in subjects):
        return True
    before = [t.norm_ for t in doc[max(0, k - 4) : k]]
    return any(w in {"pour", "afin"} and nxt in {"que", "qu'"} for w, nxt in pairwise(before))


def condition(doc: Doc, k: int, end: int) -> bool:
    """Does a condition start at token ``k``: « si … », « s'il … », « à condition que … »?"""
    norms = norm_list(doc)
    norm = norms[k]
    if norm == "si":
        nxt = norms[k + 1] if k + 1 < end else ""
        # "si" is an adverb before an adjective or an adverb ("si rapide", "si bien que")
        return (
            nxt in _SI_NEXT
            or doc[k].pos_ == "SCONJ"
            or (
                (k + 1 < end and doc[k + 1].pos_ in {"NOUN", "PROPN", "DET", "ADJ", "VERB", "AUX"})
                and nxt not in {"bien", "peu", "souvent", "tant"}
            )
        )
    if norm == "s'":
        return k + 1 < end and norms[k + 1] in {"il", "ils"}
    if (norm == "des" and k + 1 < end and norms[k + 1] in {"que", "qu'"}) or norm in WHEN:
        # « dès que la consommation dépassera 1 500 litres »: a threshold of volume
        stop = k + 1
        while stop < end and doc[stop].text not in {",", ";", ":", "."}:
            stop += 1
        return any(doc[t].lemma_ in _THRESHOLD for t in range(k + 1, stop))
    if norm == "condition" and k >= 1 and norms[k - 1] == "a" and k + 1 < end:
        return norms[k + 1] in {"que", "qu'", "de", "d'"}
    return norm in {"pourvu", "moyennant"}


def buyer_option(doc: Doc, k: int, end: int, buyer: set[str], wishes: set[str]) -> bool:
    """A condition the buyer triggers by a precise act: the measure stays firm (RUBRIC).

    « si la Ville regroupe ses commandes le mardi », « à condition que la Ville mette un
    local à disposition »: the buyer is the subject of an act it decides. A wish
    (« si la Ville le souhaite »), a permission (« si le volume le permet ») or a
    condition on anything else (volumes, prices, funding, winning other lots) is a hedge.
    """
    norms = norm_list(doc)
    stop = k + 1
    while stop < end and doc[stop].text not in {",", ";", ":", ".", "\n"}:
        stop += 1
    words = range(k + 1, stop)
    has_buyer = any(norms[t] in buyer or doc[t].lemma_ in buyer for t in words)
    verbs = [t for t in words if doc[t].pos_ in {"VERB", "AUX"} and doc[t].lemma_ not in _AUX]
    if has_buyer and not verbs:
        # unaccented notes mislead the tagger (« si la Region valide le regroupement »): the
        # word after the buyer is its verb
        after = [t + 1 for t in words if norms[t] in buyer and t + 1 < stop]
        verbs = [t for t in after if doc[t].pos_ in {"ADJ", "NOUN"} and norms[t][-1:] == "e"]
    if not has_buyer or not verbs or any(doc[t].lemma_ in _THRESHOLD for t in verbs):
        return False  # a threshold of volume is no act the buyer decides
    return not any(doc[t].lemma_ in wishes or norms[t] in wishes for t in verbs)
