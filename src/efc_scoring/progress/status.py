"""Recording a review and computing where each indicator stands.

The trajectory of a quantitative indicator is the straight line from its
baseline at the contract's start to its target at its deadline. At a review,
with ``v`` the value observed (the latest on or before the review), the
indicator is:

- **achieved** (atteint) when ``v`` has reached the target;
- **late** (en retard) when the deadline has passed and the target is not reached;
- **on track** (dans la trajectoire) when ``v`` has reached the trajectory's
  value at the review date;
- **at risk** (menacé) when it is behind the trajectory, the deadline still ahead;
- **not measured** (non mesuré) without an observation or a baseline.

Its progress is ``(v − baseline) / (target − baseline)`` held in [0, 1]. A
qualitative indicator follows the same rules on the rank of its milestone
(the scale's steps spread evenly from start to deadline; no deadline: the end
of the contract). The plan's progress is the weighted mean of its indicators'
progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.errors import ErrorCode, NotFoundError
from efc_scoring.model.criteria import Direction
from efc_scoring.present import LabelledEnum
from efc_scoring.progress._review_rules import review_problems
from efc_scoring.progress.plan import (
    ProgressError,
    ProgressPlan,
    QualitativeIndicator,
    QuantitativeIndicator,
)
from efc_scoring.progress.records import Review

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "IndicatorState",
    "IndicatorStatus",
    "PlanStatus",
    "indicator_state",
    "plan_status",
    "record_review",
]


class IndicatorStatus(LabelledEnum):
    """Where an indicator stands at a review."""

    ACHIEVED = "achieved", "atteint"
    ON_TRACK = "on_track", "dans la trajectoire"
    AT_RISK = "at_risk", "menacé"
    LATE = "late", "en retard"
    NOT_MEASURED = "not_measured", "non mesuré"


@dataclass(frozen=True)
class IndicatorState:
    """One indicator at one review: value, expected value, progress, status."""

    indicator: str
    axis: str
    review: str
    date: date
    value: Any
    expected: Fraction | str | None
    progress: Fraction
    expected_progress: Fraction
    status: IndicatorStatus

    @property
    def label_fr(self) -> str:
        """The status in French."""
        return self.status.label


@dataclass(frozen=True)
class PlanStatus:
    """Where the plan stands at a review: each indicator, overall progress, amendment."""

    plan_id: str
    review: str
    date: date
    states: tuple[IndicatorState, ...]
    progress: Fraction
    amendment_needed: bool
    amendment_reason: str

    def indicator(self, indicator_id: str) -> IndicatorState:
        """The state of one indicator."""
        for st in self.states:
            if st.indicator == indicator_id:
                return st
        raise NotFoundError(f"indicateur inconnu {indicator_id!r}")

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator (tidy)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "review": s.review,
                    "date": s.date,
                    "axis": s.axis,
                    "indicator": s.indicator,
                    "value": s.value,
                    "expected": _show(s.expected),
                    "progress": float(s.progress),
                    "expected_progress": float(s.expected_progress),
                    "status": s.status.value,
                }
                for s in self.states
            ],
            columns=[
                "review",
                "date",
                "axis",
                "indicator",
                "value",
                "expected",
                "progress",
                "expected_progress",
                "status",
            ],
        )

    def _repr_html_(self) -> str:
        head = (
            f"<p>Bilan {self.review} du {present.long_date(self.date)} : "
            f"avancement {present.percent(self.progress)}</p>"
        )
        return head + self.to_frame().to_html(index=False)


def _show(value: Fraction | str | None) -> float | str | None:
    return float(value) if isinstance(value, Fraction) else value


def record_review(plan: ProgressPlan, review: Review) -> ProgressPlan:
    """Return a new plan with ``review`` recorded after the existing ones.

    The plan is never changed in place. The review must come after the last
    one, name only indicators of the plan, milestones of their scales and
    earlier actions.

    Raises
    ------
    ProgressError
        With every problem found, each with the path of the faulty field.

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan, load_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = load_plan(folder / "plan.yaml")
    >>> after = record_review(plan, load_review(folder / "review-1.yaml"))
    >>> len(plan.reviews), len(after.reviews)
    (0, 1)
    """
    problems = review_problems(plan, review, plan.reviews)
    if problems:
        lines = "\n".join(
            f"  - {p}: {m} (→ {f})" if p else f"  - {m} (→ {f})" for p, m, f in problems
        )
        raise ProgressError(f"le bilan {review.id!r} ne peut pas être enregistré :\n{lines}")
    return plan.model_copy(update={"reviews": (*plan.reviews, review)})


def _elapsed(plan: ProgressPlan, day: date, deadline: date) -> Fraction:
    if deadline <= plan.start:
        return Fraction(1)
    share = Fraction((day - plan.start).days, (deadline - plan.start).days)
    return min(max(share, Fraction(0)), Fraction(1))


def indicator_state(
    plan: ProgressPlan, indicator_id: str, review: Review, before: tuple[Review, ...] = ()
) -> IndicatorState:
    """Where one indicator stands at ``review`` (the latest value up to it).

    Examples
    --------
    Worked by hand: baseline 0 km at the start (1 Sept 2027), target 22 000 km
    avoided by 1 Sept 2028; at the review of 1 March 2028 (182 of 366 days)
    the trajectory expects 22 000 × 182/366 ≈ 10 940 km; 8 000 km observed is
    behind it, the deadline is ahead: « menacé », progress 8 000/22 000 ≈ 36 %.

    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan, load_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = load_plan(folder / "plan.yaml")
    >>> st = indicator_state(plan, "transport.km_evites", load_review(folder / "review-1.yaml"))
    >>> st.status.value, round(float(st.expected)), round(float(st.progress), 2)
    ('at_risk', 10940, 0.36)
    """
    ind = plan.indicators[indicator_id]
    axis = plan.axis_of(indicator_id).id
    history = (*before, review)
    value = next(
        (
            r.value_of(indicator_id)
            for r in reversed(history)
            if r.value_of(indicator_id) is not None
        ),
        None,
    )
    if isinstance(ind, QuantitativeIndicator):
        expected_share = _elapsed(plan, review.date, ind.deadline)
        deadline_passed = review.date >= ind.deadline
        if ind.baseline is None or value is None:
            return IndicatorState(
                ind.id,
                axis,
                review.id,
                review.date,
                value,
                None,
                Fraction(0),
                expected_share,
                IndicatorStatus.NOT_MEASURED,
            )
        base, target = Fraction(ind.baseline), Fraction(ind.target)
        expected: Fraction | str | None = base + (target - base) * expected_share
        observed = Fraction(value)
        raw = (observed - base) / (target - base)
        reached = (
            (observed >= target)
            if ind.direction is Direction.HIGHER_IS_BETTER
            else (observed <= target)
        )
    else:
        assert isinstance(ind, QualitativeIndicator)
        deadline = ind.deadline or plan.end
        expected_share = _elapsed(plan, review.date, deadline)
        deadline_passed = review.date >= deadline
        goal_rank = ind.scale.index(ind.goal)
        if value is None:
            return IndicatorState(
                ind.id,
                axis,
                review.id,
                review.date,
                None,
                None,
                Fraction(0),
                expected_share,
                IndicatorStatus.NOT_MEASURED,
            )
        rank = ind.scale.index(str(value))
        raw = Fraction(rank, goal_rank) if goal_rank else Fraction(1)
        # The expected milestone is the nearest step to the elapsed share (half up).
        expected_rank = min(goal_rank, int(expected_share * goal_rank + Fraction(1, 2)))
        expected = ind.scale[expected_rank]
        reached = rank >= goal_rank
        # A milestone scale moves by steps: on track when the expected milestone is reached.
        on_track = rank >= expected_rank
    progress = min(max(raw, Fraction(0)), Fraction(1))
    if not isinstance(ind, QualitativeIndicator):
        on_track = progress >= expected_share
    if reached:
        status = IndicatorStatus.ACHIEVED
    elif deadline_passed:
        status = IndicatorStatus.LATE
    elif on_track:
        status = IndicatorStatus.ON_TRACK
    else:
        status = IndicatorStatus.AT_RISK
    if reached:
        progress = Fraction(1)
    return IndicatorState(
        ind.id, axis, review.id, review.date, value, expected, progress, expected_share, status
    )


def plan_status(plan: ProgressPlan, at: str | None = None) -> PlanStatus:
    """Where the plan stands at review ``at`` (the last recorded review by default).

    Examples
    --------
    >>> from efc_scoring import sample_path
    >>> from efc_scoring.progress.io import load_plan, load_review
    >>> folder = sample_path("bof-lycees") / "plan"
    >>> plan = load_plan(folder / "plan.yaml")
    >>> for name in ("review-1.yaml", "review-2.yaml"):
    ...     plan = record_review(plan, load_review(folder / name))
    >>> status = plan_status(plan)
    >>> status.indicator("transport.km_evites").label_fr
    'en retard'
    >>> status.amendment_needed
    False
    """
    if not plan.reviews:
        raise ProgressError(
            f"le plan {plan.id!r} n'a encore aucun bilan : en enregistrer un (record_review)"
        )
    index = len(plan.reviews) - 1
    if at is not None:
        ids = [r.id for r in plan.reviews]
        if at not in ids:
            raise ProgressError(
                f"bilan inconnu {at!r} (bilans enregistrés : {', '.join(ids)})",
                code=ErrorCode.NOT_FOUND,
            )
        index = ids.index(at)
    review, before = plan.reviews[index], plan.reviews[:index]
    states = tuple(indicator_state(plan, ind_id, review, before) for ind_id in plan.indicators)
    weights = {ind.id: ind.weight for ind in plan.indicators.values()}
    total = sum((Fraction(w) for w in weights.values()), Fraction(0))
    progress = (
        sum((Fraction(weights[s.indicator]) * s.progress for s in states), Fraction(0)) / total
        if total
        else Fraction(0)
    )
    reason = ""
    if review.financial_change:
        reason = (
            f"Le bilan {review.id} du {present.long_date(review.date)} modifie les conditions "
            "financières "
            f"d'exécution du marché ({review.financial_change_reason.strip().rstrip('.')}) : "
            "cette modification doit faire l'objet d'un avenant (Code de la commande publique, "
            "art. L. 2194-1)."
        )
    return PlanStatus(
        plan.id, review.id, review.date, states, progress, review.financial_change, reason
    )
