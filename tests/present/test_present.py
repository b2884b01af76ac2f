"""Golden renderings of the presentation layer, and the invariants behind them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from efc_scoring import present
from efc_scoring.errors import EfcError, ErrorCode, Problem, ScoringError
from efc_scoring.present import Feature, LabelledEnum

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("2.675"), "2,68 €"),  # half-up on the exact value, not on a binary float
        (2.675, "2,68 €"),
        (Fraction(2675, 1000), "2,68 €"),
        (Decimal("2.665"), "2,67 €"),
        (Decimal("57580"), f"57{NNBSP}580,00 €"),
        (Decimal("1234567.891"), f"1{NNBSP}234{NNBSP}567,89 €"),
        (Decimal("999.995"), f"1{NNBSP}000,00 €"),
        (Decimal("-1500"), f"-1{NNBSP}500,00 €"),
        (Decimal("-0.001"), "0,00 €"),
        (0, "0,00 €"),
    ],
)
def test_money_golden(value, text):
    assert present.money(value) == text


def test_money_other_currency_and_whole_euros():
    assert present.money(Decimal("10"), "CHF") == "10,00 CHF"
    assert present.money(Decimal("60080"), places=0) == f"60{NNBSP}080 €"


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Fraction(137, 1000), "13,7 %"),
        (Decimal("0.5"), "50 %"),
        (0.5, "50 %"),
        (Fraction(2, 3), "66,7 %"),
        (Decimal("0.02"), "2 %"),
        (Fraction(1, 8), "12,5 %"),
        (Decimal("0.0005"), "0,1 %"),
        (Decimal("0.00049"), "0 %"),
        (12, f"1{NNBSP}200 %"),
    ],
)
def test_percent_golden(share, text):
    assert present.percent(share) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(16493, 200), "82,47"), (40, "40,00"), (Fraction(1, 8), "0,13"), (1000, "1 000,00")],
)
def test_points_golden(value, text):
    assert present.points(value) == text.replace(" ", NNBSP)


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(11, 3), "3,67"), (Decimal("4"), "4"), (Decimal("2.50"), "2,5"), (None, "—")],
)
def test_mark_golden(value, text):
    assert present.mark(value) == text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2027, 3, 1), "1er mars 2027"),
        (date(2027, 3, 2), "2 mars 2027"),
        (date(2028, 2, 29), "29 février 2028"),
        (date(2027, 8, 1), "1er août 2027"),
        (date(2027, 12, 31), "31 décembre 2027"),
        (datetime(2027, 9, 1, 23, 59), "1er septembre 2027"),
    ],
)
def test_long_date_golden(day, text):
    assert present.long_date(day) == text


def test_words():
    assert present.count(0, "offre") == "0 offre"
    assert present.count(1, "offre") == "1 offre"
    assert present.count(2, "offre") == "2 offres"
    assert present.count(2, "note manquante", "notes manquantes") == "2 notes manquantes"
    with pytest.raises(ValueError, match="pluriel"):
        present.count(2, "note manquante")
    assert present.ordinal(1) == "1er" and present.ordinal(1, feminine=True) == "1re"
    assert present.join(["a", "b", "c"]) == "a, b et c"
    assert present.join(["a", "b"], "ou") == "a ou b"


@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=4))
def test_money_reads_back_as_the_half_up_cent(amount):
    text = present.money(amount)
    assert text.endswith(" €")
    digits = text[:-2].replace(NNBSP, "").replace(",", ".")
    assert Decimal(digits) == amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) + 0
    whole = text[:-2].split(",")[0].lstrip("-")
    groups = whole.split(NNBSP)
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@given(st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**4))
def test_one_value_renders_alike_whatever_its_type(value):
    """A Fraction and the Decimal of its exact value render the same; a float through its repr."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(exact) == value:
        assert present.number(exact, 2) == present.number(value, 2)
        assert present.money(exact) == present.money(value)
        assert present.percent(exact) == present.percent(value)
    as_float = float(value)
    assert present.number(as_float, 2) == present.number(Decimal(repr(as_float)), 2)


def test_feature_codes_carry_names_and_priority():
    assert [f.value for f in Feature] == list("RMFQTICPN")
    assert "".join(f.value for f in Feature.by_priority()) == "NQTICPMFR"
    assert Feature.N.priority == 0 and Feature.R.priority == 8
    assert Feature("T").label == "échéance" and Feature.T.title == "Échéance"
    assert all(f.description for f in Feature)


def test_axis_labels_come_from_the_lexicon_data():
    labels = present.axis_labels()
    assert labels["packaging"] == "emballages"
    assert labels["emballages"] == "emballages"  # an alias
    assert present.axis_label("cooperation", title=True).startswith("Coopération")
    assert present.axis_label("water") == "water"
    assert present.axis_label("water", {"water": "eau"}) == "eau"


def test_labelled_enum_works_with_pydantic():
    from pydantic import BaseModel

    class Colour(LabelledEnum):
        RED = "red", "rouge"

    class Model(BaseModel):
        colour: Colour

    model = Model.model_validate({"colour": "red"})
    assert model.colour is Colour.RED and model.colour.label == "rouge"
    assert model.model_dump(mode="json") == {"colour": "red"}
    assert Model.model_json_schema()["$defs"]["Colour"]["enum"] == ["red"]


def test_errors_have_codes_and_builtins():
    exc = ScoringError("note manquante", code=ErrorCode.MISSING_MARK)
    assert isinstance(exc, EfcError) and isinstance(exc, ValueError)
    assert exc.code is ErrorCode.MISSING_MARK and ScoringError("x").code is ErrorCode.SCORING
    assert Problem("f", "", "m", code="decimal_comma").code is ErrorCode.DECIMAL_COMMA
    with pytest.raises(ValueError):
        Problem("f", "", "m", code="no_such_code")


def test_every_error_class_is_an_efc_error_with_its_own_code():
    import efc_scoring.errors as errors

    classes = [
        getattr(errors, name)
        for name in errors.__all__
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), BaseException)
    ]
    assert len(classes) >= 18
    for cls in classes:
        assert issubclass(cls, EfcError)
        assert isinstance(cls.default_code, ErrorCode)
        if cls is not EfcError:  # each also subclasses the matching built-in
            builtin = {c for c in cls.__mro__ if c.__module__ == "builtins"}
            assert builtin - {Exception, BaseException, object}, cls
    codes = {str(c) for c in ErrorCode}
    assert len(codes) == len(list(ErrorCode)), "two codes share a value"
    assert all(c.label for c in ErrorCode)


def test_numpy_numbers_and_non_finite_values():
    import numpy as np

    assert present.number(np.float64(2.675), 2) == "2,68"
    assert present.percent(np.float64(0.5)) == "50 %"
    assert present.mark(np.int64(3)) == "3"
    assert present.number(float("nan")) == present.MISSING == present.percent(float("nan"))
    assert present.number(float("inf")) == "∞"
