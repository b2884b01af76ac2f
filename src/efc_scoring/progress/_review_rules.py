"""The rule that says whether a review can follow the recorded ones (one place, two users)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from efc_scoring.progress.indicators import QualitativeIndicator, QuantitativeIndicator
from efc_scoring.progress.records import Review

if TYPE_CHECKING:
    from efc_scoring.progress.plan import ProgressPlan

__all__ = ["review_problems"]


def review_problems(
    plan: ProgressPlan, review: Review, before: tuple[Review, ...]
) -> list[tuple[str, str, str]]:
    """Why ``review`` cannot follow the reviews ``before`` in ``plan`` (empty when it can)."""
    problems: list[tuple[str, str, str]] = []
    indicators = plan.indicators
    if any(r.id == review.id for r in before):
        problems.append(("id", f"review id {review.id!r} is already recorded", "give it a new id"))
    last = before[-1].date if before else plan.start
    if review.date <= last:
        problems.append(
            (
                "date",
                f"review date {review.date} is not after "
                + (f"the previous review ({last})" if before else f"the start ({last})"),
                "record the reviews in the order of their dates",
            )
        )
    for i, obs in enumerate(review.observations):
        ind = indicators.get(obs.indicator)
        if not isinstance(ind, QuantitativeIndicator):
            what = (
                "unknown indicator" if ind is None else "qualitative indicator (give a milestone)"
            )
            problems.append(
                (
                    f"observations[{i}].indicator",
                    f"{what} {obs.indicator!r}",
                    f"use one of {_ids(indicators, 'quantitative')}",
                )
            )
    for i, state in enumerate(review.milestones):
        ind = indicators.get(state.indicator)
        if not isinstance(ind, QualitativeIndicator):
            what = "unknown indicator" if ind is None else "quantitative indicator (give a value)"
            problems.append(
                (
                    f"milestones[{i}].indicator",
                    f"{what} {state.indicator!r}",
                    f"use one of {_ids(indicators, 'qualitative')}",
                )
            )
        elif state.state not in ind.scale:
            problems.append(
                (
                    f"milestones[{i}].state",
                    f"{state.state!r} is not a milestone of {ind.id!r}",
                    f"use one of {list(ind.scale)}",
                )
            )
    earlier = {a.id for r in before for a in r.actions}
    for i, aid in enumerate(review.completed):
        if aid not in earlier:
            problems.append(
                (
                    f"completed[{i}]",
                    f"unknown action {aid!r} (earlier actions: {sorted(earlier)})",
                    "name an action decided at an earlier review",
                )
            )
    clash = earlier & {a.id for a in review.actions}
    for i, action in enumerate(review.actions):
        if action.id in clash:
            problems.append(
                (
                    f"actions[{i}].id",
                    f"action id {action.id!r} was used at an earlier review",
                    "give the new action its own id",
                )
            )
    return problems


def _ids(
    indicators: dict[str, QuantitativeIndicator | QualitativeIndicator], kind: str
) -> list[str]:
    return sorted(k for k, v in indicators.items() if v.kind == kind)
