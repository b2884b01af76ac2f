"""The bundled samples: every folder of ``data/samples`` is registered, loads, and the
negotiated-procedure sample ``blanchisserie`` holds what its procedure needs."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

import efc_scoring as efc
from efc_scoring.errors import NotFoundError
from efc_scoring.procedure import check_method

ROOT = Path(__file__).resolve().parents[1]


def test_every_sample_folder_is_registered_and_every_name_has_its_folder():
    folders = sorted(p.name for p in (ROOT / "data" / "samples").iterdir() if p.is_dir())
    assert folders == sorted(efc.samples())
    assert "blanchisserie" in efc.samples()
    for name in efc.samples():
        assert efc.sample_path(name) == ROOT / "data" / "samples" / name


def test_an_unknown_sample_names_the_known_ones():
    with pytest.raises(NotFoundError, match="blanchisserie, bof-lycees, nettoyage"):
        efc.sample_path("linge")


@pytest.mark.parametrize("name", sorted(efc.samples()))
def test_every_sample_and_each_of_its_rounds_loads_with_labelled_answers(name):
    folder = efc.sample_path(name)
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("# Exemple")
    tender = efc.load_tender(folder)
    for later in tender.round_list[1:]:
        round_tender = efc.load_tender(folder / "rounds" / later.id)
        assert round_tender.offers and round_tender.marks
        assert {o.id for o in round_tender.offers} <= {o.id for o in tender.offers}
    with (folder / "expected-levels.csv").open(encoding="utf-8", newline="") as handle:
        labelled = {(r["offer"], r["question"]) for r in csv.DictReader(handle)}
    asked = {(o.id, q) for o in tender.offers for q in o.answers}
    assert labelled == asked


@pytest.fixture(scope="module")
def laundry():
    folder = efc.sample_path("blanchisserie")
    return efc.load_tender(folder), efc.load_tender(folder / "rounds" / "finale")


def test_the_laundry_sample_declares_its_procedure(laundry):
    initial, final = laundry
    assert [(r.id, r.kind.value) for r in initial.round_list] == [
        ("initiale", "initial"),
        ("finale", "final"),
    ]
    (pse,) = initial.options
    assert pse.kind.value == "pse" and pse.compulsory
    for tender in laundry:  # the compulsory PSE is priced by every offer of every round
        assert all(pse.id in o.options and o.siret for o in tender.offers)
    assert initial.governance.declarations and initial.governance.sealed_marks
    assert initial.publication is not None and initial.publication.cpv == "98310000"
    assert initial.marking.decimals_announced
    assert [o.id for o in initial.offers] == ["O1", "O2", "O3", "O4", "O5"]
    assert [o.id for o in final.offers] == ["O1", "O2", "O3", "O4"]  # O5 not admitted
    assert check_method(initial).ok


def test_the_laundry_sample_has_its_abnormally_low_offer_and_its_dispute(laundry):
    for tender in laundry:  # O4 is flagged in both rounds, alone
        checks = efc.check_abnormally_low(
            [(o.id, Decimal(o.total_price)) for o in tender.offers], currency=tender.currency
        )
        assert [c.offer for c in checks if c.flagged] == ["O4"]
    initial, final = laundry
    items = efc.agenda(initial).items
    assert [(i.offer, i.criterion) for i in items] == [("O2", "coop")]
    assert efc.agenda(final).items == ()
    ranking = efc.score(final).ranking()
    assert list(ranking["offer"]) == ["O1", "O2", "O3", "O4"]


def test_the_laundry_sample_winner_does_not_depend_on_the_pse(laundry):
    from efc_scoring.procedure import price_options, rank_combinations

    for tender in laundry:
        assert not rank_combinations(tender, "L1").winner_depends_on_choice
    priced = price_options(laundry[1], {"L1": ["PSE1"]})
    assert priced.offer("O1").total_price == Decimal("785000")
    assert efc.score(priced).winners("L1") == ("O1",)
