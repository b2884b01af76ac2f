"""The data a tender file gives for the publication duties (DECP, eForms).

The essential data of a contract (données essentielles de la commande
publique, DECP) follow the regulatory format of the arrêtés du 22 décembre
2022; from 2026 they go to the national open-data portal. Most of them describe
the contract rather than the analysis of the offers: the buyer's SIRET, the CPV
code, the place of execution, the duration, the form of the price. They are
declared once in ``publication`` of the tender file; the holder's identifier is
the ``siret`` of the winning offer. Every field is optional, so that a tender file
without them stays valid: :func:`efc_scoring.to_decp` names, by its field path,
each one the export needs and the file lacks.

References
----------
Arrêté du 22 décembre 2022 relatif aux données essentielles des marchés
publics (JORF 30 décembre 2022); code de la commande publique, articles
R. 2196-1 and R. 3131-1; format réglementaire published by the DAJ
(``139bercy/format-commande-publique``, schéma 2.0.3).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from efc_scoring.model._number import Price
from efc_scoring.present import LabelledEnum

__all__ = [
    "ContractNature",
    "PlaceCodeType",
    "PriceForm",
    "PriceType",
    "Publication",
]


class ContractNature(LabelledEnum):
    """Nature of the contract (DECP ``nature``)."""

    CONTRACT = "marche", "Marché"
    PARTNERSHIP = "marche_de_partenariat", "Marché de partenariat"
    DEFENCE = "marche_de_defense_ou_de_securite", "Marché de défense ou de sécurité"


class PlaceCodeType(LabelledEnum):
    """Kind of code of the place of execution (DECP ``lieuExecution.typeCode``)."""

    POSTCODE = "code_postal", "Code postal"
    COMMUNE = "code_commune", "Code commune"
    ARRONDISSEMENT = "code_arrondissement", "Code arrondissement"
    CANTON = "code_canton", "Code canton"
    DEPARTMENT = "code_departement", "Code département"
    REGION = "code_region", "Code région"
    COUNTRY = "code_pays", "Code pays"


class PriceForm(LabelledEnum):
    """Form of the price (DECP ``formePrix``)."""

    UNIT = "unitaire", "Unitaire"
    LUMP_SUM = "forfaitaire", "Forfaitaire"
    MIXED = "mixte", "Mixte"


class PriceType(LabelledEnum):
    """Type of the price (DECP ``typesPrix``)."""

    FIRM = "definitif_ferme", "Définitif ferme"
    ADJUSTABLE = "definitif_actualisable", "Définitif actualisable"
    REVISABLE = "definitif_revisable", "Définitif révisable"
    PROVISIONAL = "provisoire", "Provisoire"


class Publication(BaseModel):
    """What the essential data of the contract need beyond the analysis of the offers.

    Examples
    --------
    >>> p = Publication(buyer_siret="21690266800013", cpv="39830000", place_code="69266",
    ...                 place_type="code_commune", duration_months=12, price_form="unitaire",
    ...                 price_types=["definitif_revisable"])
    >>> p.place_type.label, p.nature.label
    ('Code commune', 'Marché')
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "buyer_siret": "26490123400017",
                    "cpv": "98310000",
                    "place_code": "49",
                    "place_type": "code_departement",
                    "duration_months": 48,
                    "price_form": "mixte",
                    "price_types": ["definitif_revisable"],
                    "techniques": ["Accord-cadre"],
                    "execution_modes": ["Bons de commande"],
                    "environmental_clause": True,
                }
            ]
        },
    )

    buyer_siret: str | None = Field(
        default=None, pattern=r"^[0-9]{14}$", description="SIRET of the buyer."
    )
    cpv: str | None = Field(default=None, pattern=r"^[0-9]{8}(-[0-9])?$", description="Main CPV.")
    nature: ContractNature = ContractNature.CONTRACT
    place_code: str | None = Field(
        default=None, min_length=1, description="Code of the main place of execution."
    )
    place_type: PlaceCodeType | None = None
    duration_months: int | None = Field(
        default=None, ge=1, description="Initial duration, renewals included."
    )
    price_form: PriceForm | None = None
    price_types: tuple[PriceType, ...] | None = Field(default=None, min_length=1)
    ccag: str = Field(
        default="Fournitures courantes et services",
        description="CCAG of reference (« Pas de CCAG » when none).",
    )
    techniques: tuple[str, ...] = Field(
        default=("Sans objet",), description="Accord-cadre, Système d'acquisition dynamique..."
    )
    execution_modes: tuple[str, ...] = Field(
        default=("Sans objet",), description="Tranches, Bons de commande, Marchés subséquents."
    )
    innovative: bool = False
    advance: bool = False
    advance_rate: float | None = Field(default=None, ge=0, le=1)
    grouping: str = Field(default="Pas de groupement", description="Conjoint, Solidaire...")
    subcontracting_declared: bool = False
    environmental_clause: bool = Field(
        default=False, description="An execution clause on the environment (DECP)."
    )
    social_clause: bool = Field(default=False, description="An execution clause on social aims.")
    reserved: bool = Field(
        default=False, description="A contract reserved (art. L. 2113-12 to -16) (DECP)."
    )
    notification_date: date | None = Field(
        default=None, description="Date the contract was notified to its holder."
    )
    procedure: str | None = Field(
        default=None,
        description="DECP name of the procedure when `procedure` of the tender is free text.",
    )
    contract_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=16,
        pattern=r"^[A-Za-z0-9_.\-/]+$",
        description="The buyer's number of the contract (DECP `id`, 1 to 16 characters); "
        "by default the tender's id, followed by the lot's with several lots.",
    )
    amount: Price | None = Field(
        default=None,
        description="Lump-sum or estimated maximum amount excl. tax (DECP `montant`) of a "
        "single-lot contract; by default the winning offer's total price.",
    )
