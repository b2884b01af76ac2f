"""Consolidation of the committee's marks: one mark per offer and criterion, with its spread.

:func:`consolidate` is the pure computation and :class:`Consolidation` its
frozen result. Every sum is exact (:class:`fractions.Fraction`), so the order
in which evaluators or offers are listed never changes a consolidated mark.
The users of the service (evaluators with the role ``user``) can be weighted
or shown apart; a recorded :class:`Consensus` replaces the computed mark of
its item with ``method="consensus"``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from efc_scoring import present
from efc_scoring._deprecation import renamed_keywords
from efc_scoring.committee._agreement_view import CommitteeAgreement, committee_agreement
from efc_scoring.committee._common import MarksArg, rubric_leaves, with_marks
from efc_scoring.committee._consensus import Consensus, ConsensusError, record_consensus
from efc_scoring.committee._exact import (
    as_fraction,
    population_variance,
    sqrt_float,
    weighted_mean,
    weighted_median,
    weighted_trimmed_mean,
)
from efc_scoring.errors import NotFoundError, ParameterError
from efc_scoring.model.committee import Role
from efc_scoring.model.tender import Tender

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = [
    "CommitteeAgreement",
    "Consensus",
    "ConsensusError",
    "Consolidation",
    "Item",
    "consolidate",
    "record_consensus",
]

Method = Literal["mean", "median", "trimmed_mean", "consensus"]
_COMPUTED = ("mean", "median", "trimmed_mean")
METHOD_LABELS = {
    "mean": "moyenne",
    "median": "médiane",
    "trimmed_mean": "moyenne tronquée",
    "consensus": "consensus",
}


@dataclass(frozen=True)
class Item:
    """The consolidated mark of one offer on one criterion, with the marks behind it."""

    offer: str
    criterion: str
    value: Fraction
    method: str
    marks: tuple[tuple[str, Fraction], ...]
    justifications: tuple[tuple[str, str], ...]
    users_mean: Fraction | None = None
    consensus: Consensus | None = None

    @property
    def n(self) -> int:
        """Number of evaluators who marked the item."""
        return len(self.marks)

    @property
    def low(self) -> Fraction | None:
        return min((m for _, m in self.marks), default=None)

    @property
    def high(self) -> Fraction | None:
        return max((m for _, m in self.marks), default=None)

    @property
    def range(self) -> Fraction:
        """Highest minus lowest individual mark (0 when fewer than two marks)."""
        return (self.high - self.low) if self.marks else Fraction(0)  # type: ignore[operator]

    @property
    def variance(self) -> Fraction:
        """Exact population variance of the individual marks."""
        return population_variance([m for _, m in self.marks]) if self.marks else Fraction(0)

    @property
    def std(self) -> float:
        """Population standard deviation of the individual marks."""
        return sqrt_float(self.variance)

    def mark_of(self, evaluator: str) -> Fraction | None:
        return dict(self.marks).get(evaluator)


@dataclass(frozen=True)
class Consolidation:
    """Consolidated committee marks of a tender (build it with :func:`consolidate`).

    Examples
    --------
    >>> from efc_scoring import consolidate, load_tender, sample_path
    >>> consolidation = consolidate(load_tender(sample_path("nettoyage")))
    >>> consolidation.method, len(consolidation.items)
    ('mean', 20)
    >>> consolidation.marks()[("O2", "coop")]  # exact: the mean of 4, 4 and 2
    Fraction(10, 3)
    """

    tender: Tender
    items: tuple[Item, ...]
    method: str
    fallback: str
    users: str
    #: Offers set aside (``{offer: reason}``): not in ``tender``, neither consolidated nor ranked.
    set_aside: Mapping[str, str] = field(default_factory=dict)
    #: The tender as received, set-aside offers included (None: ``tender``).
    received: Tender | None = None

    def marks(self) -> dict[tuple[str, str], Fraction]:
        """``{(offer, criterion): mark}``, ready for :func:`efc_scoring.score`."""
        return {(it.offer, it.criterion): it.value for it in self.items}

    def item(self, offer: str, criterion: str) -> Item:
        """The consolidated item of an offer on a criterion."""
        for it in self.items:
            if it.offer == offer and it.criterion == criterion:
                return it
        raise NotFoundError(
            f"pas de note consolidée pour l'offre {offer!r} sur le critère {criterion!r}"
        )

    @property
    def consensus_items(self) -> tuple[tuple[str, str], ...]:
        """The items whose mark is the committee's recorded consensus."""
        return tuple((it.offer, it.criterion) for it in self.items if it.method == "consensus")

    @property
    def evaluators(self) -> tuple[str, ...]:
        """Ids of the evaluators who gave at least one mark, sorted."""
        return tuple(sorted({ev for it in self.items for ev, _ in it.marks}))

    def evaluate(self) -> Evaluation:
        """Score and rank the offers with the consolidated marks.

        The evaluation's ``marks_source`` says which marks were used, in French.
        """
        from dataclasses import replace

        from efc_scoring.scoring.evaluate import score

        return replace(
            score(self.tender, self.marks()),
            marks_source=self.source(),
            set_aside=self.set_aside,
            received=self.received,
        )

    def source(self) -> str:
        """Which marks this consolidation gives, in French, for a report or a minute.

        Examples
        --------
        >>> from efc_scoring import load_tender, sample_path
        >>> consolidate(load_tender(sample_path("nettoyage"))).source()
        'moyenne des notes individuelles des membres de la commission'
        """
        used = "consensus" if self.method == "consensus" else self.method
        computed = self.fallback if used == "consensus" else used
        base = f"{METHOD_LABELS[computed]} des notes individuelles des membres de la commission"
        agreed = [it.consensus for it in self.items if it.method == "consensus" and it.consensus]
        if not agreed:
            return base
        days = sorted({c.at.date() for c in agreed})
        when = present.join(present.long_date(d) for d in days)
        return (
            f"décisions de la commission du {when} sur "
            f"{present.count(len(agreed), 'point tranché', 'points tranchés')} ; ailleurs, {base}"
        )

    def agreement(self) -> CommitteeAgreement:
        """Krippendorff's alpha (ordinal, interval) per criterion and overall, read in French.

        Examples
        --------
        >>> from efc_scoring import load_tender, sample_path
        >>> agreement = consolidate(load_tender(sample_path("nettoyage"))).agreement()
        >>> agreement.overall.reading
        'bon'
        """
        labels = [(cid, self.tender.criterion(cid).label) for cid, _ in rubric_leaves(self.tender)]
        marks = {(it.offer, it.criterion): dict(it.marks) for it in self.items if it.marks}
        return committee_agreement(marks, labels)

    def to_frame(self) -> pd.DataFrame:
        """One row per offer and criterion: mark, method, spread, one column per evaluator."""
        import pandas as pd

        evaluators = self.evaluators
        rows = []
        for it in self.items:
            offer = self.tender.offer(it.offer)
            row: dict[str, object] = {
                "lot": offer.lot,
                "offer": it.offer,
                "bidder": offer.bidder,
                "criterion": it.criterion,
                "label": self.tender.criterion(it.criterion).label,
                "mark": float(it.value),
                "method": it.method,
                "consensus": it.method == "consensus",
                "n": it.n,
                "min": _f(it.low),
                "max": _f(it.high),
                "range": float(it.range),
                "std": it.std,
                "users_mean": _f(it.users_mean),
            }
            marks = dict(it.marks)
            for ev in evaluators:
                row[ev if ev not in row else f"mark:{ev}"] = _f(marks.get(ev))
            rows.append(row)
        return pd.DataFrame(rows)

    def marks_frame(self) -> pd.DataFrame:
        """One row per individual mark (tidy): offer, criterion, evaluator, role, mark, reason."""
        import pandas as pd

        roles = {e.id: e.role.value for e in self.tender.evaluators}
        return pd.DataFrame(
            [
                {
                    "offer": it.offer,
                    "criterion": it.criterion,
                    "evaluator": ev,
                    "role": roles.get(ev, ""),
                    "mark": float(mark),
                    "justification": dict(it.justifications).get(ev, ""),
                }
                for it in self.items
                for ev, mark in it.marks
            ],
            columns=["offer", "criterion", "evaluator", "role", "mark", "justification"],
        )

    def _repr_html_(self) -> str:
        frame = self.to_frame().drop(columns=["lot", "label"])
        caption = f"Notes consolidées ({METHOD_LABELS[self.method]}"
        if self.method == "consensus":
            caption += f", sinon {METHOD_LABELS[self.fallback]}"
        caption += f" ; usagers : {self.users})"
        return f"<p>{caption}</p>" + frame.to_html(
            index=False, float_format=lambda x: present.number(x, 2), na_rep=present.MISSING
        )


def _f(x: Fraction | None) -> float | None:
    return None if x is None else float(x)


@renamed_keywords(scores="marks")
def consolidate(
    tender: Tender,
    marks: MarksArg = None,
    method: Method = "mean",
    users: str | int | float | Fraction = "include",
    consensus: Iterable[Consensus] | None = None,
    trim: float | Fraction | str | None = None,
    fallback: Method = "mean",
    set_aside: Mapping[str, str] | None = None,
) -> Consolidation:
    """Consolidate the evaluators' marks into one mark per offer and rubric criterion.

    Parameters
    ----------
    tender
        The tender; its marks (``tender.marks``) are used unless ``marks``.
    marks
        Marks to use instead: a CSV path or an iterable of ``Mark``.
    method : {"mean", "median", "trimmed_mean", "consensus"}
        ``"mean"`` (exact weighted mean), ``"median"`` (weighted median: the
        midpoint of the two middle marks when they split the weight evenly),
        ``"trimmed_mean"`` (mean after dropping ``trim`` of the weight at each
        end) or ``"consensus"`` (the recorded consensus where there is one,
        ``fallback`` elsewhere).
    users : "include", "apart" or a number
        ``"include"``: users count like any evaluator; a number: each user's
        mark weighs that much (``2`` counts double); ``"apart"``: the mark is
        consolidated without the users and their mean is shown beside it
        (``users_mean``; an item marked by users only keeps their marks).
    consensus
        Recorded :class:`Consensus` marks; the last one given for an item wins.
        They replace computed marks only with ``method="consensus"``, but are
        attached to their items in every case.
    trim
        For ``"trimmed_mean"``: share of the total weight dropped at each end,
        between 0 and 1/2. By default one ordinary evaluator's weight (1) at
        each end: the « moyenne olympique ».
    fallback : {"mean", "median", "trimmed_mean"}
        Method of the items without consensus when ``method="consensus"``.
    set_aside
        ``{offer: reason}``: offers set aside before the ranking (irregular,
        unacceptable, inappropriate, rejected as abnormally low:
        :func:`efc_scoring.procedure.set_aside`). Their marks are left out (no
        item, no agenda point); :meth:`Consolidation.evaluate` keeps them, with
        their reasons, beside the ranking.

    Returns
    -------
    Consolidation
        With the mark, spread and individual marks of every item marked.

    Raises
    ------
    ValueError
        An unknown method, a negative user weight or a trim outside [0, 1/2).

    Notes
    -----
    The spread (min, max, range, standard deviation) is that of all the
    individual marks, users included. The standard deviation divides by the
    number of marks (the committee is the whole population, not a sample).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> tender = load_tender(sample_path("nettoyage"))
    >>> c = consolidate(tender)
    >>> it = c.item("O5", "env.transport")
    >>> it.value, it.low, it.high, it.n
    (Fraction(8, 3), Fraction(2, 1), Fraction(4, 1), 3)
    >>> consolidate(tender).item("O2", "coop").value            # 4, 4 and the user's 2
    Fraction(10, 3)
    >>> consolidate(tender, users=2).item("O2", "coop").value   # the user's 2 counts double
    Fraction(3, 1)
    >>> consolidate(tender, users="apart").item("O2", "coop").users_mean
    Fraction(2, 1)
    """
    if method not in METHOD_LABELS:
        raise ParameterError(
            f"méthode de consolidation inconnue {method!r} ; méthodes : {', '.join(METHOD_LABELS)}"
        )
    if fallback not in _COMPUTED:
        raise ParameterError(
            f"méthode de repli inconnue {fallback!r} ; méthodes : {', '.join(_COMPUTED)}"
        )
    user_weight, apart = _user_weight(users)
    cut = None if trim is None else as_fraction(trim)
    if cut is not None and not 0 <= cut < Fraction(1, 2):
        raise ParameterError(
            f"la part retranchée doit être comprise entre 0 et 1/2 (exclu), pas {trim!r}"
        )
    tender = with_marks(tender, marks)
    received = None
    if set_aside:
        from efc_scoring.scoring.evaluate import take_out

        received = tender
        tender, set_aside = take_out(tender, set_aside)
    agreed: dict[tuple[str, str], Consensus] = {}
    for c in consensus or ():
        agreed[(c.offer, c.criterion)] = c
    roles = {e.id: e.role for e in tender.evaluators}
    by_item: dict[tuple[str, str], list[tuple[str, Fraction, str]]] = defaultdict(list)
    for s in tender.marks:
        by_item[(s.offer, s.criterion)].append((s.evaluator, Fraction(s.value), s.justification))
    items = []
    for offer in tender.offers:
        for cid, _ in rubric_leaves(tender):
            key = (offer.id, cid)
            found = sorted(by_item.get(key, ()))
            if not found and (method != "consensus" or key not in agreed):
                continue
            users_marks = [m for ev, m, _ in found if roles.get(ev) is Role.USER]
            others = [(m, Fraction(1)) for ev, m, _ in found if roles.get(ev) is not Role.USER]
            if apart:
                pairs = others or [(m, Fraction(1)) for m in users_marks]
            else:
                pairs = others + [(m, user_weight) for m in users_marks]
            used: str = fallback if method == "consensus" else method
            decided = agreed.get(key)
            if method == "consensus" and decided is not None:
                value, used = Fraction(decided.mark), "consensus"
            else:
                value = _compute(used, pairs, cut)
            if apart and not others:
                used += " (usagers seuls)"
            items.append(
                Item(
                    offer=offer.id,
                    criterion=cid,
                    value=value,
                    method=used,
                    marks=tuple((ev, m) for ev, m, _ in found),
                    justifications=tuple((ev, j) for ev, _, j in found),
                    users_mean=weighted_mean([(m, Fraction(1)) for m in users_marks])
                    if users_marks
                    else None,
                    consensus=decided,
                )
            )
    shown_users = (
        "apart" if apart else ("include" if user_weight == 1 else f"×{present.mark(user_weight)}")
    )
    return Consolidation(
        tender, tuple(items), method, fallback, shown_users, dict(set_aside or {}), received
    )


def _user_weight(users: str | int | float | Fraction) -> tuple[Fraction, bool]:
    if users == "include":
        return Fraction(1), False
    if users == "apart":
        return Fraction(1), True
    try:
        weight = as_fraction(users)
    except (ValueError, TypeError):
        raise ParameterError(
            f"usagers : 'include', 'apart' ou un poids positif, pas {users!r}"
        ) from None
    if weight <= 0:
        raise ParameterError(
            f"le poids des usagers doit être positif, pas {users!r} ; "
            "'apart' met leurs notes à part"
        )
    return weight, False


def _compute(method: str, pairs: list[tuple[Fraction, Fraction]], cut: Fraction | None) -> Fraction:
    if method == "mean":
        return weighted_mean(pairs)
    if method == "median":
        return weighted_median(pairs)
    total = sum((w for _, w in pairs), Fraction(0))
    return weighted_trimmed_mean(pairs, Fraction(1) if cut is None else cut * total)
