"""Offers (bids): who bids on which lot, at what price, with which answers."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from efc_scoring.model._errors import ModelRuleError
from efc_scoring.model._ids import Id
from efc_scoring.model._number import Figure, NonNegative, Price

__all__ = ["Offer", "PriceLine"]

_CENT = Decimal("0.01")


class PriceLine(BaseModel):
    """One priced line of an offer: a quantity times a unit price.

    Examples
    --------
    >>> line = PriceLine(item="Nettoyant sols 5 L", quantity="120", unit_price="18.40")
    >>> line.amount  # exact decimal arithmetic
    Decimal('2208.00')
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str = Field(min_length=1)
    quantity: NonNegative
    unit_price: NonNegative
    unit: str = ""

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


class Offer(BaseModel):
    """A bidder's offer on one lot.

    The price is either a total (``price``) or priced lines (``lines``, the
    quantities of the price schedule times the bidder's unit prices); when both
    are given they must agree to the cent. ``answers`` maps question ids to the
    bidder's free-text answers; ``values`` holds declared figures used by
    numeric criteria; ``trade_names`` the brands or ranges the bidder declares;
    ``options`` the prices of the PSE and optional tranches of the lot
    (``price`` is the base offer's); ``variant_of`` makes the offer a variant
    of another offer of the same bidder.

    Examples
    --------
    >>> offer = Offer(id="O1", bidder="Hygiène Rhône", lot="L1",
    ...               lines=[{"item": "Détergent", "quantity": 120, "unit_price": "14.50"}])
    >>> offer.total_price
    Decimal('1740.00')
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Id
    bidder: str = Field(min_length=1)
    lot: Id
    price: Price | None = None
    lines: tuple[PriceLine, ...] = ()
    answers: dict[str, str] = Field(default_factory=dict)
    values: dict[str, Figure] = Field(default_factory=dict)
    trade_names: tuple[str, ...] = Field(
        default=(),
        description="Trade names the bidder declares (brands, product ranges): masked in blind "
        "grids and never told to another bidder.",
    )
    options: dict[Id, Price] = Field(
        default_factory=dict,
        description="Prices (HT) of the PSE and optional tranches the offer prices, by id.",
    )
    variant_of: Id | None = Field(
        default=None, description="The base offer of the same bidder this variant departs from."
    )
    siret: str | None = Field(
        default=None, pattern=r"^[0-9]{14}$", description="SIRET of the bidder (DECP)."
    )

    @model_validator(mode="after")
    def _price_agrees(self) -> Offer:
        if self.price is not None and self.lines:
            total = sum((line.amount for line in self.lines), Decimal(0))
            if total.quantize(_CENT) != self.price.quantize(_CENT):
                raise ModelRuleError(
                    [
                        (
                            "price",
                            f"le prix total {self.price} diffère de la somme des lignes du "
                            f"bordereau ({total.quantize(_CENT)})",
                            "corriger le total ou les lignes, ou ne donner que l'un des deux",
                        )
                    ]
                )
        if self.price is None and self.lines and self.total_price == 0:
            raise ModelRuleError(
                [
                    (
                        "lines",
                        "les lignes du bordereau donnent un prix total nul",
                        "vérifier les quantités et les prix unitaires (un prix nul n'est pas une "
                        "offre de prix)",
                    )
                ]
            )
        return self

    @property
    def total_price(self) -> Decimal | None:
        """The offer's total price, or None when it gives none."""
        if self.price is not None:
            return self.price
        if self.lines:
            return sum((line.amount for line in self.lines), Decimal(0))
        return None
