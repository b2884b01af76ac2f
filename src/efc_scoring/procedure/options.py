"""PSE and optional tranches in the price the offers are compared on; variants.

An offer's ``price`` is its base offer; the PSE and optional tranches of its lot
are priced in ``options``. The offers are compared on the base offer plus every
optional tranche plus the PSE the buyer retains, **the same PSE for every
offer** of the lot (DAJ, fiche « L'examen des offres »; TA Pau, 2025,
n° 2500008). :func:`price_options` builds the tender whose prices are those
compared; :func:`rank_combinations` ranks the offers for every combination of
the compulsory PSE, so that the buyer sees whether the choice changes the
winner before recording it (:func:`retain_options`, with its reason, in the
ledger). :func:`variant_rankings` ranks the variants apart from the base
offers, or with them, as the tender says.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.errors import ProcedureError, ScoringError
from efc_scoring.model.offer import PriceLine
from efc_scoring.model.procedure import OptionKind, VariantRanking
from efc_scoring.model.tender import Tender
from efc_scoring.procedure._records import book

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.committee.ledger import Ledger
    from efc_scoring.scoring.evaluate import Evaluation

__all__ = [
    "MAX_COMPULSORY_PSE",
    "CombinationRanking",
    "price_options",
    "rank_combinations",
    "retain_options",
    "variant_rankings",
]

#: Beyond this many compulsory PSE on a lot, the 2^n combinations are not all ranked.
MAX_COMPULSORY_PSE = 8


def price_options(tender: Tender, pse: Mapping[str, Iterable[str]] | None = None) -> Tender:
    """The tender whose offer prices include the optional tranches and the retained PSE.

    Each offer's price becomes its base price plus its price for every optional
    tranche of its lot and every retained PSE; its price lines gain one line
    per option, so that the detail of the price shows them. The result records
    which options it includes (``priced_options``): a tender that declares
    options is only scored once priced.

    Parameters
    ----------
    tender
        The tender with its offers (base prices, and ``options`` priced).
    pse
        The PSE retained on each lot, ``{lot: [pse ids]}``; the same for every
        offer of the lot. By default none.

    Raises
    ------
    ProcedureError
        An unknown or misplaced PSE, or an offer that does not price an option
        it must be compared on (such an offer is irregular: record it so, and it
        is set aside before pricing).

    Examples
    --------
    >>> from decimal import Decimal
    >>> t = Tender.model_validate({
    ...     "id": "T", "title": "Transport", "buyer": "Ville", "procedure": "MAPA",
    ...     "lots": [{"id": "L1", "label": "Lot unique"}],
    ...     "criteria": [{"id": "prix", "label": "Prix", "kind": "price", "weight": 60,
    ...                   "scoring": {"method": "price"}},
    ...                  {"id": "env", "label": "Environnement", "kind": "environment",
    ...                   "weight": 40, "scoring": {"method": "rubric"}}],
    ...     "options": [{"id": "PSE1", "kind": "pse", "label": "Accompagnateurs", "lot": "L1",
    ...                  "compulsory": True}],
    ...     "offers": [{"id": "A", "bidder": "Cars A", "lot": "L1", "price": 1000,
    ...                 "options": {"PSE1": 150}}]})
    >>> price_options(t, {"L1": ["PSE1"]}).offer("A").total_price
    Decimal('1150')
    """
    retained = {lot: tuple(dict.fromkeys(ids)) for lot, ids in (pse or {}).items()}
    problems: list[str] = []
    for lot_id, ids in retained.items():
        try:
            tender.lot(lot_id)
        except KeyError as exc:
            raise ProcedureError(str(exc.args[0])) from None
        for option_id in ids:
            try:
                option = tender.option(option_id)
            except KeyError as exc:
                raise ProcedureError(str(exc.args[0])) from None
            if option.lot != lot_id or option.kind is not OptionKind.PSE:
                raise ProcedureError(
                    f"{option_id} n'est pas une PSE du lot {lot_id} ({option.kind.label} du lot "
                    f"{option.lot}) : ne retenir que des PSE du lot"
                )
    included: list[str] = []
    offers = []
    for offer in tender.offers:
        options = [o for o in tender.options_of(offer.lot) if o.kind is OptionKind.TRANCHE]
        options += [tender.option(i) for i in retained.get(offer.lot, ())]
        missing = [o for o in options if o.id not in offer.options]
        if missing:
            problems.append(
                f"l'offre {offer.id} ne chiffre pas "
                + present.join(f"{o.id} « {o.label} »" for o in missing)
            )
            continue
        included += [o.id for o in options]
        if not options or offer.total_price is None:
            offers.append(offer)
            continue
        base = list(offer.lines) or [
            PriceLine(item="Offre de base", quantity=Decimal(1), unit_price=offer.total_price)
        ]
        extra = [
            PriceLine(
                item=f"{o.id} : {o.label} ({o.kind.label})",
                quantity=Decimal(1),
                unit_price=offer.options[o.id],
            )
            for o in options
        ]
        total = offer.total_price + sum((offer.options[o.id] for o in options), Decimal(0))
        offers.append(offer.model_copy(update={"price": total, "lines": (*base, *extra)}))
    if problems:
        raise ProcedureError(
            "prix comparés impossibles à établir : "
            + " ; ".join(problems)
            + " — une offre qui ne chiffre pas une tranche optionnelle ou une PSE retenue est "
            "irrégulière : l'enregistrer comme telle (efc-scoring status), ou retenir d'autres PSE"
        )
    return tender.model_copy(
        update={"offers": tuple(offers), "priced_options": tuple(dict.fromkeys(included))}
    )


@dataclass(frozen=True)
class Combination:
    """One combination of the compulsory PSE of a lot and the ranking it gives."""

    pse: tuple[str, ...]
    ranks: tuple[tuple[str, int | None], ...]
    totals: tuple[tuple[str, float], ...]
    winners: tuple[str, ...]

    @property
    def label(self) -> str:
        """« offre de base » or « offre de base + PSE1 + PSE2 »."""
        return "offre de base" + "".join(f" + {p}" for p in self.pse)


@dataclass(frozen=True)
class CombinationRanking:
    """The ranking of a lot's offers for every combination of its compulsory PSE."""

    lot: str
    combinations: tuple[Combination, ...]

    @property
    def winner_depends_on_choice(self) -> bool:
        """Whether two combinations have different winners."""
        return len({c.winners for c in self.combinations}) > 1

    def to_frame(self) -> pd.DataFrame:
        """One row per combination and offer: PSE included, total, rank (tidy)."""
        import pandas as pd

        rows = [
            {
                "lot": self.lot,
                "combination": c.label,
                "pse": "+".join(c.pse),
                "offer": offer,
                "total": dict(c.totals)[offer],
                "rank": rank,
            }
            for c in self.combinations
            for offer, rank in c.ranks
        ]
        return pd.DataFrame(rows, columns=["lot", "combination", "pse", "offer", "total", "rank"])

    def sentences(self) -> list[str]:
        """French sentences: the winner of each combination, and whether the choice matters."""
        out = [
            f"{c.label[0].upper()}{c.label[1:]} : classée première, "
            f"{present.join(c.winners) or 'aucune offre'}."
            for c in self.combinations
        ]
        if self.winner_depends_on_choice:
            out.append(
                "Le choix des PSE change l'offre classée première : la décision de les retenir "
                "doit être prise et motivée au regard du besoin et des crédits, la même pour "
                "toutes les offres, et consignée avant l'attribution."
            )
        else:
            out.append("Le choix des PSE ne change pas l'offre classée première.")
        return out

    def _repr_html_(self) -> str:
        from html import escape

        return "<ul>" + "".join(f"<li>{escape(s)}</li>" for s in self.sentences()) + "</ul>"


def rank_combinations(
    tender: Tender,
    lot: str,
    *,
    marks: Mapping[tuple[str, str], Any] | None = None,
    ledger: Ledger | str | os.PathLike[str] | None = None,
    round: str | None = None,
) -> CombinationRanking:
    """Rank the offers of a lot for every combination of its compulsory PSE.

    Offers that do not price every compulsory PSE are left out of every
    combination (they are irregular). With the committee's ``ledger`` (and
    no ``marks``), the offers are ranked as ``score`` ranks them for the
    report: with the committee's decisions where it took one (the mean of the
    individual marks elsewhere), without the offers set aside in the round.
    Without a ledger, with ``marks`` or the mean of the individual marks.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> ranking = rank_combinations(load_tender(sample_path("nettoyage")), "L1")
    >>> [c.label for c in ranking.combinations]
    ['offre de base']
    """
    from efc_scoring.scoring.evaluate import score

    tender.lot(lot)
    if ledger is not None and marks is None:
        from efc_scoring.committee._consolidate import consolidate
        from efc_scoring.committee.decisions import committee_decisions
        from efc_scoring.procedure._rounds_key import round_key
        from efc_scoring.procedure.admissibility import set_aside
        from efc_scoring.scoring.evaluate import take_out

        key = round_key(tender, round)
        gone = set_aside(tender, ledger, key)
        if gone:
            tender = take_out(tender, gone)[0]
        decisions = committee_decisions(ledger, round=key)
        marks = consolidate(tender, method="consensus", consensus=decisions).marks()
    compulsory = [o.id for o in tender.options_of(lot, OptionKind.PSE) if o.compulsory]
    if len(compulsory) > MAX_COMPULSORY_PSE:
        raise ProcedureError(
            f"{len(compulsory)} PSE obligatoires sur le lot {lot} : au-delà de "
            f"{MAX_COMPULSORY_PSE}, les {2 ** len(compulsory)} combinaisons ne sont pas toutes "
            "classées ; regrouper les PSE"
        )
    complete = [o for o in tender.offers_in(lot) if all(p in o.options for p in compulsory)]
    others = [o for o in tender.offers if o.lot != lot]
    base = tender.model_copy(update={"offers": tuple(complete + others)})
    combos = []
    for n in range(len(compulsory) + 1):
        for chosen in itertools.combinations(compulsory, n):
            priced = price_options(base, {lot: chosen})
            evaluation = score(priced, marks)
            ids = [o.id for o in complete]
            combos.append(
                Combination(
                    pse=chosen,
                    ranks=tuple((o, evaluation.ranks.get(o)) for o in ids),
                    totals=tuple((o, float(evaluation.totals[o])) for o in ids),
                    winners=evaluation.winners(lot),
                )
            )
    return CombinationRanking(lot, tuple(combos))


def retain_options(
    tender: Tender,
    lot: str,
    pse: Iterable[str],
    reason: str,
    *,
    by: str,
    ledger: Ledger | str | os.PathLike[str],
    round: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Record the PSE retained on a lot, the same for every offer, with the reason.

    A facultative PSE can be retained only when every offer of the lot prices
    it; a compulsory one is priced by every compliant offer.

    Raises
    ------
    ProcedureError
        An unknown PSE, one of another lot, no reason, or a facultative PSE some
        offers did not price (it could not be retained for all alike).
    """
    chosen = tuple(dict.fromkeys(pse))
    if not reason or not reason.strip():
        raise ProcedureError(
            "dire pourquoi ces PSE sont retenues (besoin, crédits disponibles) : le choix est "
            "motivé et consigné, le même pour toutes les offres"
        )
    tender.lot(lot)
    for option_id in chosen:
        try:
            option = tender.option(option_id)
        except KeyError as exc:
            raise ProcedureError(str(exc.args[0])) from None
        if option.lot != lot or option.kind is not OptionKind.PSE:
            raise ProcedureError(f"{option_id} n'est pas une PSE du lot {lot}")
        if not option.compulsory:
            missing = [o.id for o in tender.offers_in(lot) if option_id not in o.options]
            if missing:
                raise ProcedureError(
                    f"la PSE facultative {option_id} n'est pas chiffrée par les offres "
                    f"{present.join(missing)} : la retenir comparerait des offres sur des "
                    "prestations différentes ; la même PSE doit valoir pour toutes les offres"
                )
    return book(ledger).append(
        "options",
        {"round": round, "lot": lot, "pse": list(chosen)},
        who=by,
        justification=reason.strip(),
        at=at,
    )


def variant_rankings(
    tender: Tender, marks: Mapping[tuple[str, str], Any] | None = None
) -> dict[str, Evaluation]:
    """The rankings the rules of the consultation ask for: variants apart or with the base offers.

    Returns ``{"base": evaluation}`` when the tender has no variant or ranks
    them with the base offers (``{"ensemble": evaluation}`` then), else
    ``{"base": ..., "variantes": ...}``, each ranked with its own lowest price.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> sorted(variant_rankings(load_tender(sample_path("nettoyage"))))
    ['base']
    """
    from efc_scoring.scoring.evaluate import score

    variants = [o for o in tender.offers if o.variant_of is not None]
    if not variants:
        return {"base": score(tender, marks)}
    if tender.variants.ranking is VariantRanking.MERGED:
        return {"ensemble": score(tender, marks)}
    base_offers = tuple(o for o in tender.offers if o.variant_of is None)
    if not base_offers:
        raise ScoringError("aucune offre de base : seules des variantes ont été remises")
    out = {"base": score(tender.model_copy(update={"offers": base_offers}), marks)}
    out["variantes"] = score(tender.model_copy(update={"offers": tuple(variants)}), marks)
    return out
