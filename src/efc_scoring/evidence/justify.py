"""French justification of a proposed level, quoting the evidence.

One paragraph, for the evaluator and for the offers-analysis report: the spans
behind each feature are quoted with « », and the rule of the rubric that gives
the level is named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from efc_scoring import present
from efc_scoring.model.scale import DEFAULT_SCALE
from efc_scoring.present import Feature

__all__ = ["justify", "quote"]

_LANGUAGES = {
    "en": "anglais",
    "de": "allemand",
    "es": "espagnol",
    "it": "italien",
    "nl": "néerlandais",
}
#: Readings of the grid that set measure words aside, as told to the evaluator.
_READINGS = {
    "keywords": "Liste de valeurs ou de mots-clés ({}) : aucune action pour le marché.",
    "attitude": "Intention générale ({}) : ni produit, ni partenaire, ni lieu, ni part précisés.",
    "no_mechanism": "Mots de coopération sans dispositif nommé ({}) : ni instance, ni "
    "réunion, ni activité commune.",
    "restated": "La réponse reprend les termes de la question ({}) sans rien préciser.",
    "third_party": "Mesure portée par un tiers pour son propre compte ({}) : pas un "
    "engagement du candidat.",
    "award": "Nom d'un prix, d'un label ou d'une certification ({}) : une preuve, pas une "
    "mesure pour le marché.",
    "other_subjects": "Passages sur d'autres sujets non retenus pour cet axe ({}).",
    "semantic": "Mots absents du lexique de l'axe, rattachés à l'axe par leur sens ({}) : "
    "lecture à confirmer.",
    "semantic_lean": "Des mots proches de l'axe par leur sens ({}) : vérifier que la réponse "
    "est bien hors sujet.",
}
_ELEMENTS = {
    "Q": "chiffré ({})",
    "T": "avec une échéance ({})",
    "I": "assorti d'un suivi ({})",
    "C": "en coopération avec l'acheteur ou les usagers ({})",
    "P": "appuyé par une preuve de capacité ({})",
}


def quote(text: str, limit: int = 80) -> str:
    """Quote a span in French guillemets, shortened with an ellipsis.

    Examples
    --------
    >>> quote("nous nous engageons à reprendre 100 % des bidons vides", limit=34)
    '« nous nous engageons à reprendre… »'
    >>> quote("  bilan\\nannuel ")
    '« bilan annuel »'
    """
    flat = " ".join(text.split())
    if len(flat) > limit:
        cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
        flat = cut.rstrip(" ,;:.") + "…"
    return f"« {flat} »"


def _quotes(spans: Sequence[str], n: int = 2) -> str:
    unique = list(dict.fromkeys(" ".join(s.split()) for s in spans if s.strip()))
    return ", ".join(quote(s, 60) for s in unique[:n])


def _level(level: int) -> str:
    return f"niveau {level} ({DEFAULT_SCALE.label_of(level)})"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def justify(
    level: int | None,
    rule: str,
    spans: Mapping[str, Sequence[str]],
    *,
    axis_label: str = "",
    hedges: Sequence[str] = (),
    dropped: Sequence[str] = (),
    other_axis: str | None = None,
    inferred: bool = False,
    note: str = "",
    readings: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """Write the French paragraph for a level.

    Parameters
    ----------
    level, rule
        The level and the rule name from :func:`~efc_scoring.evidence.levels.decide_level`,
        or a special rule: ``empty``, ``referral``, ``foreign``, ``no_axis``.
    spans
        Quoted texts by feature code.
    hedges, dropped
        Hedge words found, and figures or dates not counted because their clause is hedged.
    readings
        Quotes set aside by a reading of the grid, by reason: ``keywords``, ``attitude``,
        ``no_mechanism``, ``restated``, ``third_party``, ``other_subjects``, ``semantic`` (words
        the lexicon lacks, read as the axis's by their meaning), ``semantic_lean`` (an answer
        read as off the axis whose words lean to it).

    Examples
    --------
    >>> print(justify(3, "firm_e0", {"F": ["Oui, nous reprenons les bidons vides"]}))
    ... # doctest: +NORMALIZE_WHITESPACE
    Engagement ferme (« Oui, nous reprenons les bidons vides ») : niveau 3 (Satisfaisant)
    — mesure ferme, sans chiffre, échéance, suivi, coopération ni preuve.
    """
    head = f"Axe déduit du texte : {axis_label}. " if inferred else ""
    tail: list[str] = []
    if rule == "empty":
        shown = f" ({quote(note)})" if note else ""
        body = f"Réponse vide ou sans contenu{shown} : {_level(0)} — rien à évaluer."
    elif rule == "referral":
        body = (
            f"Simple renvoi à un autre document ({quote(note)}) : {_level(0)} — un renvoi ne "
            "constitue pas une réponse ; l'évaluateur peut consulter le document cité."
        )
    elif rule == "foreign":
        lang = _LANGUAGES.get(note, "")
        written = f"rédigée en {lang}" if lang else "rédigée dans une autre langue que le français"
        body = (
            f"La réponse semble {written} : aucun niveau n'est proposé, elle est "
            f"{present.TO_READ} par l'évaluateur. La grille de lecture s'applique au contenu "
            "quelle que soit la langue ; le moteur, lui, ne lit que le français."
        )
    elif rule == "no_axis":
        body = (
            f"Aucun axe de la grille n'est reconnu dans la réponse : {_level(0)} — "
            "préciser l'axe de la question pour une lecture fiable."
        )
    elif rule == "off_axis":
        where = f" ; elle porte plutôt sur l'axe « {other_axis} »" if other_axis else ""
        body = (
            f"La réponse ne traite pas de l'axe « {axis_label} »{where} : {_level(0)} — hors sujet."
        )
    elif rule == "refusal":
        proof = (
            f" ; la preuve de capacité ({_quotes(spans['P'], 1)}) ne suffit pas"
            if spans.get("P")
            else ""
        )
        refused = _quotes(spans.get("N", []), 1) or "refus"
        body = (
            f"Refus ({refused}) sans mesure ferme{proof} : {_level(0)} — "
            "un refus sans mesure ferme n'est pas traité."
        )
    elif rule == "no_measure":
        about = _quotes(spans.get("R", []), 2)
        proof = (
            f" ; seule une preuve de capacité est citée ({_quotes(spans['P'], 2)})"
            if spans.get("P")
            else ""
        )
        body = (
            f"Réponse dans le sujet ({about}) mais sans mesure concrète nommée{proof} : "
            f"{_level(1)} — déclarations générales sans action précise."
        )
    elif rule == "hedged":
        cue = f", formulée avec {_quotes(hedges, 2)}" if hedges else ""
        proof = f" ; preuve de capacité ({_quotes(spans['P'], 1)}) notée" if spans.get("P") else ""
        body = (
            "Mesure seulement envisagée ou conditionnelle "
            f"({_quotes(spans.get('M', []), 2)}{cue}){proof} : "
            f"{_level(2)} — aucune mesure n'est formulée comme un engagement ferme."
        )
    else:
        parts = [f"Engagement ferme ({_quotes(spans.get('F', []), 1)})"]
        codes = [c for c in ("Q", "T", "I", "C", "P") if spans.get(c)]
        parts += [_ELEMENTS[c].format(_quotes(spans[c], 2)) for c in codes]
        names = ", ".join(f"{c} : {Feature(c).label}" for c in codes)
        if rule == "firm_q_e3":
            why = f"mesure ferme, objectif chiffré et au moins trois éléments ({names})"
        elif rule == "firm_e1":
            missing = (
                "le niveau 5 demande aussi un objectif chiffré"
                if "Q" not in codes
                else "le niveau 5 demande au moins trois éléments"
            )
            plural = "s" if len(codes) > 1 else ""
            why = f"mesure ferme avec {len(codes)} élément{plural} ({names}) ; {missing}"
        else:
            why = "mesure ferme, sans chiffre, échéance, suivi, coopération ni preuve"
        assert level is not None  # a firm measure is always given a level
        body = f"{_join(parts)} : {_level(level)} — {why}."
        if spans.get("N"):
            tail.append(f"Refus partiel ({_quotes(spans['N'], 1)}), sans effet sur le niveau.")
    if dropped and rule not in {"empty", "referral", "foreign", "off_axis", "no_axis"}:
        tail.append(f"Non retenu car seulement envisagé : {_quotes(dropped, 3)}.")
    for key, sentence in _READINGS.items():
        quoted = (readings or {}).get(key)
        if quoted and rule not in {"empty", "referral", "foreign"}:
            tail.append(sentence.format(_quotes(quoted, 2)))
    if note and rule not in {"empty", "referral", "foreign"}:
        tail.append(note)
    return " ".join([head + body, *tail])


def second_reading(rule_level: int, level: int, layer_level: int | None = None) -> str:
    """The sentence added when the learned layer proposes another level than the rules.

    ``layer_level`` is the layer's own level when the proposal stops one level short
    of it (a move of two levels or more needs the layer's majority): the sentence then
    names both, never the proposal as the level of the answers alike.

    Examples
    --------
    >>> print(second_reading(4, 1))  # doctest: +NORMALIZE_WHITESPACE
    Lecture d'ensemble : les réponses annotées qui lui ressemblent (engagements et
    conditionnels, chiffres, échéances, services, formules générales, reprise de la
    question) sont le plus souvent au niveau 1 (Insuffisant), non au niveau 4 (Bon) que
    donnent les éléments relevés : niveau 1 (Insuffisant) proposé, à confirmer par la
    lecture de la réponse.
    >>> print(second_reading(4, 3, 1))  # doctest: +NORMALIZE_WHITESPACE
    Lecture d'ensemble : les réponses annotées qui lui ressemblent (engagements et
    conditionnels, chiffres, échéances, services, formules générales, reprise de la
    question) sont le plus souvent au niveau 1 (Insuffisant), non au niveau 4 (Bon) que
    donnent les éléments relevés ; l'écart n'étant pas assez sûr, niveau 3 (Satisfaisant)
    proposé, à confirmer par la lecture de la réponse.
    """
    if layer_level is not None and layer_level != level:
        return (
            "Lecture d'ensemble : les réponses annotées qui lui ressemblent (engagements et "
            "conditionnels, chiffres, échéances, services, formules générales, reprise de la "
            f"question) sont le plus souvent au {_level(layer_level)}, non au "
            f"{_level(rule_level)} que donnent les éléments relevés ; l'écart n'étant pas "
            f"assez sûr, {_level(level)} proposé, à confirmer par la lecture de la réponse."
        )
    return (
        "Lecture d'ensemble : les réponses annotées qui lui ressemblent (engagements et "
        "conditionnels, chiffres, échéances, services, formules générales, reprise de la "
        f"question) sont le plus souvent au {_level(level)}, non au {_level(rule_level)} que "
        f"donnent les éléments relevés : {_level(level)} proposé, à confirmer par la lecture "
        "de la réponse."
    )


def kept_reading(level: int, layer_level: int) -> str:
    """The sentence added when the rules' level is kept but the layer leans elsewhere.

    Examples
    --------
    >>> print(kept_reading(4, 2))  # doctest: +NORMALIZE_WHITESPACE
    Lecture d'ensemble : les réponses annotées qui lui ressemblent se partagent entre
    plusieurs niveaux, le plus souvent le niveau 2 (Passable) ; le niveau 4 (Bon) que
    donnent les éléments relevés est gardé, à confirmer par la lecture de la réponse.
    """
    return (
        "Lecture d'ensemble : les réponses annotées qui lui ressemblent se partagent entre "
        f"plusieurs niveaux, le plus souvent le {_level(layer_level)} ; le {_level(level)} "
        "que donnent les éléments relevés est gardé, à confirmer par la lecture de la réponse."
    )
