"""What the readers of numbers and of time frames share: patterns and prepared cue sets.

:mod:`efc_scoring.evidence._numbers` types the numbers of a clause (a target, a
frequency, an incidental figure); :mod:`efc_scoring.evidence._times` finds its time
frames and tells whether a date is before the tender's. Both read the lexicon's
number and time cues through the sets prepared here once per lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import norm_list
from efc_scoring.evidence.lexicon import Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc

_DIGITS = re.compile(r"^[-−+]?\d+(?:[.,]\d+)?$")
_YEAR = re.compile(r"^(19|20)\d\d$")
#: "1x", "2x": a number of times ("1x/trimestre").
_TIMES = re.compile(r"^\d{1,3}x$")
#: A section number written with dots ("4.2", "3.1.2"): French decimals take a comma.
_DOTTED = re.compile(r"^\d{1,2}(?:\.\d{1,2})+$")
_POSTCODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$")
_PERIODS = {"an", "ans", "annee", "mois", "semaine", "jour", "trimestre", "semestre"}
_TIME_OF_DAY = re.compile(r"^\d{1,2}h\d{0,2}$")
_PHONE = re.compile(r"(?:\+33\s?|0)\d(?:[\s.\-]?\d\d){4}")
_MONTHS = {
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
}

#: Month names in calendar order, with their number.
_MONTH_NUMBER = {
    name: k
    for k, name in enumerate(
        [
            "janvier", "fevrier", "mars", "avril", "mai", "juin",
            "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
        ],
        start=1,
    )
}  # fmt: skip


def _phrases(lex: Lexicons, name: str) -> list[tuple[str, ...]]:
    from efc_scoring.evidence._nlp import fold

    key = f"phrases:{name}"
    cached = lex._cache.get(key)
    if cached is None:
        phrases = {tuple(fold(w).replace("'", "' ").split()) for w in lex.cue(name)}
        phrases |= {(*p[:-1], "d'") for p in phrases if p and p[-1] in {"de", "du"}}
        cached = sorted(phrases, key=len, reverse=True)
        lex._cache[key] = cached
    return cached


@dataclass(frozen=True)
class _Sets:
    """Cue sets of one lexicon, prepared once."""

    number_words: frozenset[str]
    time_words: frozenset[str]
    containers: frozenset[str]
    units: frozenset[str]
    anchors_by_first: dict[str, list[tuple[str, ...]]]
    periods: frozenset[str] = frozenset()


def _sets(lex: Lexicons) -> _Sets:
    cached = lex._cache.get("number_sets")
    if cached is None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in _phrases(lex, "time_anchors"):
            by_first.setdefault(phrase[0], []).append(phrase)
        cached = _Sets(
            number_words=frozenset(lex.cue("number_words")),
            time_words=frozenset(p[0] for p in _phrases(lex, "time_words") if len(p) == 1),
            containers=frozenset(lex.cue("containers")),
            units=frozenset(lex.cue("volume_units")),
            anchors_by_first=by_first,
            periods=frozenset(lex.cue("period_words")),
        )
        lex._cache["number_sets"] = cached
    return cached


def _seq(words: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(words).replace("' ", "'").replace("'", "' ").split())


def _norms(doc: Doc, start: int, end: int) -> list[str]:
    # split elisions the way phrases are split ("d'" + "ici")
    return [n for n in norm_list(doc)[max(start, 0) : end] if n.strip()]


_INDEXES: dict[tuple[int, int], tuple[list[tuple[str, ...]], dict[str, list[tuple[str, ...]]]]] = {}


def _indexed(phrases: list[tuple[str, ...]], at: int) -> dict[str, list[tuple[str, ...]]]:
    """``phrases`` grouped by their first (``at=0``) or last (``at=-1``) word, once per list.

    The lists come from :func:`_phrases`, kept alive by their lexicon's cache; the
    entry holds the list itself, so a list made anew at a reused id is indexed anew.
    """
    entry = _INDEXES.get((id(phrases), at))
    if entry is None or entry[0] is not phrases:
        index: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            if p:
                index.setdefault(p[at], []).append(p)
        entry = (phrases, index)
        if len(_INDEXES) > 512:  # many lexicons in one process: start again
            _INDEXES.clear()
        _INDEXES[(id(phrases), at)] = entry
    return entry[1]


def _ends_with(words: list[str], phrases: list[tuple[str, ...]]) -> bool:
    joined = " ".join(words).replace("' ", "'").replace("'", "' ")
    seq = tuple(joined.split())
    if not seq:
        return any(not p for p in phrases)
    candidates = _indexed(phrases, -1).get(seq[-1], ())
    return any(len(p) <= len(seq) and seq[-len(p) :] == p for p in candidates)


def _starts_with(words: list[str], phrases: list[tuple[str, ...]]) -> bool:
    joined = " ".join(words).replace("' ", "'").replace("'", "' ")
    seq = tuple(joined.split())
    if not seq:
        return any(not p for p in phrases)
    candidates = _indexed(phrases, 0).get(seq[0], ())
    return any(len(p) <= len(seq) and seq[: len(p)] == p for p in candidates)


#: After a number word and a hyphen, the nouns that keep it a number (« demi-journée »); a
#: compound ending otherwise is a designation (« lait demi-écrémé », « deux-roues »).
_COUNTED_TAILS = frozenset(
    {
        "journee", "journees", "heure", "heures", "litre", "litres", "tonne", "tonnes",
        "kilo", "kilos", "douzaine", "douzaines", "portion", "portions", "part", "parts",
        "tournee", "tournees", "saison", "mois", "semaine", "semaines", "et", "un", "une",
    }
)  # fmt: skip


def _is_number_token(norm: str, number_words: AbstractSet[str]) -> bool:
    if _DIGITS.match(norm) or _TIMES.match(norm):
        return True
    if norm in number_words:
        return True
    parts = norm.split("-")
    return (
        len(parts) > 1
        and parts[0] in number_words
        and all(p in number_words or p in _COUNTED_TAILS for p in parts[1:])
    )
