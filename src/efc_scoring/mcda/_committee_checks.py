"""Does the award hang on one evaluator, on the users' voice, or on one disputed mark?

:func:`committee_checks` re-scores the tender (:func:`~efc_scoring.scoring.evaluate.score`)
with the committee's marks changed in three ways and says, lot by lot, whether
the winner changes:

- **one evaluator out**: the mean of the other evaluators' marks;
- **the users out**: the mean of the marks of the evaluators who are not users
  (role ``user``), when the committee has users and other members;
- **disputed items**: every offer x criterion whose individual marks span two
  levels of the scale or more is settled at its lowest, then at its highest
  individual mark, every other mark staying at the committee's mean.

Eliminations are recomputed each time: a change of marks may eliminate an
offer or bring it back above a threshold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from efc_scoring import present
from efc_scoring.errors import ScoringError
from efc_scoring.mcda._lot import pick_lot
from efc_scoring.model.committee import Role
from efc_scoring.model.criteria import RubricScoring
from efc_scoring.scoring.evaluate import committee_means

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.scoring.evaluate import Evaluation

__all__ = ["CommitteeCheck", "CommitteeRobustness", "committee_checks"]

MarkKey = tuple[str, str]


@dataclass(frozen=True)
class CommitteeCheck:
    """One re-scoring: what was changed and who wins then."""

    lot: str
    kind: str  # "without_evaluator", "without_users", "disputed_low", "disputed_high"
    subject: str  # evaluator id, "user", or "offer/criterion"
    description: str  # in French
    winners: tuple[str, ...]
    changed: bool


@dataclass(frozen=True)
class CommitteeRobustness:
    """The committee checks of one lot (see :func:`committee_checks`)."""

    lot: str
    winners: tuple[str, ...]
    checks: tuple[CommitteeCheck, ...]
    note: str = ""

    @property
    def holds(self) -> bool:
        """True when no check changes the winner."""
        return not any(c.changed for c in self.checks)

    def to_frame(self) -> pd.DataFrame:
        """One row per check: kind, subject, description, winners, changed."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "lot": c.lot,
                    "kind": c.kind,
                    "subject": c.subject,
                    "description": c.description,
                    "winners": " ".join(c.winners),
                    "changed": c.changed,
                }
                for c in self.checks
            ],
            columns=["lot", "kind", "subject", "description", "winners", "changed"],
        )

    def sentences(self) -> list[str]:
        """French sentences: one per check that changes the winner, and a conclusion."""
        if self.note:
            return [self.note]
        head = present.join(self.winners)
        out = [
            f"{c.description[0].upper()}{c.description[1:]}, {present.join(c.winners)} passerait "
            f"en tête à la place de {head}."
            for c in self.checks
            if c.changed
        ]
        leave = [c for c in self.checks if c.kind in ("without_evaluator", "without_users")]
        disputed = [c for c in self.checks if c.kind.startswith("disputed")]
        if leave and not any(c.changed for c in leave):
            out.append(
                f"Le lauréat ({head}) reste le même sans chacun des {len(leave)} "
                "retraits testés (un évaluateur en moins, ou le groupe des usagers)."
            )
        if not disputed:
            out.append("Aucune note contestée (écart de deux niveaux ou plus entre évaluateurs).")
        elif not any(c.changed for c in disputed):
            items = len(disputed) // 2
            out.append(
                f"Les {items} note(s) contestée(s), tranchées à la plus basse puis à la plus "
                f"haute note individuelle, ne changent pas le lauréat ({head})."
            )
        return out

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{s}</li>" for s in self.sentences())
        return f"<ul>{items}</ul>" + self.to_frame().to_html(index=False)


def committee_checks(
    evaluation: Evaluation, lot: str | None = None, *, disputed_levels: int = 2
) -> CommitteeRobustness:
    """Leave-one-out and disputed-mark checks of the committee's marks (one lot).

    Parameters
    ----------
    evaluation
        A scored tender whose ``tender.marks`` holds the individual marks.
    lot
        The lot; may be left out when the tender has one lot.
    disputed_levels
        An item is disputed when its marks span at least this many levels.

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path, score
    >>> checks = committee_checks(score(load_tender(sample_path("nettoyage"))))
    >>> checks.winners, len([c for c in checks.checks if c.kind == "without_evaluator"])
    (('O1',), 3)
    """
    from efc_scoring.scoring.evaluate import score

    tender = evaluation.tender
    lot_id = pick_lot(evaluation, lot)
    winners = evaluation.winners(lot_id)
    in_lot = {o.id for o in tender.offers_in(lot_id)}
    scores = [s for s in tender.marks if s.offer in in_lot]
    if not scores:
        return CommitteeRobustness(
            lot_id,
            winners,
            (),
            note="Aucune note individuelle d'évaluateur : pas de contrôle "
            "de la commission pour ce lot.",
        )
    base = committee_means(tender)
    checks: list[CommitteeCheck] = []

    def rescore(marks: dict[MarkKey, Fraction]) -> tuple[str, ...] | None:
        try:
            return score(tender, marks).winners(lot_id)
        except ScoringError:
            return None  # an item left without any mark

    evaluators = [e for e in tender.evaluators if any(s.evaluator == e.id for s in scores)]
    for ev in evaluators:
        kept = [s for s in tender.marks if s.evaluator != ev.id]
        won = rescore(committee_means(tender, kept))
        if won is not None:
            checks.append(
                CommitteeCheck(
                    lot_id,
                    "without_evaluator",
                    ev.id,
                    f"sans les notes {_of(ev.name.split(',')[0])} ({ev.role_label})",
                    won,
                    won != winners,
                )
            )
    users = {e.id for e in evaluators if e.role is Role.USER}
    if users and len(users) < len(evaluators):
        won = rescore(
            committee_means(tender, [s for s in tender.marks if s.evaluator not in users])
        )
        if won is not None:
            checks.append(
                CommitteeCheck(
                    lot_id,
                    "without_users",
                    "user",
                    "sans les notes des usagers",
                    won,
                    won != winners,
                )
            )
    by_item: dict[MarkKey, list[Fraction]] = defaultdict(list)
    for s in scores:
        by_item[(s.offer, s.criterion)].append(Fraction(s.value))
    for (offer, criterion), values in by_item.items():
        scoring = tender.criterion(criterion).scoring
        assert isinstance(scoring, RubricScoring)
        levels = [Fraction(v) for v in scoring.scale.values]
        low, high = min(values), max(values)
        if levels.index(high) - levels.index(low) < disputed_levels:
            continue
        label = tender.criterion(criterion).label
        for kind, value in (("disputed_low", low), ("disputed_high", high)):
            won = rescore({**base, (offer, criterion): value})
            assert won is not None
            checks.append(
                CommitteeCheck(
                    lot_id,
                    kind,
                    f"{offer}/{criterion}",
                    f"si la note de {offer} sur « {label} » était tranchée à "
                    f"{present.number(value)} (au lieu de "
                    f"{present.number(base[(offer, criterion)])})",
                    won,
                    won != winners,
                )
            )
    return CommitteeRobustness(lot_id, winners, tuple(checks))


def _of(name: str) -> str:
    """« de Claire », « d'Agnès »."""
    return ("d'" if name[:1].lower() in "aeiouyhàâéèêîïôû" else "de ") + name
