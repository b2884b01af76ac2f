"""French sentences for critical weights, marks and prices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring.mcda import _fr

if TYPE_CHECKING:
    from efc_scoring.mcda.critical import Critical, CriticalAnalysis


def sentences(analysis: CriticalAnalysis) -> list[str]:
    if len(analysis.winners) != 1:
        return [
            f"Les offres {_fr.join(analysis.winners)} sont ex aequo en tête : le moindre "
            "changement de poids, de note ou de prix peut les départager."
        ]
    return [*weight_sentences(analysis), *mark_sentences(analysis), *price_sentences(analysis)]


def _lead(who: tuple[str, ...]) -> str:
    if not who:
        return "le lauréat changerait"
    if len(who) == 1:
        return f"{who[0]} passerait en tête"
    return f"{_fr.join(who)} passeraient en tête"


def weight_sentences(analysis: CriticalAnalysis) -> list[str]:
    out: list[str] = []
    by_criterion: dict[str, list[Critical]] = {}
    for c in analysis.weights:
        by_criterion.setdefault(c.criterion or "", []).append(c)
    for criterion, items in by_criterion.items():
        label = analysis.labels.get(criterion, criterion)
        found = [c for c in items if c.threshold is not None]
        current = _fr.num(items[0].current)
        if not found:
            out.append(
                f"Aucun poids du critère « {label} » entre 0 et 100 points ne change le lauréat."
            )
            continue
        parts = [
            f"à {'moins' if c.direction == 'down' else 'plus'} de {_fr.num(c.threshold)} "
            f"points ({_lead(c.new_winner)})"
            for c in sorted(found, key=lambda c: c.change or 0)
        ]
        out.append(
            f"Le lauréat ne change que si le poids du critère « {label} » passe de {current} "
            + " ou ".join(parts)
            + "."
        )
    return out


def mark_sentences(analysis: CriticalAnalysis) -> list[str]:
    out: list[str] = []
    by_criterion: dict[str, list[Critical]] = {}
    for c in analysis.marks:
        by_criterion.setdefault(c.criterion or "", []).append(c)
    for criterion, items in by_criterion.items():
        label = analysis.labels.get(criterion, criterion)
        found = [c for c in items if c.threshold is not None]
        if not found:
            out.append(
                f"Critère « {label} » : aucune note, d'aucune offre, ne change le lauréat "
                "dans les limites du barème."
            )
            continue
        best = min(found, key=lambda c: (c.change, c.offer))
        sign = "−" if best.direction == "down" else "+"
        bound = "moins" if best.direction == "down" else "plus"
        levels = "niveau" if (best.change or 0) <= 1 else "niveaux"
        out.append(
            f"Critère « {label} » : la plus petite modification de note qui change le lauréat "
            f"porte sur {best.offer}, de {_fr.num(best.current)} à {bound} de "
            f"{_fr.num(best.threshold)} ({sign}{_fr.num(best.change)} {levels}) : "
            f"{_lead(best.new_winner)}."
        )
    return out


def price_sentences(analysis: CriticalAnalysis) -> list[str]:
    out: list[str] = []
    for c in analysis.prices:
        if c.threshold is None:
            if c.direction == "up":
                out.append(
                    f"Aucune hausse de son prix ne ferait perdre la première place à {c.offer}."
                )
            else:
                out.append(f"Aucune baisse de son prix ne suffirait à placer {c.offer} en tête.")
            continue
        rel = _fr.num(100 * (c.threshold - c.current) / c.current, 1)
        rel = rel if rel.startswith("-") else "+" + rel
        now = _fr.money(c.current, analysis.currency)
        then = _fr.money(c.threshold, analysis.currency)
        rel = rel.replace("-", "−")
        if c.direction == "up":
            out.append(
                f"{c.offer} reste en tête tant que son prix ne dépasse pas {then} "
                f"(aujourd'hui {now}, soit {rel} %) ; au-delà, {_lead(c.new_winner)}."
            )
        else:
            out.append(
                f"{c.offer} passerait en tête si son prix baissait de {now} à moins de {then} "
                f"({rel} %)."
            )
    return out
