"""What the tender file declares about the procedure around the analysis.

- **Rounds** (:class:`Round`): a procedure with negotiation scores the initial
  offers, negotiates, and scores the final offers; each round has its own offers
  and marks (``rounds/<id>/`` beside ``tender.yaml``). Without ``rounds`` the
  tender has one initial round, read from the tender folder itself.
- **Priced options** (:class:`PricedOption`): the *prestations supplémentaires
  éventuelles* (PSE) and the optional tranches of a lot, each priced by the
  bidders in their offer (``options`` of an offer). A compulsory PSE must be
  priced by every bidder; the buyer retains the same PSE for every offer.
- **Variants** (:class:`Variants`): whether the rules of the consultation allow
  variants and whether they are ranked apart from the base offers or with them.
- **Marking** (:class:`Marking`): how the committee's mark on a criterion is
  formed, as the consultation documents announce it.
- **Governance** (:class:`Governance`): whether each evaluator must declare the
  absence of conflict of interest before receiving a grid, and whether the
  individual marks stay sealed until every evaluator has returned a grid.

References
----------
Code de la commande publique, articles R. 2151-8 to R. 2151-11 (variants),
R. 2113-4 to R. 2113-6 (optional tranches), R. 2161-17 to R. 2161-20 and
R. 2123-5 (negotiation); DAJ, fiche « L'examen des offres » (PSE); TA Pau,
2025, n° 2500008 (the same PSE retained for every offer).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from efc_scoring.model._ids import Id
from efc_scoring.present import LabelledEnum

__all__ = [
    "Governance",
    "MarkConsolidation",
    "Marking",
    "OptionKind",
    "PricedOption",
    "Round",
    "RoundKind",
    "VariantRanking",
    "Variants",
]


class RoundKind(LabelledEnum):
    """The place of a round in the procedure (``label``: its French name)."""

    INITIAL = "initial", "offres initiales"
    NEGOTIATION = "negotiation", "tour de négociation"
    FINAL = "final", "offres finales"


class Round(BaseModel):
    """A round of offers: the initial offers, a negotiation round or the final offers.

    Examples
    --------
    >>> Round(id="finale", kind="final").kind.label
    'offres finales'
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [{"id": "finale", "kind": "final", "label": "offres finales"}]
        },
    )

    id: Id
    kind: RoundKind
    label: str = Field(default="", description="French name shown in the report.")

    @property
    def title(self) -> str:
        """The round's French name (its label, else the label of its kind)."""
        text = self.label or self.kind.label
        return text[0].upper() + text[1:]


class OptionKind(LabelledEnum):
    """What a priced option is (``label``: its French name)."""

    PSE = "pse", "prestation supplémentaire éventuelle"
    TRANCHE = "tranche", "tranche optionnelle"


class PricedOption(BaseModel):
    """A PSE or an optional tranche of a lot, priced by the bidders.

    ``compulsory`` applies to a PSE: every bidder must price it (« PSE
    obligatoire »); a facultative PSE may be left unpriced. Every bidder prices
    every optional tranche of its lot, and the offers are compared on the firm
    tranche plus all the optional tranches.

    Examples
    --------
    >>> PricedOption(id="PSE1", kind="pse", label="Accompagnateurs", lot="L1",
    ...              compulsory=True).kind.label
    'prestation supplémentaire éventuelle'
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "PSE1",
                    "kind": "pse",
                    "label": "Entretien du linge personnel des résidents",
                    "lot": "L1",
                    "compulsory": True,
                },
                {"id": "TO1", "kind": "tranche", "label": "Quatrième EHPAD", "lot": "L1"},
            ]
        },
    )

    id: Id
    kind: OptionKind
    label: str = Field(min_length=1)
    lot: Id
    compulsory: bool = Field(
        default=False, description="A PSE every bidder must price (PSE obligatoire)."
    )
    description: str = ""


class VariantRanking(LabelledEnum):
    """How variants are ranked, as the rules of the consultation say."""

    SEPARATE = "separate", "classement distinct des offres de base"
    MERGED = "merged", "classement commun avec les offres de base"


class Variants(BaseModel):
    """Whether variants are allowed and how they are ranked.

    Examples
    --------
    >>> Variants(allowed=True, ranking="merged").ranking.label
    'classement commun avec les offres de base'
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"examples": [{"allowed": True, "ranking": "separate"}]},
    )

    allowed: bool = False
    ranking: VariantRanking = VariantRanking.SEPARATE


class MarkConsolidation(LabelledEnum):
    """How the committee's mark on a criterion is formed, as announced to the bidders."""

    MEAN = "mean", "moyenne des notes des membres"
    MEDIAN = "median", "médiane des notes des membres"
    CONSENSUS = "consensus", "note unique arrêtée par la commission"


class Marking(BaseModel):
    """How the committee's marks are formed, as the consultation documents announce it.

    ``decimals_announced`` says that the documents warn the bidders that a
    mark may fall between two levels of the scale (a mean of whole marks is
    often decimal: 3,33 on a 0 to 5 scale).
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"examples": [{"consolidation": "mean", "decimals_announced": True}]},
    )

    consolidation: MarkConsolidation = MarkConsolidation.MEAN
    decimals_announced: bool = False


class Governance(BaseModel):
    """The committee's rules of conduct that the library enforces.

    ``declarations``: no grid is written for an evaluator who has not declared
    the absence of conflict of interest (``efc-scoring declare``), unless the
    buyer overrides it with a reason kept in the ledger. ``sealed_marks``: the
    individual marks stay sealed (no agreement, agenda or consolidation shown)
    until every evaluator has returned a grid and the marks are revealed
    (``efc-scoring reveal``). Both apply as soon as the ledger holds a
    declaration or a « grilles envoyées » phase, whatever the tender file says.

    References
    ----------
    Code de la commande publique, art. L. 2141-10 (conflict of interest);
    directive 2014/24/UE, art. 24.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"examples": [{"declarations": True, "sealed_marks": True}]},
    )

    declarations: bool = False
    sealed_marks: bool = False
