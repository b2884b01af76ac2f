"""The committee's discussion agenda: the disputed items, the most decisive first.

An item (an offer on a criterion) is disputed when the evaluators' marks are
far apart (by default a range of 2 levels or more on a 0-5 scale). Each
disputed item is settled twice in imagination, at its lowest and at its
highest individual mark, and the offers are re-scored: items that could change
the winner come first, then those that move the most ranks, then those worth
the most points. Beside each evaluator's mark and reason, the agenda shows the
evidence engine's proposed level and quotes when the engine is available.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring._deprecation import lot_moved, renamed_keywords
from efc_scoring.committee._common import MarksArg, with_marks
from efc_scoring.committee._consolidate import METHOD_LABELS, Consolidation, Item, consolidate
from efc_scoring.committee._proposals import Proposal, engine_proposals
from efc_scoring.errors import ParameterError
from efc_scoring.model.tender import Tender

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring._typing import AssessmentsArg

__all__ = ["Agenda", "AgendaItem", "Proposal", "agenda", "unsettled_items"]

Rule = int | float | Fraction | Callable[[Item], bool] | None


@dataclass(frozen=True)
class AgendaItem:
    """A disputed item and what settling it either way would do to the ranking.

    ``marks`` holds ``(evaluator id, name, role, mark, justification)``;
    ``rank_*`` and ``winners_*`` are the offer's rank and the lot's winners
    now, with the item at its lowest mark and at its highest; ``rank_moves``
    is the largest total of rank changes over the lot's offers in either case;
    ``swing`` the points of the offer between its lowest and highest mark.
    """

    offer: str
    bidder: str
    lot: str
    criterion: str
    label: str
    weight: Fraction
    marks: tuple[tuple[str, str, str, Fraction, str], ...]
    consolidated: Fraction
    low: Fraction
    high: Fraction
    std: float
    rank_now: int | None
    rank_low: int | None
    rank_high: int | None
    winners_now: tuple[str, ...]
    winners_low: tuple[str, ...]
    winners_high: tuple[str, ...]
    rank_moves: int
    swing: Fraction
    proposals: tuple[Proposal, ...] = ()

    @property
    def range(self) -> Fraction:
        return self.high - self.low

    @property
    def changes_winner(self) -> bool:
        """Whether settling the item at one end or the other changes the lot's winner."""
        return self.winners_low != self.winners_high

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view (marks as floats)."""
        return {
            "offer": self.offer,
            "bidder": self.bidder,
            "lot": self.lot,
            "criterion": self.criterion,
            "label": self.label,
            "weight": float(self.weight),
            "consolidated": float(self.consolidated),
            "min": float(self.low),
            "max": float(self.high),
            "range": float(self.range),
            "std": self.std,
            "rank_now": self.rank_now,
            "rank_low": self.rank_low,
            "rank_high": self.rank_high,
            "winners_now": list(self.winners_now),
            "winners_low": list(self.winners_low),
            "winners_high": list(self.winners_high),
            "changes_winner": self.changes_winner,
            "rank_moves": self.rank_moves,
            "swing": float(self.swing),
            "marks": [
                {"evaluator": ev, "name": name, "role": role, "mark": float(m), "justification": j}
                for ev, name, role, m, j in self.marks
            ],
            "engine": [
                p.__dict__
                | {
                    "level": None if p.level is None else float(p.level),
                    "quotes": list(p.quotes),
                    "shown": p.shown,
                }
                for p in self.proposals
            ],
        }


@dataclass(frozen=True)
class Agenda:
    """The disputed items of a tender, the most decisive first (build it with :func:`agenda`).

    Examples
    --------
    >>> from efc_scoring import agenda, load_tender, sample_path
    >>> items = agenda(load_tender(sample_path("nettoyage")), evidence=False)
    >>> len(items), items.rule
    (2, "écart d'au moins 2 niveaux entre évaluateurs (sur une échelle de 0 à 5)")
    >>> print(items.to_text().splitlines()[4])
    1. O5 (Laboratoires Sanéo) — Empreinte carbone des livraisons (10 pts)
    """

    tender: Tender
    items: tuple[AgendaItem, ...]
    rule: str
    method: str
    engine_note: str = ""

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[AgendaItem]:
        return iter(self.items)

    def to_frame(self) -> pd.DataFrame:
        """One row per disputed item and evaluator (tidy), in agenda order."""
        import pandas as pd

        rows = []
        for position, it in enumerate(self.items, start=1):
            engine = "; ".join(f"{p.question}: {p.shown}" for p in it.proposals)
            for ev, name, role, mark, justification in it.marks:
                rows.append(
                    {
                        "order": position,
                        "offer": it.offer,
                        "bidder": it.bidder,
                        "criterion": it.criterion,
                        "label": it.label,
                        "min": float(it.low),
                        "max": float(it.high),
                        "range": float(it.range),
                        "consolidated": float(it.consolidated),
                        "changes_winner": it.changes_winner,
                        "rank_moves": it.rank_moves,
                        "swing": float(it.swing),
                        "evaluator": ev,
                        "name": name,
                        "role": role,
                        "mark": float(mark),
                        "justification": justification,
                        "engine": engine,
                    }
                )
        columns = [
            "order",
            "offer",
            "bidder",
            "criterion",
            "label",
            "min",
            "max",
            "range",
            "consolidated",
            "changes_winner",
            "rank_moves",
            "swing",
            "evaluator",
            "name",
            "role",
            "mark",
            "justification",
            "engine",
        ]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready view of the agenda."""
        return {
            "tender": self.tender.id,
            "rule": self.rule,
            "method": self.method,
            "engine_note": self.engine_note,
            "items": [it.to_dict() for it in self.items],
        }

    def to_text(self) -> str:
        """The agenda in French, for the terminal or a minute."""
        out = [
            f"Ordre du jour de la commission — {self.tender.title}",
            f"Règle : {self.rule} ; notes consolidées par {METHOD_LABELS[self.method]}.",
        ]
        if not self.items:
            out.append("Aucun point en désaccord : la commission peut valider les notes.")
            return "\n".join(out)
        out.append(
            f"{present.count(len(self.items), 'point')} à discuter, "
            "du plus décisif au moins décisif."
        )
        for n, it in enumerate(self.items, start=1):
            out += ["", *_item_text(n, it)]
        if self.engine_note:
            out += ["", f"Note : {self.engine_note}."]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        from html import escape

        return f"<pre>{escape(self.to_text())}</pre>"


def _rank(rank: int | None) -> str:
    return "éliminée" if rank is None else f"{rank}{'er' if rank == 1 else 'e'}"


def _item_text(n: int, it: AgendaItem) -> list[str]:
    winner = "change l'attributaire" if it.changes_winner else "ne change pas l'attributaire"
    lines = [
        f"{n}. {it.offer} ({it.bidder}) — {it.label} ({present.mark(it.weight)} pts)",
        f"   Notes de {present.mark(it.low)} à {present.mark(it.high)} "
        f"(écart {present.mark(it.range)}), "
        f"note consolidée {present.mark(it.consolidated)} ; rang actuel {_rank(it.rank_now)}.",
        f"   Tranché à {present.mark(it.low)} : rang {_rank(it.rank_low)}, attributaire "
        f"{', '.join(it.winners_low) or '—'} ; à {present.mark(it.high)} : rang "
        f"{_rank(it.rank_high)}, attributaire {', '.join(it.winners_high) or '—'}.",
        f"   Enjeu : {present.points(it.swing)} pts pour l'offre, "
        f"{present.count(it.rank_moves, 'rang déplacé', 'rangs déplacés')} "
        f"dans le lot ; {winner}.",
    ]
    for _, name, role, mark, justification in it.marks:
        lines.append(f"   - {name} ({role}) : {present.mark(mark)} — {justification}")
    for p in it.proposals:
        quotes = " ; ".join(f"« {q} »" for q in p.quotes[:4]) or "aucune preuve citée"
        lines.append(f"   > Moteur ({p.question}) : niveau {p.shown} — {quotes}")
    return lines


@renamed_keywords(scores="marks")
def agenda(
    tender: Tender,
    marks: MarksArg = None,
    rule: Rule = None,
    *,
    consolidation: Consolidation | None = None,
    method: str = "mean",
    evidence: bool = True,
    assessments: AssessmentsArg = None,
) -> Agenda:
    """The items the committee should discuss, ordered by how much they move the ranking.

    Parameters
    ----------
    tender
        The tender with its offers and the committee's marks.
    marks
        Marks to use instead of the tender's (CSV path or ``Mark`` objects).
    rule
        When is an item disputed? A number: the smallest range, in levels of a
        0-5 scale (rescaled to the criterion's scale), default 2; or a function
        of the consolidated :class:`~efc_scoring.committee._consolidate.Item`
        returning True for a disputed item.
    consolidation
        The consolidation to start from (default: ``consolidate(tender, marks,
        method)``). Items settled by a recorded consensus are left out.
    method
        Consolidation method when ``consolidation`` is not given.
    evidence
        Whether to ask the evidence engine for its proposed level and quotes.
    assessments
        Precomputed :func:`efc_scoring.evidence.assess` results, looked up by
        ``(offer, question)``.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> items = agenda(load_tender(sample_path("nettoyage")), evidence=False).items
    >>> [(it.offer, it.criterion, int(it.range)) for it in items][:2]
    [('O5', 'env.transport', 2), ('O2', 'coop', 2)]
    """
    from efc_scoring.scoring.evaluate import score

    if consolidation is None:
        consolidation = consolidate(with_marks(tender, marks), method=method)  # type: ignore[arg-type]
    tender = consolidation.tender
    disputed, rule_text = _select(consolidation, rule)
    base = consolidation.marks()
    now = score(tender, base)
    names = {e.id: (e.name, e.role.label) for e in tender.evaluators}
    proposals: dict[tuple[str, str], tuple[Proposal, ...]] = {}
    note = ""
    if evidence and disputed:
        proposals, note = engine_proposals(
            tender, [(it.offer, it.criterion) for it in disputed], assessments
        )
    found = []
    for it in disputed:
        offer = tender.offer(it.offer)
        node = tender.criterion(it.criterion)
        scale = node.scoring.scale  # type: ignore[union-attr]
        assert it.low is not None and it.high is not None
        # only this offer's line changes: re-scored exactly as score() would (with_marks)
        ends = [now.with_marks({(it.offer, it.criterion): end}) for end in (it.low, it.high)]
        lot = [o.id for o in tender.offers_in(offer.lot)]
        moves = max(sum(abs((e.ranks[o] or 0) - (now.ranks[o] or 0)) for o in lot) for e in ends)
        found.append(
            AgendaItem(
                offer=it.offer,
                bidder=offer.bidder,
                lot=offer.lot,
                criterion=it.criterion,
                label=node.label,
                weight=Fraction(node.weight),
                marks=tuple(
                    (ev, *names.get(ev, (ev, "")), m, dict(it.justifications).get(ev, ""))
                    for ev, m in it.marks
                ),
                consolidated=it.value,
                low=it.low,
                high=it.high,
                std=it.std,
                rank_now=now.ranks.get(it.offer),
                rank_low=ends[0].ranks.get(it.offer),
                rank_high=ends[1].ranks.get(it.offer),
                winners_now=now.winners(offer.lot),
                winners_low=ends[0].winners(offer.lot),
                winners_high=ends[1].winners(offer.lot),
                rank_moves=moves,
                swing=Fraction(node.weight) * (scale.share(it.high) - scale.share(it.low)),
                proposals=proposals.get((it.offer, it.criterion), ()),
            )
        )
    order = {o.id: i for i, o in enumerate(tender.offers)}
    found.sort(
        key=lambda a: (
            not a.changes_winner,
            -a.rank_moves,
            -a.swing,
            -a.range,
            order[a.offer],
            a.criterion,
        )
    )
    return Agenda(tender, tuple(found), rule_text, consolidation.method, note)


@lot_moved("rule")
def unsettled_items(
    consolidation: Consolidation, lot: str | None = None, *, rule: Rule = None
) -> tuple[Item, ...]:
    """The disputed items the committee has not settled yet (no recorded consensus).

    Letters and the final report wait until this is empty: an unsettled item may
    still change a mark, a rank or the winner.

    Parameters
    ----------
    consolidation
        The consolidated marks, with the recorded consensus attached
        (``consolidate(tender, method="consensus", consensus=...)``).
    lot
        Only the items of the offers of this lot.
    rule
        When is an item disputed (as in :func:`agenda`; default: 2 levels apart).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> from efc_scoring.committee._consolidate import consolidate
    >>> items = unsettled_items(consolidate(load_tender(sample_path("nettoyage"))))
    >>> [(it.offer, it.criterion) for it in items]
    [('O2', 'coop'), ('O5', 'env.transport')]
    """
    chosen, _ = _select(consolidation, rule)
    tender = consolidation.tender
    if lot is not None:
        chosen = [it for it in chosen if tender.offer(it.offer).lot == lot]
    return tuple(chosen)


def _select(consolidation: Consolidation, rule: Rule) -> tuple[list[Item], str]:
    tender = consolidation.tender
    candidates = [
        it
        for it in consolidation.items
        if it.n >= 2 and it.method != "consensus" and it.consensus is None
    ]
    if callable(rule):
        name = getattr(rule, "__name__", "règle fournie")
        return [it for it in candidates if rule(it)], f"règle « {name} »"
    levels = Fraction(2) if rule is None else Fraction(str(rule))
    if levels <= 0:
        raise ParameterError(f"l'écart de désaccord doit être positif, pas {rule!r}")
    chosen = []
    for it in candidates:
        scale = tender.criterion(it.criterion).scoring.scale  # type: ignore[union-attr]
        span = Fraction(scale.max) - Fraction(scale.min)
        if it.range >= levels * span / 5:
            chosen.append(it)
    text = (
        f"écart d'au moins {present.mark(levels)} niveaux entre évaluateurs "
        "(sur une échelle de 0 à 5)"
    )
    return chosen, text
