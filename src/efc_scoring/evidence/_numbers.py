"""Numbers and time expressions inside a clause.

A number is a quantified target (Q) only when it is tied to a measure; it is
incidental when it is a year, a phone number, an identifier, a product
designation or size, a price, a headcount... A number inside a time
expression belongs to the time frame (T); how often a review happens belongs
to monitoring (I).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import norm_list
from efc_scoring.evidence.lexicon import Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Number", "before_date", "find_numbers", "find_times"]

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


@dataclass(frozen=True)
class Number:
    """A number found in a clause: token range and what it is."""

    start: int
    end: int
    kind: str  # "quantity", "incidental", "year", "frequency"


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


def _ends_with(words: list[str], phrases: list[tuple[str, ...]]) -> bool:
    joined = " ".join(words).replace("' ", "'").replace("'", "' ")
    seq = tuple(joined.split())
    return any(len(p) <= len(seq) and seq[-len(p) :] == p for p in phrases)


def _starts_with(words: list[str], phrases: list[tuple[str, ...]]) -> bool:
    joined = " ".join(words).replace("' ", "'").replace("'", "' ")
    seq = tuple(joined.split())
    return any(len(p) <= len(seq) and seq[: len(p)] == p for p in phrases)


def _is_number_token(norm: str, number_words: AbstractSet[str]) -> bool:
    if _DIGITS.match(norm) or _TIMES.match(norm):
        return True
    head = norm.split("-")[0]
    return norm in number_words or (head in number_words and "-" in norm)


def _one_per(doc: Doc, i: int, end: int, periods: frozenset[str]) -> bool:
    """ "une fois par semaine", "une réunion par an": the article "un" is the number one."""
    norms = norm_list(doc)
    if norms[i] not in {"un", "une"}:
        return False
    window = norms[i + 1 : min(end, i + 5)]
    if "par" not in window:
        return False
    k = window.index("par")
    after = window[k + 1 : k + 2]
    return k <= 2 and bool(after) and after[0] in periods


def find_numbers(doc: Doc, start: int, end: int, lex: Lexicons) -> list[Number]:
    """Numbers of the token range ``[start, end)``, with their kind.

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> from efc_scoring.evidence.lexicon import load_lexicons
    >>> text = "Créée en 1978, elle livre 100 % des bidons de 5 L, tél. 04 71 48 22 30."
    >>> doc = next(parse([text]))
    >>> numbers = find_numbers(doc, 0, len(doc), load_lexicons())
    >>> [(doc[n.start : n.end].text, n.kind) for n in numbers]  # doctest: +NORMALIZE_WHITESPACE
    [('1978', 'incidental'), ('100', 'quantity'), ('5', 'incidental'),
     ('04 71 48 22 30', 'incidental')]
    """
    sets = _sets(lex)
    number_words = sets.number_words
    before = _phrases(lex, "incidental_before")
    after = _phrases(lex, "incidental_after")
    containers, units = sets.containers, sets.units
    out: list[Number] = []
    i = start
    while i < end:
        tok = doc[i]
        if not _is_number_token(tok.norm_, number_words):
            if _one_per(doc, i, end, sets.periods):
                out.append(Number(i, i + 1, "frequency"))
            i += 1
            continue
        j = i + 1
        while j < end and _DIGITS.match(norm_list(doc)[j - 1]):
            group = doc[j].text
            siret_tail = len(re.sub(r"\D", "", doc[i:j].text)) == 9 and re.fullmatch(
                r"\d{5}", group
            )
            if not (re.fullmatch(r"\d{3}", group) or siret_tail):
                break
            j += 1  # "533 019 842 00017": a SIRET's establishment number belongs to it
        # phone numbers come as groups of two digits
        text_after = doc[i : min(end, j + 5)].text
        phone = _PHONE.match(text_after)
        if phone:
            while j < end and doc[j].idx < tok.idx + phone.end():
                j += 1
            out.append(Number(i, j, "incidental"))
            i = j
            continue
        out.append(Number(i, j, _kind(doc, i, j, start, end, before, after, containers, units)))
        i = j
    return out


def _kind(
    doc: Doc,
    i: int,
    j: int,
    start: int,
    end: int,
    before: list[tuple[str, ...]],
    after: list[tuple[str, ...]],
    containers: AbstractSet[str],
    units: AbstractSet[str],
) -> str:
    norm = "".join(t.text for t in doc[i:j])
    prev = _norms(doc, max(start, i - 3), i)
    nxt = [w.rstrip(".") or w for w in _norms(doc, j, min(end, j + 3))]  # « 10 L. »
    if _TIMES.match(norm.lower()):
        return "frequency"  # "1x/trimestre"
    if _in_name(doc, i, j):
        return "incidental"  # "le GAEC des Trois Chênes": a word of a proper name
    if len(re.sub(r"\D", "", norm)) >= 9:
        return "incidental"  # SIRET, SIREN and other identifiers
    if _in_code(doc, i, j):
        return "incidental"  # "FR-BIO-01/35-2019-0457", "BIO-0457"
    if _DOTTED.match(norm) and not (nxt and (nxt[0] in units or nxt[0] == "%")):
        return "incidental"  # "§ 4.2", "4.1 Livraison": a section number
    if _POSTCODE.match(norm) and (
        (j < end and doc[j].text[:1].isupper())
        or (i > start and doc[i - 1].text == "(" and j < len(doc) and doc[j].text == ")")
    ):
        return "incidental"  # "49300 Cholet", "(14500)": a postcode
    if _ends_with(prev, before) or (nxt and _starts_with(nxt, after)):
        return "incidental"
    if _enumeration(doc, i, j) or _area_code(doc, i, j):
        return "incidental"
    if (
        len(prev) >= 2
        and prev[-1] in {"a", "au"}
        and _DIGITS.match(prev[-2])
        and _ends_with(_norms(doc, max(start, i - 5), i - 2), before)
    ):
        return "incidental"  # "tailles 6 à 11"
    if nxt and nxt[0] in units and any(w in containers for w in prev[-3:]):
        return "incidental"  # "bidons de 5 L"
    if len(prev) >= 2 and prev[-1] == "de" and prev[-2] in containers and nxt[:1] != ["%"]:
        return "incidental"  # "boîtes de 100", "sachets de 50": a pack size
    if _YEAR.match(norm) and not (nxt and nxt[0] in {"%", "km", "t", "tonnes", "kg"}):
        return "year"
    if (
        nxt[:1] in (["mois"], ["ans"])
        and i > start
        and doc[i - 1].pos_ in {"NOUN", "PROPN"}
        and not doc[i - 1].is_sent_start
    ):
        return "incidental"  # "un comté AOP 18 mois", "un whisky 12 ans": a designation
    if nxt[:1] == ["fois"] or prev[-2:] in (["tous", "les"], ["toutes", "les"]):
        return "frequency"
    if nxt[:2] in (["par", "an"], ["par", "mois"], ["par", "semaine"], ["par", "jour"]):
        return "frequency"
    if (nxt[:1] == ["/"] and nxt[1:2] and nxt[1] in _PERIODS) or (
        len(nxt) >= 3 and nxt[1] == "/" and nxt[2] in _PERIODS
    ):
        return "frequency"  # "2/an", "2 visites/an"
    return "quantity"


def _in_name(doc: Doc, i: int, j: int) -> bool:
    """A number word written with a capital inside a sentence, before a capitalised word."""
    tok = doc[i]
    return (
        j - i == 1
        and tok.is_alpha
        and tok.text[:1].isupper()
        and not tok.text.isupper()
        and not tok.is_sent_start
        and j < len(doc)
        and doc[j].text[:1].isupper()
        and doc[j].is_alpha
    )


def _enumeration(doc: Doc, i: int, j: int) -> bool:
    """The number of a list item or a heading: at the start of a line, then "." or ")".

    « 3. Terreau et amendements », « 2) Arbres »: it orders the text, it counts nothing.
    """
    if j - i != 1 or not doc[i].text.rstrip(".)").isdigit() or len(doc[i].text.rstrip(".)")) > 2:
        return False
    if doc[i].text[-1:] not in {".", ")"} and not (
        j < len(doc) and doc[j].text in {".", ")"} and not doc[i].whitespace_
    ):
        return False
    if i == 0:
        return True
    before = doc.text[: doc[i].idx].rstrip(" \t-–•")
    return not before or before.endswith("\n")


def _area_code(doc: Doc, i: int, j: int) -> bool:
    """A département number in brackets after a place name: « Revin (08) », « Annecy (74) »."""
    if j - i != 1 or not re.fullmatch(r"\d{2,3}|2[AB]", doc[i].text):
        return False
    if i < 2 or doc[i - 1].text != "(" or j >= len(doc) or doc[j].text != ")":
        return False
    # a place name (capitalised, or any word in an answer the parser read lowered)
    place = doc[i - 2]
    return place.text.replace("-", "").isalpha() and not place.is_stop


def _in_code(doc: Doc, i: int, j: int) -> bool:
    """A number glued by a hyphen or a slash to letters or digits: part of a code."""
    left = i - 1
    if (
        left >= 1
        and doc[left].text in {"-", "/"}
        and not doc[left - 1].whitespace_
        and not doc[left].whitespace_
        and any(c.isalnum() for c in doc[left - 1].text)
    ):
        return not _YEAR.match(doc[left - 1].text) or not _YEAR.match(doc[i].text)
    if j + 1 < len(doc) and doc[j].text in {"-", "/"} and not doc[j - 1].whitespace_:
        nxt = doc[j + 1].text
        if not doc[j].whitespace_ and nxt[:1].isalnum() and nxt.lower() not in _PERIODS:
            return not (_YEAR.match(doc[i].text) and _YEAR.match(nxt))
    return False


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
    i = start
    while i < end:
        norm = norm_list(doc)[i]
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
            norm = norm_list(doc)[k]
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
