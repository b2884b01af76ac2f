"""Numbers inside a clause, typed by what they are.

A number is a quantified target (Q) only when it is tied to a measure; it is
incidental when it is a year, a phone number, an identifier, a product
designation or size, a price, a headcount, a word of a proper name... A number
inside a time expression belongs to the time frame (T, :mod:`._times`); how often
a review happens belongs to monitoring (I).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from efc_scoring.evidence._nlp import norm_list
from efc_scoring.evidence._number_cues import (
    _DIGITS,
    _DOTTED,
    _PERIODS,
    _PHONE,
    _POSTCODE,
    _TIMES,
    _YEAR,
    _ends_with,
    _is_number_token,
    _norms,
    _phrases,
    _sets,
    _starts_with,
)
from efc_scoring.evidence.lexicon import Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Number", "find_numbers", "slogan_numbers"]


@dataclass(frozen=True)
class Number:
    """A number found in a clause: token range and what it is."""

    start: int
    end: int
    kind: str  # "quantity", "incidental", "year", "frequency"


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
            if tok.norm_ in {"un", "une"} and _one_per(doc, i, end, sets.periods):
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


_ZERO = {"zero"}
_QUOTES_OPEN = {"«", "“"}
_QUOTES_CLOSE = {"»", "”"}


def slogan_numbers(doc: Doc) -> set[int]:
    """Tokens of « zéro » and « 100 % » in a slogan: within quotes, or in an exclamation.

    « Objectif ZÉRO ÉMISSION : la mobilité durable est notre priorité ! » and « Démarche
    « Zéro gaspi, zéro périmé » » set no target (RUBRIC: « zéro » in a slogan or a value is
    no number word); a figure stated plainly (« zéro sachet individuel dès la première
    livraison ») stays one.

    Examples
    --------
    >>> from efc_scoring.evidence._nlp import parse
    >>> doc = next(parse(["Objectif ZÉRO ÉMISSION : c'est notre priorité ! Zéro sachet dès mars."]))
    >>> sorted(doc[k].text for k in slogan_numbers(doc))
    ['ZÉRO']
    """
    out: set[int] = set()
    for sent in doc.sents:
        exclaimed = any(t.text == "!" for t in sent)
        depth = 0
        for tok in sent:
            if tok.text in _QUOTES_OPEN:
                depth += 1
            elif tok.text in _QUOTES_CLOSE:
                depth = max(0, depth - 1)
            full = tok.norm_ == "100" and tok.i + 1 < len(doc) and doc[tok.i + 1].text == "%"
            if (tok.norm_ in _ZERO or full) and (exclaimed or depth > 0):
                out.add(tok.i)
    return out
