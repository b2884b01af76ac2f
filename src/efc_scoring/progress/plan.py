"""The progress plan (plan de progrès) of one lot with its supplier.

After the award, buyer and supplier agree on axes of improvement (packaging,
transport, waste, EGalim share, cooperation, or axes the tender defines). Each
axis holds indicators: **quantitative** ones (a unit, a baseline, a target, a
direction, a deadline) and **qualitative** ones (a scale of milestones such as
« non engagé / en cours / atteint ») for what cannot fairly be measured or
imposed on the supplier alone. Each indicator says who carries it (buyer,
supplier, both) and whether it is an obligation of means or of result. The
plan is reviewed jointly every six months by default; the review dates are
computed from the contract's start and duration.

References
----------
Atelier national « Commande publique & EFC », 2 septembre 2021 (plan de progrès
du marché BOF des lycées des Hauts-de-France ; abandon du plan « gants » du
Grand Lyon faute de pouvoir imposer au seul titulaire des objectifs chiffrés).
Direction des achats de l'État, *Guide du plan de progrès*.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from efc_scoring import present
from efc_scoring.errors import NotFoundError, ProgressError
from efc_scoring.model._errors import ModelRuleError
from efc_scoring.model._ids import Id
from efc_scoring.model._number import NonNegative, reads
from efc_scoring.present import axis_label
from efc_scoring.progress._dates import add_months
from efc_scoring.progress._review_rules import review_problems
from efc_scoring.progress.clauses import PriceRevisionClause
from efc_scoring.progress.indicators import (
    DEFAULT_MILESTONES,
    CommitteeMember,
    Indicator,
    MemberRole,
    Obligation,
    QualitativeIndicator,
    QuantitativeIndicator,
    SourceQuote,
)
from efc_scoring.progress.records import Review

__all__ = [
    "DEFAULT_MILESTONES",
    "Candidate",
    "CommitteeMember",
    "MemberRole",
    "Obligation",
    "PlanAxis",
    "ProgressError",
    "ProgressPlan",
    "QualitativeIndicator",
    "QuantitativeIndicator",
    "SourceQuote",
    "review_problems",
]

# re-exported here: the plan is the one place to import the model from
_REEXPORTED = (
    Obligation,
    MemberRole,
    QualitativeIndicator,
    QuantitativeIndicator,
    SourceQuote,
    CommitteeMember,
    DEFAULT_MILESTONES,
)


class PlanAxis(BaseModel):
    """An axis of progress and its indicators."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    label: str = ""
    indicators: tuple[Indicator, ...] = ()

    @property
    def title(self) -> str:
        """French title: the label, else the built-in axis's title, else the id."""
        return axis_label(self.id, {self.id: self.label}, title=True)


class Candidate(BaseModel):
    """A hedged proposal of the offer: an axis to discuss, not a target."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    axis: str = Field(min_length=1)
    source: SourceQuote
    reason: str = ""


class ProgressPlan(BaseModel):
    """The progress plan of one lot with its supplier.

    ``calendar`` (the review dates) is computed from ``start``, ``months`` and
    ``review_every`` when it is not given: every six months, the last review at
    the end of the contract.

    Examples
    --------
    >>> plan = ProgressPlan(tender="T", lot="L1", offer="O1", supplier="Laiterie",
    ...     start="2027-09-01", months=18,
    ...     axes=[{"id": "transport", "indicators": [{"kind": "quantitative", "id": "t.liv",
    ...            "label": "Livraisons", "unit": "livraisons/semaine", "baseline": 3,
    ...            "target": 2, "direction": "lower_is_better", "deadline": "2028-09-01"}]}])
    >>> [d.isoformat() for d in plan.calendar]
    ['2028-03-01', '2028-09-01', '2029-03-01']
    >>> plan.end
    datetime.date(2029, 3, 1)
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id = "plan"
    title: str = ""
    tender: Id
    lot: Id
    offer: Id
    supplier: str = Field(min_length=1)
    start: date
    months: Annotated[int, Field(ge=1, le=120), reads("la durée", ge=1, le=120, integer=True)]
    review_every: Annotated[
        int, Field(ge=1, le=24), reads("la périodicité", ge=1, le=24, integer=True)
    ] = 6
    calendar: tuple[date, ...] = ()
    annual_amount: NonNegative | None = Field(default=None, description="Annual amount excl. tax.")
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    committee: tuple[CommitteeMember, ...] = ()
    axes: tuple[PlanAxis, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    clauses: tuple[PriceRevisionClause, ...] = ()
    reviews: tuple[Review, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _fill_calendar(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and not data.get("calendar")
            and "start" in data
            and "months" in data
        ):
            try:
                start = date.fromisoformat(str(data["start"]))
                months, every = int(data["months"]), int(data.get("review_every", 6))
            except (TypeError, ValueError):
                return data  # the field validators report it
            if months >= 1 and every >= 1:
                dates = [add_months(start, m) for m in range(every, months, every)]
                data = {**data, "calendar": [*dates, add_months(start, months)]}
        return data

    @property
    def end(self) -> date:
        """The last day of the contract (start + duration)."""
        return add_months(self.start, self.months)

    @property
    def indicators(self) -> dict[str, QuantitativeIndicator | QualitativeIndicator]:
        """Every indicator of the plan by id."""
        return {ind.id: ind for axis in self.axes for ind in axis.indicators}

    def axis_of(self, indicator_id: str) -> PlanAxis:
        """The axis holding an indicator."""
        for axis in self.axes:
            if any(ind.id == indicator_id for ind in axis.indicators):
                return axis
        raise NotFoundError(
            f"indicateur inconnu {indicator_id!r} (connus : {', '.join(sorted(self.indicators))})"
        )

    @model_validator(mode="after")
    def _rules(self) -> ProgressPlan:
        problems: list[tuple[str, str, str]] = []
        end = self.end
        for i, day in enumerate(self.calendar):
            if not self.start < day <= end:
                problems.append(
                    (
                        f"calendar[{i}]",
                        f"la date de bilan {present.long_date(day)} sort du marché "
                        f"({present.long_date(self.start)} - {present.long_date(end)})",
                        "la placer pendant le marché",
                    )
                )
        axis_ids: set[str] = set()
        seen: set[str] = set()
        for a, axis in enumerate(self.axes):
            if axis.id in axis_ids:
                problems.append(
                    (
                        f"axes[{a}].id",
                        f"l'identifiant d'axe {axis.id!r} sert deux fois",
                        "donner à chaque axe son propre identifiant",
                    )
                )
            axis_ids.add(axis.id)
            for k, ind in enumerate(axis.indicators):
                where = f"axes[{a}].indicators[{k}]"
                if ind.id in seen:
                    problems.append(
                        (
                            f"{where}.id",
                            f"l'identifiant d'indicateur {ind.id!r} sert deux fois",
                            "donner à chaque indicateur du plan son propre identifiant",
                        )
                    )
                seen.add(ind.id)
                if ind.deadline is not None and not self.start <= ind.deadline <= end:
                    problems.append(
                        (
                            f"{where}.deadline",
                            f"l'échéance {present.long_date(ind.deadline)} de {ind.id!r} "
                            "sort du marché",
                            f"choisir une date entre le {present.long_date(self.start)} et le "
                            f"{present.long_date(end)}",
                        )
                    )
        clause_ids: set[str] = set()
        for c, clause in enumerate(self.clauses):
            if clause.id in clause_ids:
                problems.append(
                    (
                        f"clauses[{c}].id",
                        f"l'identifiant de clause {clause.id!r} sert deux fois",
                        "donner à chaque clause son propre identifiant",
                    )
                )
            clause_ids.add(clause.id)
            if clause.indicator not in seen:
                problems.append(
                    (
                        f"clauses[{c}].indicator",
                        f"indicateur inconnu {clause.indicator!r} "
                        f"(indicateurs : {', '.join(sorted(seen))})",
                        "citer un indicateur du plan",
                    )
                )
        for r, review in enumerate(self.reviews):
            problems += [
                (f"reviews[{r}]" + (f".{p}" if p else ""), m, f)
                for p, m, f in review_problems(self, review, self.reviews[:r])
            ]
        if problems:
            raise ModelRuleError(problems)
        return self
