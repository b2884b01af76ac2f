"""Whole-answer cues for the learned layer (:mod:`efc_scoring.evidence._layer`).

The rule reading (:mod:`efc_scoring.evidence._reading`) finds the rubric's features
span by span. The cues here look at the answer as a whole, the way a reader weighs
it before reading closely: how much of it is commitment, hedge, refusal, past
result, slogan, label, service promise, cooperation mechanism, deadline or
monitoring; how many figures, quantities and identifiers it holds; how much it
repeats the question; its shape (length, lines, bullets, flattened tables,
capitals, accents). Each family is a set of French word forms matched on the
folded text (lowercase, no accents), counted as ``log(1 + n)`` and as a density
per 100 words.

These are word families, not sentences: none is keyed to one answer. They are
independent of the rule reading, so the same cues can be computed for any version
of the engine's output (the layer is trained on the outputs of earlier engines,
see :mod:`efc_scoring.evidence.training`).
"""

from __future__ import annotations

import math
import re

from efc_scoring.evidence._nlp import fold

__all__ = ["CUE_NAMES", "cues"]

_FAMILIES: dict[str, str] = {
    "firm": (
        r"\bnous nous engageons\b|\bnous engageons\b|\bengagement\b|\bs'engage\b|\bmettrons\b"
        r"|\bassurerons\b|\bsera(?:nt)?\b|\bferons\b|\blivrerons\b|\breprendrons\b"
        r"|\bgarantissons\b|\best inclus\b|\bsont inclus\b|\bprevu\b|\bnous allons\b"
    ),
    "hedge": (
        r"\bpourr(?:ait|ions|aient|a|ons|ont)\b|\beventuel\w*|\benvisag\w*|\ba l'etude\b"
        r"|\ba voir\b|\bsi possible\b|\bsous reserve\b|\bsur devis\b|\ble cas echeant\b"
        r"|\bselon (?:les )?(?:possibilites|besoins|disponibilites)\b|\bsi besoin\b"
        r"|\ben option\b|\betudier\b|\breflechi\w*|\bpiste\w*|\ba terme\b"
        r"|\bdans la mesure du possible\b|\bsouhait\w*|\bvis(?:er|ons)\b"
        r"|\b(?:tbd|a definir|a confirmer)\b|\bpossible\w*"
    ),
    "refuse": (
        r"\bne (?:proposons|pouvons|prevoyons|sommes|prenons|pratiquons) pas\b"
        r"|\bpas (?:possible|prevu|de (?:reprise|collecte))\b|\bnon propose\w*"
        r"|\bhors (?:perimetre|champ)\b|\bn'est pas (?:possible|prevu|envisage)\b|\baucun\w*\b"
        r"|\bne s'applique pas\b|\bsans objet\b"
    ),
    "past": (
        r"\bavons (?:\w+ )?(?:realise|reduit|mis|obtenu|atteint|livre|equipe|remplace"
        r"|supprime|collecte|valorise|forme|organise)\w*|\ba ete\b|\bont ete\b"
        r"|\ben 20(?:1\d|2[0-5])\b|\bdepuis 20\d\d\b|\bdepuis (?:\d+|plus de) ans?\b|\bdeja\b"
        r"|\bl'an dernier\b|\bprecedent\w*"
    ),
    "buzz": (
        r"\bdurabl\w*|\bresponsabl\w*|\beco[- ]?\w*|\bvert\w*|\bzero\b|\bcirculaire\b|\brse\b"
        r"|\bengage\w*|\bvertueu\w*|\bplanete\b|\bsobri\w*|\bexcellence\b|\binnov\w*"
        r"|\bbon sens\b|\bvaleurs?\b|\bphilosophie\b|\bconvaincu\w*|\bpassion\w*|\badn\b"
    ),
    "label": (
        r"\biso ?\d+|\blabel\w*|\bcertifi\w*|\becovadis\b|\bnf\b|\bpefc\b|\bfsc\b|\becolabel\b"
        r"|\bqualibat\b|\bmase\b"
    ),
    "coopmech": (
        r"\bcomite\w*|\breunion\w*|\bbilan\w*|\bsemestri\w*|\btrimestri\w*|\bmensuel\w*"
        r"|\bgroupe de travail\b|\batelier\w*|\benquete\w*|\bquestionnaire\w*"
        r"|\bco-?constru\w*|\bplan de progres\b|\bformation\w*|\bformer\b|\bpartag\w*"
        r"|\bcopil\b|\bretour\w* (?:des|d')"
    ),
    "service": (
        r"\binterlocuteur\w*|\bhotline\b|\b24 ?/ ?7\b|\b24h ?/ ?24\b|\bastreinte\w*"
        r"|\bcharge\w* de (?:compte|clientele|mission)\b|\bjoignable\w*|\breactivit\w*"
        r"|\bdisponib\w*|\bnumero (?:vert|unique|dedie)\b|\bservice client\w*|\bportail\b"
        r"|\bextranet\b|\bticket\w*"
    ),
    "deadline": (
        r"\bd'ici\b|\bavant (?:le |la |fin )|\bdes (?:la |le |sa )|\bsous \d+"
        r"|\bsous (?:un|deux|trois|six|huit|quinze) \w+|\bdans les \w+ (?:mois|semaines|jours)\b"
        r"|\ba compter de\b|\bau plus tard\b|\bfin 20\d\d\b"
        r"|\bpremier(?:e)? (?:annee|semestre|trimestre)\b|\bmi-parcours\b|\ba partir de\b"
        r"|\bsuivant la notification\b"
    ),
    "monitor": (
        r"\bindicateur\w*|\btableau de bord\b|\breporting\b|\bsuivi\w*|\bmesur\w*|\bpese\w*"
        r"|\bcomptag\w*|\brapport\w*|\bkpi\b|\bbilan\w*|\baudit\w*|\bcompte[- ]rendu\w*"
    ),
    "we_future": r"\b\w+(?:erons|irons|rons)\b",
    "percent": r"\d+(?:[.,]\d+)? ?%|\bpour ?cent\b",
    "qty": (
        r"\b\d+(?:[.,]\d+)? ?(?:t|kg|tonnes?|km|l|m3|m2|m²|kwh|mwh|kwc|teqco2|tco2|litres?"
        r"|unites|passages?|livraisons?|rotations?|bennes?|colis|vehicules?|camions?|jours?"
        r"|mois|heures?|h|fois)\b"
    ),
    "year": r"\b20\d\d\b",
    "ident": (
        r"\bsiret\b|\bsiren\b|\btel\b|\b0\d(?: ?\d\d){4}\b|\bcode ape\b|\bn° ?\w+|\bfondee? en\b"
        r"|\bcree en\b|\bcapital\b|\bsalaries\b|\bcollaborateurs\b"
    ),
    "english": r"\b(?:the|we|will|and|our|with|for|by|each|every|of)\b",
}
_PATTERNS = {name: re.compile(rx) for name, rx in _FAMILIES.items()}
_STOP_WORDS = (
    "le la les de des du un une et en a au aux pour par sur dans avec vos votre nos "
    "notre nous vous est sont que qui quoi comment quel quelle quels quelles ce cette "
    "ces se sa son ses il elle ils on ne pas plus ou d l s qu n y lors"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+")
_BULLET = re.compile(r"\s*(?:[-•*–]|\d+[.)])\s")
_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_ACCENTED = re.compile(r"[éèêàùçôîâ]")
_DIGIT = re.compile(r"\d")

_SHAPE = (
    "accent",
    "bullets",
    "digits",
    "lines",
    "logwords",
    "qcover",
    "qoverlap",
    "tables",
    "upper",
)

#: The cue names, in the order of :func:`cues`' vector.
CUE_NAMES: tuple[str, ...] = tuple(
    sorted([*_SHAPE, *_FAMILIES, *(f"{name}_d" for name in _FAMILIES)])
)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w not in _STOP and len(w) > 3]


def cues(answer: str, question: str = "") -> tuple[float, ...]:
    """The cues of one answer, in the order of :data:`CUE_NAMES`.

    Examples
    --------
    >>> c = dict(zip(CUE_NAMES, cues("À voir, éventuellement sur devis.")))
    >>> c["hedge"] > 0, c["firm"]
    (True, 0.0)
    >>> c = dict(zip(CUE_NAMES, cues("Comment réduisez-vous les emballages ?",
    ...                              "Comment réduisez-vous les emballages ?")))
    >>> c["qcover"]
    1.0
    """
    folded = fold(answer)
    words = _WORD.findall(folded)
    n = max(len(words), 1)
    out: dict[str, float] = {"logwords": math.log1p(len(words))}
    for name, pattern in _PATTERNS.items():
        count = len(pattern.findall(folded))
        out[name] = math.log1p(count)
        out[f"{name}_d"] = count / n * 100
    asked = set(_content(_WORD.findall(fold(question or ""))))
    said = _content(words)
    out["qoverlap"] = sum(w in asked for w in said) / max(len(said), 1) if asked else 0.0
    out["qcover"] = len(asked & set(said)) / len(asked) if asked else 0.0
    letters = max(len(_LETTER.findall(answer)), 1)
    out["upper"] = len(_UPPER.findall(answer)) / letters
    out["accent"] = len(_ACCENTED.findall(answer.lower())) / letters * 100
    lines = [line for line in answer.splitlines() if line.strip()]
    out["lines"] = math.log1p(len(lines))
    out["bullets"] = math.log1p(sum(bool(_BULLET.match(line)) for line in lines))
    out["tables"] = math.log1p(answer.count("|") + answer.count("\t"))
    out["digits"] = len(_DIGIT.findall(answer)) / max(len(answer), 1) * 100
    return tuple(out[name] for name in CUE_NAMES)
