"""Time frames inside a clause: deadlines, start dates, schedules (T).

« d'ici fin 2026 », « dès la première année », « sous six mois », « en 3 ans »: an
anchor followed by a time word, a month or a year. « depuis 2015 » and « créée en
1992 » are never time frames, and a date before the tender's own date is past
(:func:`before_date`; RUBRIC: past and future are relative to the tender's date).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import norm_list
from efc_scoring.evidence._number_cues import (
    _MONTH_NUMBER,
    _MONTHS,
    _TIME_OF_DAY,
    _YEAR,
    _ends_with,
    _is_number_token,
    _norms,
    _phrases,
    _seq,
    _sets,
)
from efc_scoring.evidence.lexicon import Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["before_date", "find_times"]


def find_times(doc: Doc, start: int, end: int, lex: Lexicons) -> list[tuple[int, int]]:
    """Time frames (deadlines, start dates) of the token range, as token spans.

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> doc = next(parse(["Dès la rentrée de septembre 2025, puis sous 6 mois, avant 7h30."]))
    >>> [doc[a:b].text for a, b in find_times(doc, 0, len(doc), load_lexicons())]
    ['Dès la rentrée de septembre 2025', 'sous 6 mois']
    >>> doc = next(parse(["Objectif : -10 % en deux ans, livraison en 48 h."]))
    >>> [doc[a:b].text for a, b in find_times(doc, 0, len(doc), load_lexicons())]
    ['en deux ans']
    """
    sets = _sets(lex)
    time_words, number_words, by_first = sets.time_words, sets.number_words, sets.anchors_by_first
    weak = {("au",), ("pour",), ("en",)}
    spans_of = {p[0] for p in _phrases(lex, "span_durations") if len(p) == 1}
    spans: list[tuple[int, int]] = []
    norms = norm_list(doc)
    i = start
    while i < end:
        norm = norms[i]
        if norm not in by_first and norm.split("'")[0] + "'" not in by_first:
            i += 1
            continue
        seq = _seq(_norms(doc, i, min(end, i + 4)))
        hit = (
            next((p for p in by_first.get(seq[0], ()) if seq[: len(p)] == p), None) if seq else None
        )
        if hit is None or doc[i].is_space:
            i += 1
            continue
        a_end = i + _token_len(doc, i, end, hit)
        if hit == ("des",) and not _is_des_time(doc, i, end):
            i += 1
            continue
        if _ends_with(_norms(doc, max(start, i - 2), a_end), _phrases(lex, "past_anchors")):
            i += 1
            continue  # "créée en 1992", "depuis 2015": never a time frame
        last = -1
        window = range(a_end, min(end, a_end + (3 if hit in weak else 6)))
        for k in window:
            norm = norms[k]
            if doc[k].is_punct and norm not in {"-", "'"}:
                break
            if norm == "depuis":
                break  # "en place depuis mars 2026": an ongoing fact, never a time frame
            is_num = _is_number_token(norm, number_words)
            if _YEAR.match(norm) or norm in _MONTHS:
                last = k
            elif hit == ("en",) and is_num and k + 1 < end and norm_list(doc)[k + 1] in spans_of:
                last = k + 1  # "en 3 ans", "en six mois": a deadline
                break
            elif hit in weak:
                continue
            elif hit == ("des",):
                if doc[k].is_alpha and doc[k].pos_ not in {"DET", "ADP", "CCONJ", "PRON"}:
                    last = k  # "dès" is temporal: "dès la première commande", "dès réception"
                    if doc[k].pos_ in {"NOUN", "PROPN"} and norm_list(doc)[k] not in time_words:
                        break
            elif norm in time_words and not _TIME_OF_DAY.match(norm):
                needs_number = hit in {("sous",), ("pendant",), ("durant",)}
                if needs_number and not (
                    k > a_end and _is_number_token(norm_list(doc)[k - 1], number_words)
                ):
                    break
                if hit == ("sous",) and norm in _LEAD_UNITS and not _anchored(doc, k + 1, end):
                    break  # « livré sous 8 jours »: a service's lead time, no deadline
                last = k
            elif is_num or norm == "1er":
                continue
        if hit == ("dans", "les") and last < 0:
            i = a_end
            continue
        if last >= 0:
            # take a following year ("septembre 2025")
            if last + 1 < end and _YEAR.match(norm_list(doc)[last + 1]):
                last += 1
            spans.append((i, last + 1))
            i = last + 1
        else:
            i = a_end
    # a month followed by a year is a date even without an anchor
    for k in range(start, end - 1):
        if (
            norm_list(doc)[k] in _MONTHS
            and _YEAR.match(norm_list(doc)[k + 1])
            and not any(a <= k < b for a, b in spans)
            and "depuis" not in _norms(doc, k - 3, k)
        ):
            spans.append((k, k + 2))
    return sorted(spans)


#: « sous » with these units tells a lead time of the service (« remplacé sous 10 jours »);
#: with months or years, or tied to the contract's start, a deadline (« sous six mois »).
_LEAD_UNITS = frozenset({"jour", "jours", "semaine", "semaines"})
#: A lead tied to the contract's start is a deadline; one after each order or report
#: (« sous 6 semaines après commande ») is the service's own lead time.
_STARTS = frozenset(
    {"notification", "demarrage", "signature", "lancement", "debut", "ordre", "attribution"}
)


def _anchored(doc: Doc, k: int, end: int) -> bool:
    return any(t in _STARTS for t in _norms(doc, k, min(end, k + 4)))


def _is_des_time(doc: Doc, i: int, end: int) -> bool:
    """ "dès" (since, from) rather than the article "des" written without accent."""
    if i + 1 >= end or norm_list(doc)[i + 1] in {"que", "qu'"}:
        return False
    if doc[i].text.lower() == "dès":
        return True
    nxt = norm_list(doc)[i + 1]
    return nxt in {"la", "le", "l'", "les", "leur", "notre", "votre", "reception"} or bool(
        _YEAR.match(nxt) or nxt in _MONTHS
    )


def _token_len(doc: Doc, i: int, end: int, phrase: tuple[str, ...]) -> int:
    target = " ".join(phrase).replace("' ", "'")
    text = ""
    n = 0
    while i + n < end and len(text.replace(" ", "")) < len(target.replace(" ", "")):
        text += norm_list(doc)[i + n] + " "
        n += 1
    return max(n, 1)


def before_date(doc: Doc, span: tuple[int, int], reference: date | None) -> bool:
    """Does the time span name a date that ends before ``reference`` (the tender's date)?

    The period a span names ends at the end of its year, of its month, or on its day
    (« en 2024 », « depuis mars 2026 », « le 1er janvier 2025 »); a span with no year
    is never past. RUBRIC: past and future are relative to the tender's date.

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> doc = next(parse(["Mis en place en mars 2026, puis d'ici fin 2027."]))
    >>> before_date(doc, (3, 6), date(2026, 10, 5)), before_date(doc, (8, 12), date(2026, 10, 5))
    (True, False)
    """
    if reference is None:
        return False
    norms = norm_list(doc)
    years = [k for k in range(*span) if _YEAR.match(norms[k])]
    if not years:
        return False
    k = years[-1]
    year = int(norms[k])
    month = _MONTH_NUMBER.get(norms[k - 1]) if k > span[0] else None
    if month is None:
        end = date(year, 12, 31)
    else:
        day = norms[k - 2].removesuffix("er") if k - 1 > span[0] else ""
        last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
        end = date(year, month, int(day) if day.isdigit() and 1 <= int(day) <= last else last)
    return end < reference
