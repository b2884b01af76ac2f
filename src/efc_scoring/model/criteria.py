"""The criteria tree: criteria, their weights and how each leaf is scored.

Weights are points out of 100: the top-level criteria add up to 100 and the
children of a criterion add up to its weight, so every weight reads as the
number of points it can bring to an offer's total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from efc_scoring import present
from efc_scoring.errors import ErrorCode
from efc_scoring.model._errors import ModelRuleError
from efc_scoring.model._ids import Id
from efc_scoring.model._number import Figure, NonNegative, Weight
from efc_scoring.model.scale import DEFAULT_SCALE, Scale
from efc_scoring.present import LabelledEnum

__all__ = [
    "Criterion",
    "CriterionKind",
    "Direction",
    "NumericScoring",
    "PriceFormula",
    "PriceScoring",
    "RubricScoring",
    "Scoring",
]


class CriterionKind(LabelledEnum):
    """What a criterion measures (``label``: its French name).

    Examples
    --------
    >>> CriterionKind("environment").label
    'environnement'
    >>> [kind.value for kind in CriterionKind]
    ['price', 'cost', 'quality', 'environment', 'cooperation', 'social']
    """

    PRICE = "price", "prix"
    COST = "cost", "coût"
    QUALITY = "quality", "qualité"
    ENVIRONMENT = "environment", "environnement"
    COOPERATION = "cooperation", "coopération"
    SOCIAL = "social", "social"


class PriceFormula(LabelledEnum):
    """Price formulas of French practice (see :mod:`efc_scoring.scoring.price`)."""

    PROPORTIONAL = "proportional", "formule proportionnelle"
    LINEAR = "linear", "formule linéaire"
    RELATIVE_GAP = "relative_gap", "formule de l'écart relatif"


class Direction(LabelledEnum):
    """Whether a numeric value is better high or low."""

    HIGHER_IS_BETTER = "higher_is_better", "plus haut = mieux"
    LOWER_IS_BETTER = "lower_is_better", "plus bas = mieux"


class RubricScoring(BaseModel):
    """The criterion is marked by evaluators on a scale (the rubric by default).

    Examples
    --------
    >>> scoring = RubricScoring()  # the EFC reading grid, levels 0 to 5
    >>> [(int(level.value), level.label) for level in scoring.scale.levels][3:]
    [(3, 'Satisfaisant'), (4, 'Bon'), (5, 'Très bon')]
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: Literal["rubric"] = "rubric"
    scale: Scale = Field(default=DEFAULT_SCALE)


class PriceScoring(BaseModel):
    """The criterion is scored from each offer's total price with a formula.

    Examples
    --------
    >>> PriceScoring(formula="linear").formula.label
    'formule linéaire'
    >>> PriceScoring().formula.value  # the default
    'proportional'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: Literal["price"] = "price"
    formula: PriceFormula = PriceFormula.PROPORTIONAL


class NumericScoring(BaseModel):
    """The criterion is scored from a numeric value each offer declares.

    The value is read from ``offer.values[key]`` and converted linearly to a
    share of the weight between ``worst`` (0) and ``best`` (1). When the bounds
    are not given, the worst and best values among the lot's offers are used;
    values beyond the bounds are clipped.

    Examples
    --------
    >>> co2 = NumericScoring(key="co2_kg", direction="lower_is_better", unit="kg CO2",
    ...                      best=0, worst=500)
    >>> co2.direction.label, co2.best, co2.worst
    ('plus bas = mieux', Decimal('0'), Decimal('500'))

    Bounds that contradict the direction are refused, saying how to fix them:

    >>> try:
    ...     NumericScoring(key="x", direction="higher_is_better", best=0, worst=10)
    ... except ValueError as error:
    ...     print(error.errors()[0]["msg"][:63])
    Value error, best : best (0) et worst (10) contredisent le sens
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: Literal["numeric"] = "numeric"
    key: str = Field(min_length=1, description="Name of the value in each offer's `values`.")
    direction: Direction
    unit: str = ""
    best: Figure | None = None
    worst: Figure | None = None

    @model_validator(mode="after")
    def _bounds(self) -> NumericScoring:
        if self.best is not None and self.worst is not None and self.best == self.worst:
            raise ModelRuleError(
                [
                    (
                        "best",
                        f"best et worst valent tous deux {self.best}",
                        "donner deux bornes différentes",
                    )
                ]
            )
        if self.best is not None and self.worst is not None:
            higher = self.direction is Direction.HIGHER_IS_BETTER
            if (self.best > self.worst) != higher:
                raise ModelRuleError(
                    [
                        (
                            "best",
                            f"best ({self.best}) et worst ({self.worst}) contredisent le "
                            f"sens {self.direction.value}",
                            "inverser les bornes ou changer `direction`",
                        )
                    ]
                )
        return self


Scoring = Annotated[RubricScoring | PriceScoring | NumericScoring, Field(discriminator="method")]


class Criterion(BaseModel):
    """A node of the criteria tree.

    A leaf says how it is scored (``scoring``); a parent has ``children`` whose
    weights add up to its own. ``threshold`` is an elimination threshold in
    points: an offer earning fewer points on this criterion is eliminated.

    Examples
    --------
    >>> env = Criterion(
    ...     id="env", label="Valeur environnementale", kind="environment", weight=20,
    ...     children=[
    ...         Criterion(id="env.emb", label="Emballages", kind="environment", weight=10,
    ...                   scoring={"method": "rubric"}),
    ...         Criterion(id="env.tra", label="Transport", kind="environment", weight=10,
    ...                   scoring={"method": "rubric"}),
    ...     ],
    ... )
    >>> [leaf.id for leaf in env.leaves()]
    ['env.emb', 'env.tra']
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    label: str = Field(min_length=1)
    kind: CriterionKind
    weight: Weight = Field(description="Points out of 100 of the whole tender.")
    description: str = ""
    scoring: Scoring | None = None
    threshold: NonNegative | None = Field(
        default=None, description="Minimum points on this criterion, else eliminated."
    )
    environmental: bool = Field(
        default=False,
        description="The criterion takes the environmental characteristics of the offers into "
        "account (a global cost including them, a quality criterion with an environmental "
        "part); a criterion of kind `environment` does by definition.",
    )
    published: bool = Field(
        default=True,
        description="Whether its weight is published in the consultation documents; a weight "
        "that can influence the choice must be (CE, 18 juin 2010, n° 337377).",
    )
    children: tuple[Criterion, ...] = ()

    @model_validator(mode="after")
    def _tree_rules(self) -> Criterion:
        problems: list[tuple[str, str, str]] = []
        if self.children and self.scoring is not None:
            problems.append(
                (
                    "scoring",
                    f"le critère {self.id!r} a des sous-critères et une méthode de notation",
                    "retirer `scoring` (les points d'un critère parent sont la somme de ceux "
                    "de ses sous-critères) ou retirer `children`",
                )
            )
        if not self.children and self.scoring is None:
            problems.append(
                (
                    "scoring",
                    f"le critère {self.id!r} ne dit pas comment il est noté",
                    "ajouter `scoring: {method: rubric}`, `{method: price, formula: ...}` ou "
                    "`{method: numeric, key: ..., direction: ...}`",
                )
            )
        related: dict[str, list[tuple[str, str]]] = {}
        if self.children:
            found = weight_total_problem(
                "weight",
                f"« {self.label} »",
                self.weight,
                [(f"children[{i}].weight", c.id, c.weight) for i, c in enumerate(self.children)],
            )
            if found is not None:
                problem, involved = found
                problems.append(problem)
                related["weight"] = involved
        if self.threshold is not None and self.threshold > self.weight:
            problems.append(
                (
                    "threshold",
                    f"le seuil {_fmt(self.threshold)} dépasse la pondération du critère "
                    f"({_fmt(self.weight)}) : toutes les offres seraient éliminées",
                    "abaisser le seuil",
                )
            )
        if problems:
            raise ModelRuleError(problems, related=related, codes=dict.fromkeys(related, _WEIGHTS))
        return self

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> list[tuple[Criterion, tuple[str, ...]]]:
        """Every node of the subtree with the ids of its ancestors, depth first."""
        out: list[tuple[Criterion, tuple[str, ...]]] = []

        def visit(node: Criterion, parents: tuple[str, ...]) -> None:
            out.append((node, parents))
            for child in node.children:
                visit(child, (*parents, node.id))

        visit(self, ())
        return out

    def leaves(self) -> list[Criterion]:
        """The leaf criteria of the subtree, in order."""
        return [node for node, _ in self.walk() if node.is_leaf]


_WEIGHTS = ErrorCode.WEIGHTS


def weight_total_problem(
    path: str,
    parent: str,
    expected: Decimal,
    children: list[tuple[str, str, Decimal | None]],
) -> tuple[tuple[str, str, str], list[tuple[str, str]]] | None:
    """The problem of weights that do not add up to their parent's, or None when they do.

    One rule for the children of a criterion and for the top-level criteria
    (whose parent is the tender, 100 points). The problem is placed on the
    parent (``path``); the children are listed with their weights, and returned
    as ``(relative_path, id)`` pairs so that a loader gives their lines. A child
    whose weight is unknown (refused elsewhere) makes the total unknown: no problem.

    Examples
    --------
    >>> (path, message, fix), involved = weight_total_problem(
    ...     "weight", "« Environnement »", Decimal(65),
    ...     [("children[0].weight", "env.emb", Decimal(30)),
    ...      ("children[1].weight", "env.tra", Decimal(30))])
    >>> "totalisent 60 points (env.emb 30 + env.tra 30) au lieu de 65" in message
    True
    >>> path, involved
    ('weight', [('children[0].weight', 'env.emb'), ('children[1].weight', 'env.tra')])
    """
    if any(weight is None for _, _, weight in children):
        return None
    total = sum((w for _, _, w in children if w is not None), Decimal(0))
    if total == expected:
        return None
    terms = " + ".join(f"{cid} {_fmt(w)}" for _, cid, w in children if w is not None)
    top = parent == "le marché"
    what = "les critères principaux" if top else f"les sous-critères de {parent}"
    of = "le total du marché" if top else f"la pondération de {parent}"
    fix = (
        "corriger les pondérations des critères principaux pour qu'elles totalisent 100 points"
        if top
        else f"corriger les pondérations des sous-critères ou celle de {parent} pour qu'elles "
        "concordent"
    )
    message = f"{what} totalisent {_fmt(total)} points ({terms}) au lieu de {_fmt(expected)}, {of}"
    return (path, message, fix), [(p, cid) for p, cid, _ in children]


def _fmt(value: Decimal) -> str:
    return present.number(value, up_to=None)


Criterion.model_rebuild()
