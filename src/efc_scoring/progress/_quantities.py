"""Numbers with units and French deadlines, read from a bidder's sentence.

The evidence engine says *which* numbers are targets (Q) and which phrases are
time frames (T); this module reads their values: « de trois à deux livraisons
par semaine » is a baseline 3 and a target 2 in livraisons/semaine; « d'ici fin
2026 » is 31 December 2026; « à mi-parcours » is the middle of the contract.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from efc_scoring.progress._dates import add_months, fr_month

__all__ = ["Quantity", "Sentence", "find_quantities", "parse_deadline", "split_sentences"]

_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000,
}  # fmt: skip
_NUM = (
    r"(?P<{g}>\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|"
    + "|".join(sorted(_WORDS, key=len, reverse=True))
    + r")"
)
_PERIOD = {
    "semaine": "semaine",
    "mois": "mois",
    "an": "an",
    "annee": "an",
    "jour": "jour",
    "trimestre": "trimestre",
    "semestre": "semestre",
}
#: Approximate number words: « une quarantaine » is about 40.
_ABOUT = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip
_INSTEAD = re.compile(
    r"\s*,?\s*(?:au lieu d'|au lieu de |au lieu des |contre )\s*(?:une |un |les |des )?"
    r"(?P<n>\d+(?:[.,]\d+)?|" + "|".join(sorted(_ABOUT, key=len, reverse=True)) + r")\b"
)
_QUALIFIERS = (
    "evites",
    "evitees",
    "economises",
    "economisees",
    "supplementaires",
    "en moins",
    "pilotes",
    "de plus",
)
_REDUCTION = re.compile(
    r"(reduction|reduire|baisse|baisser|diminution|diminuer|moins)\s+(de\s+|d')?$"
)
_AT_MOST = re.compile(
    r"(au plus|au maximum|maximum de|limiter a|moins de|pas plus de|ne pas depasser)\s*$"
)
_SKIP_UNIT = {"de", "d", "des", "du", "en", "a", "au", "aux", "la", "le", "les", "par", "et", "sur"}
_PAST = re.compile(r"(depuis|en service depuis|cree en|creee en|fonde en|fondee en)\s+$")


def fold(text: str) -> str:
    """Lowercase without accents, same length as ``text`` (offsets stay valid)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out).replace("’", "'")


@dataclass(frozen=True)
class Sentence:
    """A sentence (or list item) of an answer with its offsets."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split an answer into sentences and list items, keeping exact offsets.

    >>> [s.text for s in split_sentences("Nous livrons. Objectifs :\\n- moins 20 % ;\\n- bio.")]
    ['Nous livrons.', 'Objectifs :', 'moins 20 % ;', 'bio.']
    """
    out: list[Sentence] = []
    for m in re.finditer(r"[^\n]+", text):
        line_start = m.start()
        pieces = re.split(r"(?<=[.!?;:])\s+(?=\S)", m.group())
        pos = 0
        for piece in pieces:
            begin = m.group().index(piece, pos)
            pos = begin + len(piece)
            lead = re.match(r"\s*(?:[-•*–]\s+)?", piece)
            skip = lead.end() if lead else 0
            body = piece[skip:].rstrip()
            if body:
                start = line_start + begin + skip
                out.append(Sentence(start, start + len(body), body))
    return out


@dataclass(frozen=True)
class Quantity:
    """A number with its unit in a sentence; ``baseline`` when written « de X à Y »,
    ``whole`` when the number is a part of a counted whole (« deux des six porteurs »)."""

    start: int
    end: int
    value: Decimal
    unit: str
    baseline: Decimal | None = None
    reduction: bool = False
    at_most: bool = False
    whole: Decimal | None = None


def _number(text: str) -> Decimal:
    word = _WORDS.get(text)
    if word is not None:
        return Decimal(word)
    return Decimal(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))


def _unit(folded: str, original: str, pos: int) -> tuple[str, int]:
    """The unit after position ``pos`` and where it ends."""
    rest = folded[pos:]
    m = re.match(r"\s*(%|pour cent|tco2e?|teqco2|kgco2)", rest)
    if m:
        unit = "%" if m.group(1) in ("%", "pour cent") else original[pos : pos + m.end()].strip()
        end = pos + m.end()
    else:
        words = list(re.finditer(r"[a-z0-9]+(?:-[a-z]+)?", rest[:80]))
        noun = next((w for w in words[:3] if w.group() not in _SKIP_UNIT), None)
        if noun is None:
            return "", pos
        unit = original[pos + noun.start() : pos + noun.end()]
        end = pos + noun.end()
        tail = folded[end : end + 30]
        q = next((x for x in _QUALIFIERS if tail.startswith(" " + x)), None)
        if q is not None:
            unit += original[end : end + len(q) + 1]
            end += len(q) + 1
    per = re.match(
        r"(?:\s+[\w'-]+){0,3}?\s+par\s+(semaine|mois|an|annee|jour|trimestre|semestre)\b",
        folded[end : end + 30],
    )
    if per:
        unit += "/" + _PERIOD[per.group(1)]
        end += per.end()
    return unit, end


def find_quantities(text: str) -> list[Quantity]:
    """Numbers of ``text`` tied to a unit, years and past dates left out.

    >>> [(q.baseline, q.value, q.unit) for q in find_quantities(
    ...     "nous passerons de trois à deux livraisons par semaine, soit 22 000 km évités par an")]
    [(Decimal('3'), Decimal('2'), 'livraisons/semaine'), (None, Decimal('22000'), 'km évités/an')]
    >>> q = find_quantities("objectif de réduction de 25 % des fromages jetés")[0]
    >>> q.value, q.unit, q.reduction
    (Decimal('25'), '%', True)
    >>> [(q.value, q.unit, q.whole) for q in find_quantities("Deux des six porteurs au bioGNV")]
    [(Decimal('2'), 'porteurs', Decimal('6'))]
    """
    folded = fold(text)
    out: list[Quantity] = []
    pair = re.compile(
        r"\bde\s+" + _NUM.format(g="a") + r"\s+(?:a|à)\s+" + _NUM.format(g="b") + r"\b"
    )
    taken: list[tuple[int, int]] = []
    # « deux des six porteurs », « 3 de nos 12 sites », « 4 sur les 10 véhicules »: the target
    # is the part; the whole is what it is counted in, never a target of its own
    part = re.compile(
        r"(?<![\w,.])"
        + _NUM.format(g="a")
        + r"\s+(?:des|d'entre les|de nos|de ses|de leurs|sur(?: les| nos)?)\s+"
        + _NUM.format(g="b")
        + r"\b"
    )
    for m in part.finditer(folded):
        unit, end = _unit(folded, text, m.end())
        if unit and not unit.isdigit() and fold(unit) not in _WORDS:
            value, whole = _number(m.group("a")), _number(m.group("b"))
            out.append(Quantity(m.start("a"), end, value, unit, whole=whole))
            taken.append((m.start(), end))
    for m in pair.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        unit, end = _unit(folded, text, m.end())
        if unit:
            out.append(
                Quantity(m.start("b"), end, _number(m.group("b")), unit, _number(m.group("a")))
            )
            taken.append((m.start(), end))
    for m in re.finditer(r"(?<![\w,.])" + _NUM.format(g="n") + r"(?![\w])", folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = _number(m.group("n"))
        before = folded[max(0, m.start() - 40) : m.start()]
        if (
            re.fullmatch(r"(19|20)\d\d", m.group("n"))
            or _PAST.search(before)
            or re.search(r"(\blot|n°|no|ref|article|annexe|page)\s*$", before)
        ):
            continue
        unit, end = _unit(folded, text, m.end())
        if not unit or unit.isdigit() or fold(unit) in _WORDS:
            continue
        instead = _INSTEAD.match(folded, end)
        baseline = None
        if instead is not None:  # « 12 livraisons par an au lieu d'une quarantaine »
            word = instead.group("n")
            baseline = Decimal(_ABOUT[word]) if word in _ABOUT else _number(word)
            end = instead.end()
        out.append(
            Quantity(
                m.start(),
                end,
                value,
                unit,
                baseline,
                reduction=bool(_REDUCTION.search(before)) or before.rstrip().endswith("-"),
                at_most=bool(_AT_MOST.search(before)),
            )
        )
    return sorted(out, key=lambda q: q.start)


_ORDINALS = {
    "premier": 1,
    "premiere": 1,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "cinquieme": 5,
}
_SPAN_MONTHS = {"trimestre": 3, "semestre": 6, "annee": 12, "an": 12}
_DURATION = {
    "mois": 1,
    "an": 12,
    "ans": 12,
    "annee": 12,
    "annees": 12,
    "semestre": 6,
    "semestres": 6,
    "trimestre": 3,
    "trimestres": 3,
}


def parse_deadline(text: str, start: date, months: int) -> tuple[date, str] | None:
    """The date a French time phrase points to, for a contract of ``months`` from ``start``.

    Returns the date and the phrase read, or None.

    >>> s = date(2027, 9, 1)
    >>> [parse_deadline(t, s, 36)[0].isoformat() for t in (
    ...     "d'ici fin 2028", "dès la rentrée 2028", "sous six mois", "à mi-parcours",
    ...     "dès la première année", "en troisième année", "dès la notification")]
    ['2028-12-31', '2028-09-01', '2028-03-01', '2029-03-01', '2028-09-01', '2030-09-01',
     '2027-09-01']
    >>> parse_deadline("depuis 2023", s, 36) is None
    True
    """
    t = fold(text)
    end = add_months(start, months)
    rules: list[tuple[str, object]] = [
        (
            r"\b(\d{1,2}|1er)\s+(" + _MONTH_NAMES + r")\s+(\d{4})",
            lambda m: _day(m.group(1), m.group(2), m.group(3)),
        ),
        (
            r"(?:sous|d'ici|dans un delai de|dans les|dans|en moins de|au plus tard dans)\s+"
            + _NUM.format(g="n")
            + r"\s+(mois|ans|an|annees|annee|semestres?|trimestres?)\b",
            lambda m: add_months(start, int(_number(m.group("n"))) * _DURATION[m.group(2)]),
        ),
        (r"mi-parcours|mi parcours", lambda m: add_months(start, months // 2)),
        (
            r"(?:fin|terme|issue|echeance)\s+(?:du|de l')\s*(?:marche|contrat|accord-cadre)"
            r"|au cours du marche",
            lambda m: end,
        ),
        (
            r"notification|demarrage|mise en route|premiere livraison|debut du marche"
            r"|lancement du marche",
            lambda m: start,
        ),
        (
            r"\b(premier|premiere|deuxieme|second|seconde|troisieme|quatrieme|cinquieme)\s+"
            r"(trimestre|semestre|annee|an)\b",
            lambda m: add_months(start, _ORDINALS[m.group(1)] * _SPAN_MONTHS[m.group(2)]),
        ),
        (
            r"rentree(?:\s+(?:de\s+)?septembre)?\s+(?:scolaire\s+)?(\d{4})",
            lambda m: date(int(m.group(1)), 9, 1),
        ),
        (
            r"fin\s+(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+(\d{4})",
            lambda m: add_months(date(int(m.group(2)), fr_month(m.group(1)) or 1, 1), 1),
        ),
        (
            r"\bfin\s+(?:de\s+l'annee\s+|d'annee\s+)?(\d{4})",
            lambda m: date(int(m.group(1)), 12, 31),
        ),
        (
            r"(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+(\d{4})",
            lambda m: date(int(m.group(2)), fr_month(m.group(1)) or 1, 1),
        ),
        (r"(?:d'ici|en|avant|pour|des)\s+(\d{4})\b", lambda m: date(int(m.group(1)), 12, 31)),
        (r"\brentree\b", lambda m: _next_september(start)),
    ]
    for pattern, build in rules:
        for m in re.finditer(pattern, t):
            if _PAST.search(t[max(0, m.start() - 30) : m.start()]):
                continue
            return build(m), text[m.start() : m.end()]  # type: ignore[operator]
    return None


_MONTH_NAMES = (
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
)


def _day(day: str, month: str, year: str) -> date:
    """« 31 décembre 2027 », « 1er mars 2028 » (a day past the month's end is its last day)."""
    number = 1 if day == "1er" else int(day)
    first = date(int(year), fr_month(month) or 1, 1)
    last = (add_months(first, 1) - first).days
    return first.replace(day=max(1, min(number, last)))


def _next_september(start: date) -> date:
    first = date(start.year, 9, 1)
    return first if first >= start else date(start.year + 1, 9, 1)
