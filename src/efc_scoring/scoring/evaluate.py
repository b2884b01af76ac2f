"""Weighted scoring of offers down the criteria tree, elimination and ranking.

:func:`score` is the pure computation; :class:`Evaluation` holds its frozen
result. Every point is traceable: each line records the criterion, its weight,
the method or formula, the input (mark, price or value) and the share earned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring._deprecation import renamed_keywords
from efc_scoring.errors import ErrorCode, ScoringError
from efc_scoring.model.committee import Mark
from efc_scoring.model.criteria import NumericScoring, PriceScoring, RubricScoring
from efc_scoring.model.tender import Tender
from efc_scoring.scoring.abnormal import AbnormalityCheck, check_abnormally_low
from efc_scoring.scoring.numeric import numeric_shares
from efc_scoring.scoring.price import FORMULA_TEXT, price_points

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.model.criteria import Criterion
    from efc_scoring.model.offer import Offer

__all__ = ["Evaluation", "Line", "committee_means", "score"]

MarkKey = tuple[str, str]  # (offer id, criterion id)


@dataclass(frozen=True)
class Line:
    """The points of one offer on one leaf criterion, and how they were computed."""

    lot: str
    offer: str
    bidder: str
    criterion: str
    parents: tuple[str, ...]
    kind: str
    weight: Decimal
    method: str
    input: str
    formula: str
    share: Fraction
    points: Fraction
    detail: str


@dataclass(frozen=True)
class Evaluation:
    """The scored offers of a tender: points per criterion, totals, eliminations, ranks.

    Build it with :func:`score`. Exact values are kept as fractions; the frames
    give floats for analysis.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> evaluation = score(load_tender(sample_path("nettoyage")))
    >>> evaluation.winners("L1"), evaluation.ranks["O3"]
    (('O1',), 3)
    >>> evaluation.total("O1")  # exact
    Fraction(712336, 8637)
    >>> round(float(evaluation.total("O1")), 2)
    82.47
    """

    tender: Tender
    lines: tuple[Line, ...]
    totals: Mapping[str, Fraction]
    eliminated: Mapping[str, str]
    abnormal: Mapping[str, tuple[AbnormalityCheck, ...]]
    marks_source: str
    ranks: Mapping[str, int | None] = field(default_factory=dict)
    #: Offers set aside before scoring (irregular, unacceptable, inappropriate, rejected as
    #: abnormally low), each with its reason in French; they are not in ``tender``.
    set_aside: Mapping[str, str] = field(default_factory=dict)
    #: The tender as received, set-aside offers included (``tender`` when none was set aside).
    received: Tender | None = None

    @property
    def offers_received(self) -> Tender:
        """The tender with every offer received, those set aside included."""
        return self.received if self.received is not None else self.tender

    # ------------------------------------------------------------------ frames
    def to_frame(self) -> pd.DataFrame:
        """One row per offer and leaf criterion (tidy): inputs, shares, points, formula."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "lot": ln.lot,
                    "offer": ln.offer,
                    "bidder": ln.bidder,
                    "criterion": ln.criterion,
                    "parents": "/".join(ln.parents),
                    "kind": ln.kind,
                    "weight": float(ln.weight),
                    "method": ln.method,
                    "input": ln.input,
                    "formula": ln.formula,
                    "share": float(ln.share),
                    "points": float(ln.points),
                    "detail": ln.detail,
                }
                for ln in self.lines
            ]
        )

    def criteria_frame(self) -> pd.DataFrame:
        """Points of every offer on every node of the tree, parents included."""
        import pandas as pd

        rows = []
        by_offer: dict[str, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
        for ln in self.lines:
            for node in (*ln.parents, ln.criterion):
                by_offer[ln.offer][node] += ln.points
        for offer in self.tender.offers:
            for node_id, (criterion, parents) in self.tender.nodes.items():
                rows.append(
                    {
                        "lot": offer.lot,
                        "offer": offer.id,
                        "criterion": node_id,
                        "label": criterion.label,
                        "depth": len(parents),
                        "weight": float(criterion.weight),
                        "points": float(by_offer[offer.id][node_id]),
                    }
                )
        return pd.DataFrame(rows)

    def totals_frame(self) -> pd.DataFrame:
        """One row per offer: lot, bidder, price, total points, elimination, rank, ties."""
        import pandas as pd

        rows = []
        rank_counts: dict[tuple[str, int], int] = defaultdict(int)
        for offer in self.tender.offers:
            rank = self.ranks.get(offer.id)
            if rank is not None:
                rank_counts[(offer.lot, rank)] += 1
        for offer in self.tender.offers:
            rank = self.ranks.get(offer.id)
            flags = [c for c in self.abnormal.get(offer.lot, ()) if c.offer == offer.id]
            rows.append(
                {
                    "lot": offer.lot,
                    "offer": offer.id,
                    "bidder": offer.bidder,
                    "price": float(offer.total_price) if offer.total_price is not None else None,
                    "total": float(self.totals[offer.id]),
                    "eliminated": offer.id in self.eliminated,
                    "elimination_reason": self.eliminated.get(offer.id, ""),
                    "abnormally_low": bool(flags and flags[0].flagged),
                    "rank": rank,
                    "tied": rank is not None and rank_counts[(offer.lot, rank)] > 1,
                }
            )
        return pd.DataFrame(rows).astype({"rank": "Int64"})

    def ranking(self, lot: str | None = None) -> pd.DataFrame:
        """The offers of a lot (or of every lot) by rank; eliminated offers last."""
        frame = self.totals_frame()
        if lot is not None:
            self.tender.lot(lot)
            frame = frame[frame["lot"] == lot]
        return frame.sort_values(
            ["lot", "eliminated", "rank", "offer"], na_position="last", kind="stable"
        ).reset_index(drop=True)

    def winners(self, lot: str) -> tuple[str, ...]:
        """The offer(s) ranked first on a lot (several when tied)."""
        self.tender.lot(lot)
        return tuple(o.id for o in self.tender.offers_in(lot) if self.ranks.get(o.id) == 1)

    def total(self, offer: str) -> Fraction:
        """Exact total points of an offer."""
        return self.totals[offer]

    def explain(self, offer: str) -> str:
        """A French account of an offer's points, criterion by criterion."""
        o = self.tender.offer(offer)
        total = present.points(self.totals[o.id])
        out = [f"Offre {o.id} ({o.bidder}), lot {o.lot} : {total} points sur 100"]
        for ln in self.lines:
            if ln.offer == offer:
                label = self.tender.criterion(ln.criterion).label
                out.append(
                    f"  - {label} ({_num(ln.weight)} pts) : {present.points(ln.points)} pts"
                    f" — {ln.detail}"
                )
        if offer in self.eliminated:
            out.append(f"  Éliminée : {self.eliminated[offer]}")
        rank = self.ranks.get(offer)
        if rank is not None:
            out.append(f"  Rang : {rank}")
        return "\n".join(out)

    def with_marks(self, changes: Mapping[MarkKey, Any]) -> Evaluation:
        """The evaluation with some marks changed, re-scored where they count.

        Exactly what :func:`score` gives with the same marks and these changes
        (lines, totals, eliminations, ranks), at the cost of the offers whose
        marks change: a mark counts only in its own line, so only those lines,
        the totals and eliminations of their offers and the ranks are computed
        again. The committee's what-if (« et si la commission retenait 3 ? »)
        and the agenda's re-scoring of each disputed item use it.

        Parameters
        ----------
        changes
            ``{(offer, criterion): level}`` on criteria marked on a scale.

        Raises
        ------
        ParameterError
            A criterion not marked on a scale (prices and declared values are
            not marks), or an unknown offer or criterion.

        Examples
        --------
        >>> from efc_scoring import load_tender, sample_path, score
        >>> tender = load_tender(sample_path("nettoyage"))
        >>> now = score(tender)
        >>> what_if = now.with_marks({("O5", "env.transport"): 4})
        >>> what_if.totals == score(tender, {**committee_means(tender),
        ...                                   ("O5", "env.transport"): 4}).totals
        True
        """
        from efc_scoring.errors import ParameterError

        tender = self.tender
        levels = {key: _exact(value) for key, value in changes.items()}
        if not levels:
            return self
        new_lines: dict[MarkKey, Line] = {}
        for offer_id, criterion_id in levels:
            try:
                offer = tender.offer(offer_id)
                leaf = tender.criterion(criterion_id)
            except KeyError as exc:
                raise ParameterError(f"note à changer inconnue : {exc.args[0]}") from None
            if not isinstance(leaf.scoring, RubricScoring):
                raise ParameterError(
                    f"le critère {criterion_id} n'est pas noté par la commission : seule une "
                    "note sur une échelle se change"
                )
            parents = tender.nodes[leaf.id][1]
            (line,) = _score_leaf(tender, leaf, parents, [offer], levels, [])
            new_lines[(offer_id, criterion_id)] = line
        lines = tuple(new_lines.get((ln.offer, ln.criterion), ln) for ln in self.lines)
        touched = {offer for offer, _ in levels}
        totals = dict(self.totals)
        node_points: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
        for offer_id in touched:
            totals[offer_id] = Fraction(0)
        for ln in lines:
            if ln.offer in touched:
                totals[ln.offer] += ln.points
                for node in (*ln.parents, ln.criterion):
                    node_points[(ln.offer, node)] += ln.points
        eliminated = {k: v for k, v in self.eliminated.items() if k not in touched}
        eliminated.update(
            _eliminations(tender, [o for o in tender.offers if o.id in touched], node_points)
        )
        ranks = _rank(tender, totals, eliminated)
        return Evaluation(
            tender,
            lines,
            totals,
            eliminated,
            self.abnormal,
            self.marks_source,
            ranks,
            self.set_aside,
            self.received,
        )

    def _repr_html_(self) -> str:
        return self.ranking().to_html(index=False, float_format=lambda x: present.number(x, 2))


@renamed_keywords(scores="marks")
def committee_means(tender: Tender, marks: Iterable[Mark] | None = None) -> dict[MarkKey, Fraction]:
    """Exact mean of the evaluators' marks for each offer and rubric criterion.

    ``marks`` restricts the means to some marks (one evaluator left out, say);
    by default every mark of the tender counts.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> means = committee_means(load_tender(sample_path("nettoyage")))
    >>> all(0 <= v <= 5 for v in means.values())
    True
    """
    sums: dict[MarkKey, list[Fraction]] = defaultdict(list)
    for s in tender.marks if marks is None else marks:
        sums[(s.offer, s.criterion)].append(Fraction(s.value))
    return {k: sum(v, Fraction(0)) / len(v) for k, v in sums.items()}


def score(
    tender: Tender,
    marks: Mapping[MarkKey, Any] | pd.DataFrame | None = None,
    *,
    abnormal_above: Decimal | float | str = "0.20",
    abnormal_below: Decimal | float | str = "0.10",
    set_aside: Mapping[str, str] | None = None,
) -> Evaluation:
    """Score every offer of a tender and rank them per lot.

    Offers ``set_aside`` (irregular, unacceptable or inappropriate offers,
    offers rejected as abnormally low: art. L. 2152-1 and R. 2152-4 of the
    code de la commande publique) are taken out before anything is computed:
    they are neither scored nor ranked, and their prices neither set the best
    price of the formula nor count in the abnormally-low check. The evaluation
    keeps them with their reasons (``set_aside``) and the tender as received
    (``offers_received``).

    Parameters
    ----------
    tender
        The tender with its offers (and, by default, its committee's marks).
    marks
        Levels of the rubric criteria, as ``{(offer, criterion): level}`` or a
        DataFrame with columns ``offer``, ``criterion``, ``value``. By default
        the exact mean of the committee's marks (``tender.marks``).
    abnormal_above, abnormal_below
        Parameters of the abnormally-low-offer check (see
        :func:`~efc_scoring.scoring.abnormal.check_abnormally_low`).
    set_aside
        ``{offer: reason}``: the offers set aside and why, in French, as
        :func:`efc_scoring.procedure.set_aside` gives them from the ledger.

    Raises
    ------
    ScoringError
        When a rubric criterion has no mark for an offer (listing every gap).
    ParameterError
        An offer set aside that the tender does not have, or a reason left empty.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> evaluation = score(load_tender(sample_path("nettoyage")))
    >>> print(evaluation.ranking()[["rank", "offer", "bidder", "total"]].round(2).to_string())
       rank offer                       bidder  total
    0     1    O1             EcoNet Rhône SAS  82.47
    1     2    O2  Propreté Bugey Distribution  76.24
    2     3    O3       Hygiène Pro Centre-Est  64.04
    3     4    O4          Distri-Clean France  58.67
    4     5    O5           Laboratoires Sanéo  56.21
    """
    received = None
    gone: dict[str, str] = {}
    if set_aside:
        received = tender
        tender, gone = take_out(tender, set_aside)
    _check_options_priced(tender)
    if marks is None:
        levels = committee_means(tender)
        source = "moyenne des notes de la commission"
    else:
        levels = _marks_from(marks)
        source = "notes fournies"
    lines: list[Line] = []
    missing: list[str] = []
    abnormal: dict[str, tuple[AbnormalityCheck, ...]] = {}
    for lot in tender.lots:
        offers = tender.offers_in(lot.id)
        if not offers:
            continue
        priced = [(o.id, o.total_price) for o in offers if o.total_price is not None]
        abnormal[lot.id] = (
            tuple(
                check_abnormally_low(
                    priced, above=abnormal_above, below=abnormal_below, currency=tender.currency
                )
            )
            if priced
            else ()
        )
        for leaf in tender.leaves:
            parents = tender.nodes[leaf.id][1]
            lines += _score_leaf(tender, leaf, parents, offers, levels, missing)
    if missing:
        shown = " ; ".join(missing[:20]) + (" ..." if len(missing) > 20 else "")
        raise ScoringError(
            f"{present.count(len(missing), 'note manquante', 'notes manquantes')} sur des "
            f"critères notés par la commission : {shown}. Importer les notes de la commission "
            "(efc-scoring import, scores.csv) ou les passer à `marks=`.",
            code=ErrorCode.MISSING_MARK,
        )
    totals: dict[str, Fraction] = {o.id: Fraction(0) for o in tender.offers}
    node_points: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for ln in lines:
        totals[ln.offer] += ln.points
        for node in (*ln.parents, ln.criterion):
            node_points[(ln.offer, node)] += ln.points
    eliminated = _eliminations(tender, tender.offers, node_points)
    ranks = _rank(tender, totals, eliminated)
    return Evaluation(
        tender, tuple(lines), totals, eliminated, abnormal, source, ranks, gone, received
    )


def take_out(tender: Tender, set_aside: Mapping[str, str]) -> tuple[Tender, dict[str, str]]:
    """The tender without the offers set aside (nor their marks), and the offers set aside.

    Every offer set aside must be known and have its reason.
    """
    from efc_scoring.errors import ParameterError

    known = {o.id for o in tender.offers}
    unknown = sorted(set(set_aside) - known)
    if unknown:
        raise ParameterError(
            f"offre(s) écartée(s) inconnue(s) : {present.join(unknown)} ; offres du marché : "
            f"{present.join(sorted(known)) or 'aucune'}",
            code=ErrorCode.UNKNOWN_ID,
        )
    empty = sorted(o for o, why in set_aside.items() if not str(why).strip())
    if empty:
        raise ParameterError(
            f"offre(s) écartée(s) sans motif : {present.join(empty)} ; le motif est dit au "
            "rapport et au candidat"
        )
    gone = {o.id: str(set_aside[o.id]).strip() for o in tender.offers if o.id in set_aside}
    kept = tender.model_copy(
        update={
            "offers": tuple(o for o in tender.offers if o.id not in gone),
            "marks": tuple(m for m in tender.marks if m.offer not in gone),
        }
    )
    return kept, gone


def _eliminations(
    tender: Tender, offers: Iterable[Any], node_points: Mapping[tuple[str, str], Fraction]
) -> dict[str, str]:
    """Offers under the threshold of a node of the tree, with the reason (French)."""
    eliminated: dict[str, str] = {}
    for offer in offers:
        reasons = []
        for node_id, (node, _) in tender.nodes.items():
            got = node_points.get((offer.id, node_id), Fraction(0))
            if node.threshold is not None and got < node.threshold:
                reasons.append(
                    f"{node.label} : {present.points(got)} pts, "
                    f"sous le seuil de {_num(node.threshold)} pts"
                )
        if reasons:
            eliminated[offer.id] = " ; ".join(reasons)
    return eliminated


def _check_options_priced(tender: Tender) -> None:
    """Refuse to score base prices when the tender's offers are compared with options."""
    if tender.priced_options is not None:
        return
    must = [o for o in tender.options if o.kind.value == "tranche" and tender.offers_in(o.lot)]
    if must:
        shown = present.join(f"{o.id} (lot {o.lot})" for o in must)
        raise ScoringError(
            f"le marché déclare des tranches optionnelles ({shown}) : les offres sont comparées "
            "sur la tranche ferme et toutes les tranches optionnelles. Noter le marché établi "
            "par efc_scoring.procedure.price_options(tender, {lot: [PSE retenues]}), qui inclut "
            "aussi les PSE retenues.",
            code=ErrorCode.OPTIONS_NOT_PRICED,
        )


def _score_leaf(
    tender: Tender,
    leaf: Criterion,
    parents: tuple[str, ...],
    offers: Sequence[Offer],
    levels: Mapping[MarkKey, Fraction],
    missing: list[str],
) -> list[Line]:
    scoring = leaf.scoring
    weight = Fraction(leaf.weight)
    common: dict[str, Any] = {"parents": parents, "kind": leaf.kind.value, "weight": leaf.weight}
    out: list[Line] = []
    if isinstance(scoring, PriceScoring):
        prices = [_total_price(o) for o in offers]
        points = price_points(scoring.formula, prices, weight)
        pmin, pmax = min(prices), max(prices)
        for o, pts, p in zip(offers, points, prices, strict=True):
            detail = (
                f"prix {present.money(p, tender.currency)}, "
                f"formule {FORMULA_TEXT[scoring.formula]} "
                f"(Pmin {present.money(pmin, tender.currency)}, "
                f"Pmax {present.money(pmax, tender.currency)}, Nmax {_num(leaf.weight)})"
            )
            out.append(
                Line(
                    o.lot,
                    o.id,
                    o.bidder,
                    leaf.id,
                    method="price",
                    input=str(p),
                    formula=FORMULA_TEXT[scoring.formula],
                    share=pts / weight,
                    points=pts,
                    detail=detail,
                    **common,
                )
            )
    elif isinstance(scoring, NumericScoring):
        values = [o.values[scoring.key] for o in offers]
        shares, best, worst = numeric_shares(scoring, values)
        arrow = "plus haut" if scoring.direction.value == "higher_is_better" else "plus bas"
        for o, share, v in zip(offers, shares, values, strict=True):
            detail = (
                f"valeur déclarée {_num(v)} {present.unit(v, scoring.unit)}".rstrip()
                + f" ; meilleur {_num(best)}, pire {_num(worst)} ({arrow} = mieux), "
                f"part {present.percent(share)}"
            )
            out.append(
                Line(
                    o.lot,
                    o.id,
                    o.bidder,
                    leaf.id,
                    method="numeric",
                    input=str(v),
                    formula="Nmax × (v − pire) / (meilleur − pire)",
                    share=share,
                    points=share * weight,
                    detail=detail,
                    **common,
                )
            )
    else:
        assert isinstance(scoring, RubricScoring)
        scale = scoring.scale
        known: dict[Fraction, tuple[Fraction, Fraction, str, str]] = {}  # few distinct levels
        for o in offers:
            level = levels.get((o.id, leaf.id))
            if level is None:
                missing.append(f"offre {o.id}, critère {leaf.id}")
                continue
            if level not in known:
                share = scale.share(level)
                # a mean of marks is shown with two decimals (its points stay exact)
                detail = f"niveau {present.mark(level)} sur {_num(scale.max)}"
                if level.denominator == 1:
                    detail += f" ({scale.label_of(level.numerator)})"
                known[level] = (share, share * weight, present.mark(level), detail)
            share, leaf_points, shown, detail = known[level]
            out.append(
                Line(
                    o.lot,
                    o.id,
                    o.bidder,
                    leaf.id,
                    method="rubric",
                    input=shown,
                    formula="Nmax × (niveau − min) / (max − min)",
                    share=share,
                    points=leaf_points,
                    detail=detail,
                    **common,
                )
            )
    return out


def _total_price(offer: Offer) -> Decimal:
    """The offer's total price (a tender with a price criterion is validated to have one)."""
    if offer.total_price is None:
        raise ScoringError(
            f"l'offre {offer.id} n'a pas de prix alors que le marché note le prix : "
            "indiquer son prix (price ou lignes de prix) dans le fichier des offres",
            code=ErrorCode.PRICE,
        )
    return offer.total_price


def _marks_from(marks: Mapping[MarkKey, Any] | pd.DataFrame) -> dict[MarkKey, Fraction]:
    if isinstance(marks, Mapping):
        items: Iterable[tuple[MarkKey, Any]] = marks.items()
    else:
        columns = (marks[name].tolist() for name in ("offer", "criterion", "value"))
        items = (
            ((offer, criterion), value) for offer, criterion, value in zip(*columns, strict=True)
        )
    return {key: _exact(value) for key, value in items}


def _exact(value: Any) -> Fraction:
    if isinstance(value, Fraction | int):
        return Fraction(value)
    return Fraction(Decimal(str(value)))


def _rank(
    tender: Tender, totals: Mapping[str, Fraction], eliminated: Mapping[str, str]
) -> dict[str, int | None]:
    """Competition ranking per lot ("1, 1, 3"): tied totals share a rank."""
    ranks: dict[str, int | None] = {}
    for lot in tender.lots:
        competing = sorted(
            (o.id for o in tender.offers_in(lot.id) if o.id not in eliminated),
            key=lambda oid: totals[oid],
            reverse=True,
        )
        previous: Fraction | None = None
        rank = 0
        for position, oid in enumerate(competing, start=1):
            if totals[oid] != previous:
                rank, previous = position, totals[oid]
            ranks[oid] = rank
        for o in tender.offers_in(lot.id):
            ranks.setdefault(o.id, None)
    return ranks


def _num(x: Decimal | Fraction | int) -> str:
    """A weight, a level or a declared value as written (every digit of a Decimal)."""
    return present.number(x, up_to=None)
