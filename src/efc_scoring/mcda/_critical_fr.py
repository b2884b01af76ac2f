"""French sentences for critical weights, marks and prices.

Every number a sentence prints is one of the two rounded values of a critical
value (``inside``, which keeps the winner, and ``beyond``, which changes it),
both checked by re-scoring the whole tender; numbers and amounts are written
by :mod:`efc_scoring.present`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring import present

if TYPE_CHECKING:
    from efc_scoring.mcda.critical import Critical, CriticalAnalysis


def sentences(analysis: CriticalAnalysis) -> list[str]:
    if len(analysis.winners) != 1:
        return [
            f"Les offres {present.join(analysis.winners)} sont ex aequo en tête : le moindre "
            "changement de poids, de note ou de prix peut les départager."
        ]
    return [*weight_sentences(analysis), *mark_sentences(analysis), *price_sentences(analysis)]


def _lead(who: tuple[str, ...], base: tuple[str, ...]) -> str:
    if not who:
        return "toutes les offres seraient éliminées"
    if set(base) <= set(who):
        others = [o for o in who if o not in base]
        verb = "rejoindrait" if len(others) == 1 else "rejoindraient"
        return f"{present.join(others)} {verb} {present.join(base)} en tête (ex aequo)"
    verb = "passerait" if len(who) == 1 else "passeraient"
    return f"{present.join(who)} {verb} en tête"


def _num(x: Fraction | None, c: Critical) -> str:
    assert x is not None
    return present.number(x, up_to=c.places)


def _points(x: Fraction | None, c: Critical) -> str:
    assert x is not None
    return f"{_num(x, c)} {'points' if x >= 2 else 'point'}"


def _by_criterion(items: tuple[Critical, ...]) -> dict[str, list[Critical]]:
    out: dict[str, list[Critical]] = {}
    for c in items:
        out.setdefault(c.criterion or "", []).append(c)
    return out


def weight_sentences(analysis: CriticalAnalysis) -> list[str]:
    out: list[str] = []
    (winner,) = analysis.winners
    for criterion, items in _by_criterion(analysis.weights).items():
        label = analysis.labels.get(criterion, criterion)
        found = {c.direction: c for c in items if c.threshold is not None}
        if not found:
            out.append(
                f"Aucun poids du critère « {label} » entre 0 et 100 points ne change le lauréat."
            )
            continue
        down, up = found.get("down"), found.get("up")
        head = (
            f"Le lauréat reste {winner} tant que le poids du critère « {label} » "
            f"(aujourd'hui {_points(items[0].current, items[0])}) "
        )
        if down and up:
            head += f"reste entre {_num(down.inside, down)} et {_points(up.inside, up)}"
        elif up:
            head += f"ne dépasse pas {_points(up.inside, up)}"
        elif down:
            head += f"ne descend pas sous {_points(down.inside, down)}"
        tails = [
            f"à {_points(c.beyond, c)}, {_lead(c.new_winner, analysis.winners)}"
            for c in sorted(found.values(), key=lambda c: c.shown_change or 0)
        ]
        out.append(head + " ; " + " ; ".join(tails) + ".")
    return out


def mark_sentences(analysis: CriticalAnalysis) -> list[str]:
    out: list[str] = []
    (winner,) = analysis.winners
    for criterion, items in _by_criterion(analysis.marks).items():
        label = analysis.labels.get(criterion, criterion)
        shown = [c for c in items if c.rescored]
        if not shown:
            out.append(
                f"Critère « {label} » : aucune note, d'aucune offre, ne change le lauréat "
                "dans les limites du barème."
            )
            continue
        best = shown[0]
        change = best.shown_change or Fraction(0)
        sign = "-" if best.direction == "down" else "+"
        levels = "niveaux" if change >= 2 else "niveau"
        out.append(
            f"Critère « {label} » : la plus petite modification de note qui change le lauréat "
            f"porte sur {best.offer} : à {_num(best.beyond, best)} au lieu de "
            f"{present.number(best.current)} ({sign}{_num(change, best)} {levels}), "
            f"{_lead(best.new_winner, analysis.winners)} ; à {_num(best.inside, best)}, "
            f"{winner} resterait en tête."
        )
    return out


def price_sentences(analysis: CriticalAnalysis) -> list[str]:
    out: list[str] = []
    (winner,) = analysis.winners
    for c in analysis.prices:
        if c.threshold is None:
            if c.direction == "up":
                out.append(
                    f"Aucune hausse de son prix, si forte soit-elle, ne ferait perdre la "
                    f"première place à {c.offer}."
                )
            else:
                out.append(f"Aucune baisse de son prix ne suffirait à placer {c.offer} en tête.")
            continue
        assert c.beyond is not None and c.inside is not None
        now = present.money(c.current, analysis.currency)
        then = present.money(c.beyond, analysis.currency, places=max(2, c.places))
        kept = present.money(c.inside, analysis.currency, places=max(2, c.places))
        rel = (c.beyond - c.current) / c.current
        rel_text = ("+" if rel > 0 else "-") + present.percent(abs(rel))
        lead = _lead(c.new_winner, analysis.winners)
        if c.offer == winner:
            out.append(
                f"{c.offer} reste en tête tant que son prix ne dépasse pas {kept} (aujourd'hui "
                f"{now}) ; à {then} ({rel_text}), {lead}."
            )
        elif c.direction == "down" and c.new_winner == (c.offer,):
            out.append(
                f"{c.offer} passerait en tête si son prix baissait de {now} à {then} "
                f"({rel_text}) ; à {kept}, {winner} resterait en tête."
            )
        else:
            verb = "baissait" if c.direction == "down" else "montait"
            out.append(
                f"Si le prix de {c.offer} {verb} de {now} à {then} ({rel_text}), {lead} ; "
                f"à {kept}, {winner} resterait en tête."
            )
    return out
