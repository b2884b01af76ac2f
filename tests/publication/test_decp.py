"""DECP export: valid against the DAJ's published JSON Schema (2.0.3, shipped unmodified in
``data/decp/``), write-then-read, every missing field named by its path, the samples."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from efc_scoring import Tender, load_tender, sample_path, score, to_decp, write_decp
from efc_scoring.cli import app
from efc_scoring.errors import ErrorCode, TenderError
from efc_scoring.model.publication import Publication
from efc_scoring.publication import decp_json
from tender_factories import build_tender

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "decp" / "schema_decp_v2.0.3.json").read_text(
        encoding="utf-8"
    )
)
PUBLISHED = date(2027, 4, 10)
FULL = {
    "buyer_siret": "21690266800013",
    "cpv": "39830000",
    "place_code": "69266",
    "place_type": "code_commune",
    "duration_months": 12,
    "price_form": "forfaitaire",
    "price_types": ["definitif_ferme"],
    "notification_date": "2027-03-20",
}


def _errors(data: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def _tender(publication: dict | None = FULL, *, siret: bool = True, **kwargs):
    tender = build_tender(4, **kwargs)
    offers = tuple(
        o.model_copy(update={"siret": f"9000000000000{i % 10}"}) if siret else o
        for i, o in enumerate(tender.offers)
    )
    update: dict = {"offers": offers}
    if publication is not None:
        update["publication"] = Publication.model_validate(publication)
    return tender.model_copy(update=update)


def _problems(exc: pytest.ExceptionInfo[TenderError]) -> dict[str, str]:
    assert exc.value.code is ErrorCode.EXPORT
    return {f"{p.file}:{p.path}": p.message for p in exc.value.problems}


def test_the_shipped_schema_is_the_published_one():
    """The file is the DAJ's, unmodified: its id, title and the closed lists the export uses."""
    assert SCHEMA["$id"].startswith("https://raw.githubusercontent.com/139bercy/")
    marche = SCHEMA["definitions"]["marche"]
    assert marche["additionalProperties"] is False
    assert "considerationsEnvironnementales" in marche["required"]
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "name, records", [("nettoyage", 1), ("bof-lycees", 3), ("blanchisserie", 1)]
)
def test_the_samples_export_valid_decp(name, records):
    tender = load_tender(sample_path(name))
    data = to_decp(tender, score(tender), published=PUBLISHED)
    assert _errors(data) == []
    found = data["marches"]["marche"]
    assert len(found) == records
    for record, lot in zip(found, tender.lots, strict=True):
        winner = tender.offer(score(tender).winners(lot.id)[0])
        assert record["titulaires"] == [
            {"titulaire": {"typeIdentifiant": "SIRET", "id": winner.siret}}
        ]
        assert record["montant"] == winner.total_price
        assert record["offresRecues"] == len(tender.offers_in(lot.id))
        assert record["datePublicationDonnees"] == "2027-04-10"
        assert record["considerationsEnvironnementales"] == {
            "considerationEnvironnementale": ["Clause environnementale", "Critère environnemental"]
        }
    ids = [r["id"] for r in found]
    assert len(set(ids)) == len(ids) and all(len(i) <= 16 for i in ids)


def test_validation_catches_a_broken_record():
    """The schema is not vacuous: a record the format refuses fails."""
    data = to_decp(_tender(), published=PUBLISHED)
    assert _errors(data) == []
    for change in (
        lambda r: r.pop("titulaires"),
        lambda r: r.update(nature="Concession"),
        lambda r: r.update(id="un-identifiant-trop-long"),
        lambda r: r.update(extra=1),
        lambda r: r["acheteur"].update(id="123"),
    ):
        broken = copy.deepcopy(data)
        change(broken["marches"]["marche"][0])
        assert _errors(broken), change


def test_write_then_read_gives_the_same_records(tmp_path):
    tender = _tender()
    path = write_decp(tender, tmp_path / "decp.json", published=PUBLISHED)
    assert json.loads(path.read_text(encoding="utf-8")) == to_decp(tender, published=PUBLISHED)
    assert path.read_text(encoding="utf-8") == decp_json(to_decp(tender, published=PUBLISHED))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decp.json"]  # no temporary left


def test_publication_date_defaults_to_today():
    record = to_decp(_tender())["marches"]["marche"][0]
    assert record["datePublicationDonnees"] == date.today().isoformat()


def test_a_tender_file_without_publication_still_loads_and_the_export_says_what_to_add():
    tender = _tender(None)
    assert tender.publication is None
    with pytest.raises(TenderError) as exc:
        to_decp(tender)
    assert list(_problems(exc)) == ["tender.yaml:publication"]
    assert "SIRET" in str(exc.value) and "publication:" in str(exc.value)


def test_every_missing_field_is_named_by_its_path_at_once():
    tender = _tender({"cpv": "39830000"}, siret=False)
    with pytest.raises(TenderError) as exc:
        to_decp(tender)
    found = _problems(exc)
    for name in (
        "buyer_siret",
        "place_code",
        "place_type",
        "duration_months",
        "price_form",
        "price_types",
        "notification_date",
    ):
        assert f"tender.yaml:publication.{name}" in found, name
    assert "tender.yaml:publication.cpv" not in found
    winner = score(tender).winners("L1")[0]
    assert "SIRET du titulaire" in found[f"offre {winner}:siret"]
    assert "publication.buyer_siret" in str(exc.value) and "→ ajouter" in str(exc.value)


def test_values_out_of_the_format_lists_are_refused_with_the_allowed_ones():
    tender = _tender(
        {
            **FULL,
            "ccag": "CCAG FCS",
            "techniques": ["Accord-cadre", "Marché à bons"],
            "grouping": "Aucun",
            "advance_rate": 0.1,
        }
    )
    with pytest.raises(TenderError) as exc:
        to_decp(tender)
    found = _problems(exc)
    assert set(found) == {
        "tender.yaml:publication.ccag",
        "tender.yaml:publication.techniques[1]",
        "tender.yaml:publication.grouping",
        "tender.yaml:publication.advance_rate",
    }
    assert "« Fournitures courantes et services »" in str(exc.value)


def test_a_free_text_procedure_is_mapped_or_asked_for():
    tender = _tender()
    for text, expected in [
        ("procédure adaptée (MAPA)", "Procédure adaptée"),
        ("procédure avec négociation", "Procédure avec négociation"),
        ("appel d'offres restreint", "Appel d'offres restreint"),
        ("dialogue compétitif", "Dialogue compétitif"),
        (
            "marché sans publicité ni mise en concurrence",
            "Marché passé sans publicité ni mise en concurrence préalable",
        ),
    ]:
        record = to_decp(tender.model_copy(update={"procedure": text}), published=PUBLISHED)
        assert record["marches"]["marche"][0]["procedure"] == expected
    odd = tender.model_copy(update={"procedure": "concours de maîtrise d'œuvre"})
    with pytest.raises(TenderError) as exc:
        to_decp(odd)
    assert "tender.yaml:publication.procedure" in _problems(exc)
    given = _tender({**FULL, "procedure": "Dialogue compétitif"})
    given = given.model_copy(update={"procedure": "concours de maîtrise d'œuvre"})
    assert to_decp(given)["marches"]["marche"][0]["procedure"] == "Dialogue compétitif"


def test_several_lots_get_one_record_each_and_a_short_contract_id():
    tender = _tender(lots=2)  # id T-TEST: T-TEST-L1 fits in 16 characters
    data = to_decp(tender, published=PUBLISHED)
    assert _errors(data) == []
    assert [r["id"] for r in data["marches"]["marche"]] == ["T-TEST-L1", "T-TEST-L2"]
    assert data["marches"]["marche"][1]["objet"].endswith("— Lot 2")
    long = tender.model_copy(update={"id": "marche-2027-nettoyage"})
    with pytest.raises(TenderError) as exc:
        to_decp(long)
    assert "tender.yaml:publication.contract_id" in _problems(exc)
    short = _tender({**FULL, "contract_id": "M27"}, lots=2)
    assert [r["id"] for r in to_decp(short)["marches"]["marche"]] == ["M27-L1", "M27-L2"]


def test_the_amount_can_be_the_maximum_of_a_framework_agreement():
    data = to_decp(_tender({**FULL, "amount": "250000"}), published=PUBLISHED)
    assert data["marches"]["marche"][0]["montant"] == 250000
    with pytest.raises(ValueError):
        Publication(amount=Decimal(0))


def test_considerations_follow_clauses_and_criteria():
    tender = _tender({**FULL, "social_clause": True, "reserved": True})
    record = to_decp(tender, published=PUBLISHED)["marches"]["marche"][0]
    assert record["considerationsSociales"] == {
        "considerationSociale": ["Clause sociale", "Marché réservé"]
    }
    assert record["considerationsEnvironnementales"] == {
        "considerationEnvironnementale": ["Critère environnemental"]
    }
    data = _tender().model_dump()
    data["consultation_date"] = "2026-05-04"  # before the environmental criterion rule
    for criterion in data["criteria"]:
        if criterion["id"] == "env":
            criterion["kind"] = "social"
    plain = Tender.model_validate(data)
    record = to_decp(plain, published=PUBLISHED)["marches"]["marche"][0]
    assert record["considerationsSociales"] == {"considerationSociale": ["Critère social"]}
    assert record["considerationsEnvironnementales"] == {
        "considerationEnvironnementale": ["Pas de considération environnementale"]
    }
    assert _errors({"marches": {"marche": [record]}}) == []
    for criterion in data["criteria"]:
        if criterion["id"] == "prix":
            criterion.update(kind="cost", environmental=True)  # a global cost with them
    record = to_decp(Tender.model_validate(data), published=PUBLISHED)["marches"]["marche"][0]
    assert record["considerationsEnvironnementales"] == {
        "considerationEnvironnementale": ["Critère environnemental"]
    }


def test_an_advance_is_written_with_its_rate():
    record = to_decp(_tender({**FULL, "advance": True, "advance_rate": 0.2}))["marches"]
    assert record["marche"][0]["attributionAvance"] is True
    assert record["marche"][0]["tauxAvance"] == 0.2
    unknown = to_decp(_tender({**FULL, "advance": True}))["marches"]["marche"][0]
    assert unknown["tauxAvance"] == 0  # the format's « advance, rate unknown »


def test_a_tie_for_first_place_stops_the_export():
    tender = _tender()
    evaluation = score(tender)
    first = evaluation.winners("L1")[0]
    second = next(o for o, r in evaluation.ranks.items() if r == 2)
    import dataclasses

    tied = dataclasses.replace(evaluation, ranks={**evaluation.ranks, second: 1})
    with pytest.raises(TenderError) as exc:
        to_decp(tender, tied)
    message = _problems(exc)["tender.yaml:lots[L1]"]
    assert first in message and second in message


def test_siret_is_read_from_the_offers_table(tmp_path):
    (tmp_path / "tender.yaml").write_text(
        "id: T\ntitle: Marché\nbuyer: Ville\nprocedure: appel d'offres ouvert\n"
        "lots: [{id: L1, label: Lot unique}]\n"
        "criteria: [{id: prix, label: Prix, kind: price, weight: 100, "
        "scoring: {method: price}}]\n",
        encoding="utf-8",
    )
    (tmp_path / "offers.csv").write_text(
        "id,bidder,lot,price,siret\nA,Alpha,L1,100,12345678901234\nB,Beta,L1,120,\n",
        encoding="utf-8",
    )
    tender = load_tender(tmp_path)
    assert [(o.id, o.siret, o.answers) for o in tender.offers] == [
        ("A", "12345678901234", {}),
        ("B", None, {}),
    ]


def test_cli_writes_the_records_and_refuses_in_french(tmp_path):
    runner = CliRunner()
    out = tmp_path / "decp.json"
    result = runner.invoke(
        app,
        [
            "export",
            "decp",
            str(sample_path("bof-lycees")),
            "--out",
            str(out),
            "--date-publication",
            "12/07/2027",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 marchés, un par lot" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert _errors(data) == []
    assert {r["datePublicationDonnees"] for r in data["marches"]["marche"]} == {"2027-07-12"}
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "tender.yaml").write_text(
        "id: T\ntitle: Marché\nbuyer: Ville\nprocedure: appel d'offres ouvert\n"
        "lots: [{id: L1, label: Lot unique}]\n"
        "criteria: [{id: prix, label: Prix, kind: price, weight: 100, "
        "scoring: {method: price}}]\n"
        "offers: [{id: A, bidder: Alpha, lot: L1, price: 100}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["export", "decp", str(tmp_path / "t"), "--out", str(out)])
    assert result.exit_code == 1
    assert "export DECP impossible" in result.output and "publication" in result.output
    assert json.loads(out.read_text(encoding="utf-8")) == data  # the old file is kept


def test_after_a_negotiation_the_offers_received_are_the_initial_ones(tmp_path):
    """The final round's folder holds the offers admitted to negotiate; DECP counts every
    offer received (offresRecues), and the award and amount are the final round's."""
    root = sample_path("blanchisserie")
    final = root / "rounds" / "finale"
    assert len(load_tender(final).offers) < len(load_tender(root).offers)
    out = tmp_path / "decp.json"
    result = CliRunner().invoke(
        app, ["export", "decp", str(final), "--out", str(out), "--date-publication", "2027-02-25"]
    )
    assert result.exit_code == 0, result.output
    (record,) = json.loads(out.read_text(encoding="utf-8"))["marches"]["marche"]
    assert _errors({"marches": {"marche": [record]}}) == []
    assert record["offresRecues"] == len(load_tender(root).offers)
    tender = load_tender(final)
    winner = tender.offer(score(tender).winners("L1")[0])
    assert record["titulaires"][0]["titulaire"]["id"] == winner.siret
    direct = to_decp(tender, score(tender), published=PUBLISHED)["marches"]["marche"][0]
    assert direct["offresRecues"] == len(tender.offers)  # the API counts what it is given
    given = to_decp(tender, score(tender), published=PUBLISHED, received={"L1": 5})
    assert given["marches"]["marche"][0]["offresRecues"] == 5


def test_the_amount_and_the_ocds_award_include_the_pse_retained_for_every_offer(tmp_path):
    """Once the committee retains PSE1 for every offer, the contract awarded is the base offer
    plus PSE1: the price the letters, the report and ``score`` give (785 000 € for O1 in the
    laundry sample). DECP's ``montant`` and the OCDS award's value said 730 000 €, the base
    price alone, so that the published amount disagreed with every other document."""
    import shutil

    from efc_scoring import procedure

    folder = Path(shutil.copytree(sample_path("blanchisserie"), tmp_path / "linge"))
    final = folder / "rounds" / "finale"
    journal = folder / "journal-commission.jsonl"
    # an offer set aside in the round is still an offer received, without a PSE price
    procedure.record_status(
        load_tender(final),
        "O3",
        "inacceptable",
        "Prix au-delà des crédits.",
        by="A",
        ledger=journal,
        round="finale",
    )
    procedure.retain_options(
        load_tender(final),
        "L1",
        ["PSE1"],
        "Besoin confirmé.",
        by="A",
        ledger=journal,
        round="finale",
    )
    compared = procedure.round_consolidation(load_tender(final), journal, "finale").tender
    expected = compared.offer("O1").total_price
    assert expected == Decimal("785000") != load_tender(final).offer("O1").total_price

    runner = CliRunner()
    out = tmp_path / "decp.json"
    result = runner.invoke(
        app, ["export", "decp", str(final), "--out", str(out), "--date-publication", "2027-02-25"]
    )
    assert result.exit_code == 0, result.output
    (record,) = json.loads(out.read_text(encoding="utf-8"))["marches"]["marche"]
    assert record["montant"] == 785000
    assert record["offresRecues"] == 5
    assert _errors({"marches": {"marche": [record]}}) == []

    ocds = tmp_path / "ocds.json"
    result = runner.invoke(app, ["ocds", "export", str(final), "--out", str(ocds)])
    assert result.exit_code == 0, result.output
    (release,) = json.loads(ocds.read_text(encoding="utf-8"))["releases"]
    (award,) = release["awards"]
    assert award["value"]["amount"] == 785000
    bids = {b["id"]: b for b in release["bids"]["details"]}
    assert bids["O1"]["value"]["amount"] == 785000
    assert all("value" not in b for i, b in bids.items() if i != "O1")  # nor a losing price
