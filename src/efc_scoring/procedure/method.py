"""The legal check of the scoring method, before publication, when a warning is still useful.

:func:`check_method` reads the tender file alone (no offer is needed) and
reports each rule it breaks or puts at risk, with the rule, its source and how
to fix it:

- ``environmental_criterion``: the environmental criterion rule of 21 August
  2026 (consultation date, the single « coût global » alternative, defence and
  security contracts out of scope);
- ``price_or_cost``: several criteria must include the price or the cost;
- ``best_price_max``: the best price must get the maximum of the price
  criterion;
- ``negative_marks``: no scale with negative marks;
- ``cliff``: no cliff, where a slightly dearer offer loses much or all of the
  price criterion (the linear formula between close prices, an elimination
  threshold on the price);
- ``price_neutralised``: the price formula must not neutralise the weight of
  price. Offers are simulated (prices spread by 5 to 30 %, marks spread over
  part of each scale) and scored; the effective weight of price is measured
  with :func:`efc_scoring.price_effects` and judged with
  :func:`efc_scoring.mcda.neutralisation_caution`;
- ``unpublished_weights``: every weight that can influence the choice must be
  published, sub-criteria included;
- ``decimal_marks``: a mean of whole marks is decimal (3,33), against a scale
  announced in whole numbers.

An ``error`` finding is a method the judge censures; a ``warning`` a risk to
weigh before publishing.

References
----------
Code de la commande publique, art. L. 2152-7, R. 2152-7, R. 2152-11 and
R. 2152-12; CE, 3 novembre 2014, *Commune de Belleville-sur-Loire*, n° 373362;
CE, 20 novembre 2020, n° 427761; CE, 18 juin 2010, *Commune de
Saint-Pal-de-Mons*, n° 337377; DAJ, fiche « La notation du critère prix ».
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from efc_scoring import present
from efc_scoring.model.criteria import (
    CriterionKind,
    Direction,
    NumericScoring,
    PriceFormula,
    PriceScoring,
    RubricScoring,
)
from efc_scoring.model.environment import SOURCE as ENVIRONMENT_SOURCE
from efc_scoring.model.environment import environmental_rule
from efc_scoring.model.procedure import MarkConsolidation
from efc_scoring.present import LabelledEnum

if TYPE_CHECKING:
    import pandas as pd

    from efc_scoring.model.tender import Tender

__all__ = [
    "DEFAULT_SPREADS",
    "RULES",
    "Finding",
    "MethodCheck",
    "PriceSimulation",
    "Severity",
    "check_method",
]

#: Relative spreads between the lowest and the highest simulated price.
DEFAULT_SPREADS = (0.05, 0.10, 0.20, 0.30)
#: Price gap of the two offers of the cliff test (1 %).
CLIFF_GAP = Fraction(1, 100)
#: Share of the price weight a 1 % dearer offer may lose before it is called a cliff.
CLIFF_LOSS = Fraction(1, 10)

#: Each rule checked, with its French title.
RULES = {
    "environmental_criterion": "critère environnemental (règle du 21 août 2026)",
    "price_or_cost": "le prix ou le coût parmi les critères",
    "best_price_max": "la note maximale au meilleur prix",
    "negative_marks": "pas de note négative",
    "cliff": "pas d'effet de falaise",
    "price_neutralised": "une formule de prix qui ne neutralise pas sa pondération",
    "unpublished_weights": "des pondérations publiées, sous-critères compris",
    "decimal_marks": "des notes conformes à l'échelle annoncée",
}

_PRICE_SOURCE = "DAJ, fiche « La notation du critère prix »"
_BELLEVILLE = "CE, 3 novembre 2014, Commune de Belleville-sur-Loire, n° 373362"


class Severity(LabelledEnum):
    """How serious a finding is (``label``: its French name)."""

    ERROR = "error", "irrégularité"
    WARNING = "warning", "risque"


@dataclass(frozen=True)
class Finding:
    """One rule broken or at risk: where, what, the source, and how to fix it."""

    rule: str
    severity: Severity
    where: str
    message: str
    source: str
    fix: str

    @property
    def title(self) -> str:
        """The rule, in French."""
        return RULES.get(self.rule, self.rule)

    def __str__(self) -> str:
        where = f"{self.where} : " if self.where else ""
        return (
            f"[{self.severity.label}] {self.title} — {where}{self.message}\n"
            f"    source : {self.source}\n    → {self.fix}"
        )


@dataclass(frozen=True)
class PriceSimulation:
    """The effective weight of price on simulated offers whose prices spread by ``spread``."""

    lot: str
    spread: float
    formula: str
    announced: float
    effective: float
    variance: float
    caution: str | None


@dataclass(frozen=True)
class MethodCheck:
    """The findings of :func:`check_method` and the price simulations behind them.

    Examples
    --------
    >>> from efc_scoring import check_method, load_tender, sample_path
    >>> check = check_method(load_tender(sample_path("nettoyage")))
    >>> check.ok, [(finding.rule, finding.severity.value) for finding in check.findings]
    (True, [('price_neutralised', 'warning'), ('decimal_marks', 'warning')])
    """

    tender: str
    findings: tuple[Finding, ...]
    simulations: tuple[PriceSimulation, ...]
    reference_spread: float

    @property
    def ok(self) -> bool:
        """No error (warnings may remain)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def rules(self) -> tuple[str, ...]:
        """The rules with a finding, once each, in order."""
        return tuple(dict.fromkeys(f.rule for f in self.findings))

    def to_frame(self) -> pd.DataFrame:
        """One row per finding: rule, severity, where, message, source, fix."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "rule": f.rule,
                    "title": f.title,
                    "severity": f.severity.value,
                    "where": f.where,
                    "message": f.message,
                    "source": f.source,
                    "fix": f.fix,
                }
                for f in self.findings
            ],
            columns=["rule", "title", "severity", "where", "message", "source", "fix"],
        )

    def simulation_frame(self) -> pd.DataFrame:
        """One row per simulated spread: announced and effective weight of price."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "lot": s.lot,
                    "spread": s.spread,
                    "formula": s.formula,
                    "announced": s.announced,
                    "effective": s.effective,
                    "variance": s.variance,
                    "neutralised": s.caution is not None,
                }
                for s in self.simulations
            ]
        )

    def summary(self) -> str:
        """One French sentence: how many irregularities and risks."""
        if not self.findings:
            return "Méthode de notation : aucune irrégularité ni aucun risque relevé."
        return (
            f"Méthode de notation : {present.count(len(self.errors), 'irrégularité')} et "
            f"{present.count(len(self.warnings), 'risque')} relevés."
        )

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(str(f) for f in self.findings)])

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)


def check_method(
    tender: Tender,
    *,
    spreads: tuple[float, ...] = DEFAULT_SPREADS,
    reference_spread: float = 0.10,
    marks_spread: float = 0.4,
    offers: int = 5,
) -> MethodCheck:
    """Check the scoring method of a tender file before publication.

    Parameters
    ----------
    tender
        The tender file (its offers and marks, if any, are not used).
    spreads
        The spreads of simulated prices (0.10: the dearest offer is 10 % above
        the cheapest) at which the effective weight of price is measured.
    reference_spread
        The spread expected in this market (from the sourcing or the last
        consultation): the formula is judged at it.
    marks_spread
        The share of each rubric scale the simulated marks span, from the
        cheapest to the dearest offer (0.4: two levels of a 0 to 5 scale); the
        dearer offers are the better marked, the usual trade-off.
    offers
        The number of simulated offers (at least 2).

    Examples
    --------
    >>> from efc_scoring import load_tender, sample_path
    >>> check = check_method(load_tender(sample_path("nettoyage")))
    >>> check.ok, check.rules()
    (True, ('price_neutralised', 'decimal_marks'))
    """
    if offers < 2:
        raise ValueError("simuler au moins deux offres")
    spreads = tuple(sorted({*spreads, reference_spread}))
    findings: list[Finding] = []
    findings += _environment(tender)
    findings += _price_or_cost(tender)
    findings += _best_price(tender)
    findings += _negative(tender)
    findings += _cliffs(tender)
    simulations = _simulate(tender, spreads, marks_spread, offers)
    findings += _neutralised(tender, simulations, reference_spread, marks_spread, offers)
    findings += _published(tender)
    findings += _decimals(tender)
    return MethodCheck(tender.id, tuple(findings), tuple(simulations), reference_spread)


# ---------------------------------------------------------------------- the rules
def _path(tender: Tender, criterion_id: str) -> str:
    """The field path of a criterion in the tender file (``criteria[1].children[0]``)."""
    for i, top in enumerate(tender.criteria):
        path = f"criteria[{i}]"
        found = _find(top, criterion_id, path)
        if found:
            return found
    return "criteria"


def _find(node: Any, criterion_id: str, path: str) -> str:
    if node.id == criterion_id:
        return path
    for j, child in enumerate(node.children):
        found = _find(child, criterion_id, f"{path}.children[{j}]")
        if found:
            return found
    return ""


def _environment(tender: Tender) -> list[Finding]:
    rule = environmental_rule(tender)
    if not rule.broken:
        return []
    fix = (
        "ajouter un critère `kind: environment` (ou marquer `environmental: true` le critère qui "
        "prend en compte les caractéristiques environnementales), ou noter sur le seul critère du "
        "coût global (`kind: cost`, `environmental: true`)"
    )
    if rule.applies is None:
        fix += (
            "; si la consultation a été lancée avant le 21 août 2026, indiquer `consultation_date`"
        )
    return [
        Finding(
            "environmental_criterion",
            Severity.ERROR,
            "criteria",
            f"{rule.how} ; la règle s'applique : {rule.why}",
            ENVIRONMENT_SOURCE,
            fix,
        )
    ]


def _price_or_cost(tender: Tender) -> list[Finding]:
    if len(tender.leaves) < 2:
        return []
    kinds = {node.kind for node, _ in tender.nodes.values()}
    if kinds & {CriterionKind.PRICE, CriterionKind.COST}:
        return []
    return [
        Finding(
            "price_or_cost",
            Severity.ERROR,
            "criteria",
            "plusieurs critères, mais aucun n'est le prix ou le coût",
            "code de la commande publique, art. R. 2152-7",
            "ajouter un critère du prix (`kind: price`) ou du coût (`kind: cost`)",
        )
    ]


def _sim_prices(n: int, spread: Fraction) -> list[Fraction]:
    base = Fraction(100_000)
    return [base * (1 + spread * i / (n - 1)) for i in range(n)]


def _best_price(tender: Tender) -> list[Finding]:
    from efc_scoring.scoring.price import price_points

    out: list[Finding] = []
    for leaf in tender.leaves:
        where = _path(tender, leaf.id)
        scoring = leaf.scoring
        if isinstance(scoring, PriceScoring):
            for spread in (Fraction(1, 100), Fraction(1, 10), Fraction(1)):
                prices = _sim_prices(4, spread)
                points = price_points(scoring.formula, prices, Fraction(leaf.weight))
                if points[0] != Fraction(leaf.weight):
                    out.append(
                        Finding(
                            "best_price_max",
                            Severity.ERROR,
                            where,
                            f"la formule {scoring.formula.label} donne "
                            f"{present.points(points[0])} points sur "
                            f"{present.number(leaf.weight)} au prix le plus bas",
                            f"{_PRICE_SOURCE} ; {_BELLEVILLE}",
                            "choisir une formule qui donne la note maximale au prix le plus bas",
                        )
                    )
                    break
        elif isinstance(scoring, NumericScoring) and leaf.kind in (
            CriterionKind.PRICE,
            CriterionKind.COST,
        ):
            if scoring.direction is Direction.HIGHER_IS_BETTER:
                out.append(
                    Finding(
                        "best_price_max",
                        Severity.ERROR,
                        f"{where}.scoring.direction",
                        f"le critère « {leaf.label} » ({leaf.kind.label}) est noté « plus haut = "
                        "mieux » : le prix le plus élevé aurait la meilleure note",
                        _PRICE_SOURCE,
                        "écrire `direction: lower_is_better`",
                    )
                )
            elif scoring.best is not None:
                out.append(
                    Finding(
                        "best_price_max",
                        Severity.ERROR,
                        f"{where}.scoring.best",
                        f"le critère « {leaf.label} » ({leaf.kind.label}) n'attribue la note "
                        f"maximale qu'à partir de {present.number(scoring.best, up_to=None)} "
                        f"{scoring.unit}".rstrip()
                        + " : l'offre la moins chère n'obtient pas la note maximale si elle ne "
                        "descend pas jusque-là",
                        _PRICE_SOURCE,
                        "retirer la borne `best` (la meilleure offre du lot sert alors de "
                        "référence) ou noter le prix par une formule (`method: price`)",
                    )
                )
    return out


def _negative(tender: Tender) -> list[Finding]:
    out: list[Finding] = []
    for leaf in tender.leaves:
        if isinstance(leaf.scoring, RubricScoring):
            low = [v for v in leaf.scoring.scale.values if v < 0]
            if low:
                out.append(
                    Finding(
                        "negative_marks",
                        Severity.ERROR,
                        f"{_path(tender, leaf.id)}.scoring.scale",
                        f"l'échelle du critère « {leaf.label} » comporte des notes négatives "
                        f"({', '.join(present.mark(v) for v in low)}) : une offre perdrait des "
                        "points gagnés sur les autres critères",
                        f"{_BELLEVILLE} ; {_PRICE_SOURCE}",
                        "faire commencer l'échelle à 0",
                    )
                )
    return out


def _cliffs(tender: Tender) -> list[Finding]:
    from efc_scoring.scoring.price import price_points

    out: list[Finding] = []
    for leaf in tender.leaves:
        where = _path(tender, leaf.id)
        if isinstance(leaf.scoring, PriceScoring):
            weight = Fraction(leaf.weight)
            points = price_points(leaf.scoring.formula, [Fraction(100), Fraction(101)], weight)
            lost = points[0] - points[1]
            if lost > CLIFF_LOSS * weight:
                out.append(
                    Finding(
                        "cliff",
                        Severity.WARNING,
                        f"{where}.scoring.formula",
                        f"avec la formule {leaf.scoring.formula.label}, de deux offres à 1 % "
                        f"d'écart, la plus chère perd {present.points(lost)} points sur "
                        f"{present.number(weight)} : un écart minime de prix devient un écart "
                        "maximal de note (effet de falaise)",
                        _PRICE_SOURCE,
                        "préférer la formule proportionnelle ou de l'écart relatif, ou borner "
                        "l'écart de prix pris en compte",
                    )
                )
        if leaf.kind in (CriterionKind.PRICE, CriterionKind.COST):
            for node_id in (*tender.nodes[leaf.id][1], leaf.id):
                node = tender.criterion(node_id)
                if node.threshold is not None:
                    out.append(
                        Finding(
                            "cliff",
                            Severity.WARNING,
                            f"{_path(tender, node.id)}.threshold",
                            f"le seuil d'élimination de {present.number(node.threshold)} points "
                            f"sur « {node.label} » élimine une offre dès qu'elle est un peu trop "
                            "chère : tout ou rien sur le prix",
                            _PRICE_SOURCE,
                            "retirer le seuil du critère prix (un budget maximal se prévoit comme "
                            "motif d'offre inacceptable, art. L. 2152-3)",
                        )
                    )
    return out


def _simulate(
    tender: Tender, spreads: tuple[float, ...], marks_spread: float, n: int
) -> list[PriceSimulation]:
    from efc_scoring.mcda import neutralisation_caution, price_effects
    from efc_scoring.model.offer import Offer
    from efc_scoring.scoring.evaluate import score

    price_leaves = [c for c in tender.leaves if isinstance(c.scoring, PriceScoring)]
    if not price_leaves:
        return []
    lot = tender.lots[0].id
    ms = Fraction(Decimal(str(marks_spread)))
    out: list[PriceSimulation] = []
    for spread in spreads:
        prices = _sim_prices(n, Fraction(Decimal(str(spread))))
        offers = []
        marks: dict[tuple[str, str], Fraction] = {}
        for i, price in enumerate(prices):
            oid = f"SIM{i + 1}"
            quality = Fraction(1, 2) - ms / 2 + ms * Fraction(i, n - 1)  # dearer = better
            values = {}
            for leaf in tender.leaves:
                scoring = leaf.scoring
                if isinstance(scoring, RubricScoring):
                    low, high = Fraction(scoring.scale.min), Fraction(scoring.scale.max)
                    marks[(oid, leaf.id)] = low + quality * (high - low)
                elif isinstance(scoring, NumericScoring):
                    values[scoring.key] = _sim_value(scoring, quality)
            offers.append(
                Offer(
                    id=oid,
                    bidder=f"Offre simulée {i + 1}",
                    lot=lot,
                    price=Decimal(price.numerator) / Decimal(price.denominator),
                    values=values,
                )
            )
        simulated = tender.model_copy(
            update={"offers": tuple(offers), "marks": (), "priced_options": ()}
        )
        effects = price_effects(score(simulated, marks), lot)
        if effects is None:
            continue
        out.append(
            PriceSimulation(
                lot=lot,
                spread=spread,
                formula=effects.formula,
                announced=effects.announced_weight,
                effective=effects.spread_weight,
                variance=effects.variance_weight,
                caution=neutralisation_caution(effects),
            )
        )
    return out


def _sim_value(scoring: NumericScoring, quality: Fraction) -> Decimal:
    """A declared value placed at ``quality`` (0 worst, 1 best) of the criterion's range."""
    higher = scoring.direction is Direction.HIGHER_IS_BETTER
    worst = Fraction(scoring.worst) if scoring.worst is not None else Fraction(0 if higher else 10)
    best = Fraction(scoring.best) if scoring.best is not None else Fraction(10 if higher else 0)
    value = worst + quality * (best - worst)
    return Decimal(value.numerator) / Decimal(value.denominator)


def _neutralised(
    tender: Tender,
    simulations: list[PriceSimulation],
    reference: float,
    marks_spread: float,
    n: int,
) -> list[Finding]:
    at_reference = [s for s in simulations if s.spread == reference]
    if not at_reference or at_reference[0].caution is None:
        return []
    s = at_reference[0]
    table = " ; ".join(
        f"écart de {present.percent(Decimal(str(x.spread)))} : "
        f"{present.number(x.effective, up_to=1)} points"
        for x in simulations
    )
    others = []
    for formula in PriceFormula:
        variant = _with_formula(tender, formula)
        if variant is None:
            continue
        found = _simulate(variant, (reference,), marks_spread, n)
        if found and found[0].formula != s.formula:
            others.append(
                f"{formula.label} ({found[0].formula}) : "
                f"{present.number(found[0].effective, up_to=1)} points"
            )
    fix = (
        "choisir une formule qui garde au prix sa pondération pour les écarts de prix attendus, "
        "ou revoir la pondération"
    )
    if others:
        fix += f" ; à {present.percent(Decimal(str(reference)))} d'écart : " + " ; ".join(others)
    return [
        Finding(
            "price_neutralised",
            Severity.WARNING,
            "criteria",
            f"Offres simulées dont les prix s'écartent de "
            f"{present.percent(Decimal(str(reference)))} — {s.caution} Poids effectif du prix "
            f"selon l'écart des prix : {table}.",
            f"{_BELLEVILLE} ; CE, 20 novembre 2020, n° 427761",
            fix,
        )
    ]


def _with_formula(tender: Tender, formula: PriceFormula) -> Tender | None:
    """The tender with its price leaves scored by ``formula`` (None if it has none)."""
    from efc_scoring.model.tender import Tender as TenderModel

    data = tender.model_dump(mode="python", exclude={"offers", "marks"})
    changed = False

    def visit(node: dict[str, Any]) -> None:
        nonlocal changed
        scoring = node.get("scoring")
        if scoring and scoring.get("method") == "price":
            scoring["formula"] = formula
            changed = True
        for child in node.get("children", ()):
            visit(child)

    for top in data["criteria"]:
        visit(top)
    if not changed:
        return None
    return TenderModel.model_validate(data, context={"defer_environment": True})


def _published(tender: Tender) -> list[Finding]:
    out: list[Finding] = []
    for node, parents in tender.nodes.values():
        if not node.published:
            what = "du sous-critère" if parents else "du critère"
            out.append(
                Finding(
                    "unpublished_weights",
                    Severity.ERROR,
                    f"{_path(tender, node.id)}.published",
                    f"la pondération {what} « {node.label} » ({present.number(node.weight)} "
                    "points) ne serait pas publiée : une pondération susceptible d'influencer la "
                    "présentation des offres doit être portée à la connaissance des candidats",
                    "CE, 18 juin 2010, Commune de Saint-Pal-de-Mons, n° 337377 ; code de la "
                    "commande publique, art. R. 2152-11 et R. 2152-12",
                    "publier la pondération dans le règlement de la consultation "
                    "(`published: true`)",
                )
            )
    return out


def _decimals(tender: Tender) -> list[Finding]:
    marking = tender.marking
    if marking.consolidation is MarkConsolidation.CONSENSUS or marking.decimals_announced:
        return []
    whole = [
        leaf
        for leaf in tender.leaves
        if isinstance(leaf.scoring, RubricScoring)
        and all(v == v.to_integral_value() for v in leaf.scoring.scale.values)
    ]
    if not whole or len(tender.evaluators) == 1:
        return []
    return [
        Finding(
            "decimal_marks",
            Severity.WARNING,
            "marking",
            f"les notes sont annoncées sur une échelle de nombres entiers (« "
            f"{whole[0].scoring.scale.label} »), mais la note retenue est la "  # type: ignore[union-attr]
            f"{marking.consolidation.label} : elle sera souvent décimale (3,33), une note que "
            "l'échelle annoncée ne prévoit pas",
            "code de la commande publique, art. L. 3 (transparence) et R. 2152-11 (modalités de "
            "mise en œuvre des critères annoncées)",
            "annoncer dans le règlement de la consultation que la note est la moyenne des notes "
            "des membres (`marking: {decimals_announced: true}`), ou arrêter chaque note par "
            "consensus (`marking: {consolidation: consensus}`)",
        )
    ]
