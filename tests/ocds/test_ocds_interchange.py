"""OCDS export and import: schema validity, write-then-read, foreign packages.

The OCDS schemas used here are a subset of the OCDS 1.1 release package and
release schemas written by hand (``data/``): no package on PyPI ships the
schema JSON for offline use. The ``efcScoring`` extension patch shipped with
the package is merged into the release schema, so undocumented extension
fields fail the validation.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from efc_scoring import Tender, load_tender, sample_path, score
from efc_scoring.errors import TenderError
from efc_scoring.ocds import extension_schema, from_ocds, ocds_json, read_ocds, to_ocds, write_ocds

DATA = Path(__file__).parent / "data"
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _merge(base: dict, patch: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _validator() -> jsonschema.Draft4Validator:
    package = json.loads((DATA / "release-package-schema.json").read_text(encoding="utf-8"))
    release = json.loads((DATA / "release-schema.json").read_text(encoding="utf-8"))
    release = _merge(release, extension_schema())
    registry = Registry().with_resource(
        "release-schema.json", Resource.from_contents(release, default_specification=DRAFT4)
    )
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(_RFC3339.match(v)))
    checker.checks("uri")(lambda v: not isinstance(v, str) or bool(urlparse(v).scheme))
    return jsonschema.Draft4Validator(package, registry=registry, format_checker=checker)


def _errors(package: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(package)]


@pytest.fixture(scope="module")
def nettoyage() -> Tender:
    return load_tender(sample_path("nettoyage"))


def test_export_of_the_cleaning_sample_is_valid_ocds(nettoyage):
    package = to_ocds(nettoyage, score(nettoyage))
    assert _errors(package) == []
    release = package["releases"][0]
    assert release["date"] == "2027-03-15T00:00:00Z"  # the award date, not the clock
    lot = release["tender"]["lots"][0]
    weights = [c["numbers"][0]["number"] for c in lot["awardCriteria"]["criteria"]]
    assert sum(weights) == 100
    bids = {b["id"]: b for b in release["bids"]["details"]}
    assert bids["O1"]["efcScoring"]["rank"] == 1
    marks = [m for c in bids["O1"]["efcScoring"]["criteria"] for m in c.get("marks", [])]
    assert len(marks) == 12 and not any("justification" in m for m in marks)
    assert not any("marks" in c for c in bids["O2"]["efcScoring"]["criteria"])  # the winner's
    full = to_ocds(nettoyage, score(nettoyage), include_bids=True)["releases"][0]["bids"]
    assert {b["id"]: b for b in full["details"]}["O4"]["efcScoring"]["abnormallyLow"]["flagged"]
    assert "name" not in json.dumps(release["tender"]["efcScoring"]["evaluators"])
    assert [a["relatedBids"] for a in release["awards"]] == [["O1"]]


def test_open_data_export_leaks_no_answer_justification_or_losing_price(nettoyage):
    evaluation = score(nettoyage)
    text = ocds_json(to_ocds(nettoyage, evaluation))
    package = json.loads(text)
    assert _errors(package) == []
    for offer in nettoyage.offers:
        for answer in offer.answers.values():
            assert answer[:60] not in text
        if offer.id not in evaluation.winners("L1"):
            for form in (f"{offer.total_price:.2f}", f"{offer.total_price:.0f}"):
                assert form not in text.replace(" ", "")
    for mark in nettoyage.marks:
        assert mark.justification[:50] not in text
    bids = {b["id"]: b for b in package["releases"][0]["bids"]["details"]}
    assert "value" in bids["O1"] and "value" not in bids["O4"]
    assert "abnormallyLow" not in bids["O4"]["efcScoring"]  # a flag would tell its price


def test_include_bids_puts_everything_in_and_the_cli_warns(tmp_path, nettoyage):
    from typer.testing import CliRunner

    from efc_scoring.cli import app

    package = to_ocds(nettoyage, score(nettoyage), include_bids=True)
    assert _errors(package) == []
    bids = {b["id"]: b for b in package["releases"][0]["bids"]["details"]}
    assert bids["O4"]["value"]["amount"] == 40030
    assert bids["O2"]["efcScoring"]["answers"]
    marks = [m for c in bids["O2"]["efcScoring"]["criteria"] for m in c.get("marks", [])]
    assert all(m["justification"] for m in marks)
    out = tmp_path / "ocds.json"
    runner = CliRunner()
    result = runner.invoke(
        app, ["ocds", "export", str(sample_path("nettoyage")), "--out", str(out)]
    )
    assert result.exit_code == 0 and "Attention" not in result.output
    assert "answers" not in out.read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["ocds", "export", str(sample_path("nettoyage")), "--out", str(out), "--include-bids"]
    )
    assert result.exit_code == 0 and "ne pas le publier" in result.output
    assert '"answers"' in out.read_text(encoding="utf-8")


def test_multi_lot_export_is_valid_and_awards_every_lot():
    tender = load_tender(sample_path("bof-lycees"))
    package = to_ocds(tender, score(tender))
    assert _errors(package) == []
    awards = package["releases"][0]["awards"]
    assert sorted(a["relatedLots"][0] for a in awards) == [lot.id for lot in tender.lots]


def test_validation_catches_a_broken_package(nettoyage):
    package = to_ocds(nettoyage, score(nettoyage))
    broken = copy.deepcopy(package)
    del broken["releases"][0]["initiationType"]
    broken["releases"][0]["bids"]["details"][0]["efcScoring"]["surprise"] = 1
    broken["releases"][0]["awards"][0]["status"] = "signed"
    assert len(_errors(broken)) == 3


def test_export_without_evaluation_has_no_award(small_tender):
    package = to_ocds(small_tender)
    assert _errors(package) == []
    release = package["releases"][0]
    assert release["tag"] == ["tender"] and "awards" not in release
    assert "points" not in release["bids"]["details"][0]["efcScoring"]["criteria"][0]


def test_write_then_read_keeps_lots_and_criteria(tmp_path, nettoyage):
    path = write_ocds(nettoyage, tmp_path / "ocds.json", score(nettoyage))
    data = read_ocds(path)
    back = Tender.model_validate(data)
    assert back.lots == nettoyage.lots
    assert back.criteria == nettoyage.criteria
    assert back.questions == nettoyage.questions
    assert (back.id, back.title, back.buyer, back.procedure) == (
        nettoyage.id,
        nettoyage.title,
        nettoyage.buyer,
        nettoyage.procedure,
    )


def _strip_ours(value):
    if isinstance(value, dict):
        return {k: _strip_ours(v) for k, v in value.items() if k != "efcScoring"}
    if isinstance(value, list):
        return [_strip_ours(v) for v in value]
    return value


def test_foreign_package_gives_leaf_criteria_with_their_weights(nettoyage):
    foreign = _strip_ours(to_ocds(nettoyage))
    data = from_ocds(foreign)
    back = Tender.model_validate(data)
    assert [float(c.weight) for c in back.criteria] == [float(c.weight) for c in nettoyage.leaves]
    assert back.criteria[0].scoring.method == "price"
    assert {c.scoring.method for c in back.criteria[1:]} == {"rubric"}
    assert back.lots[0].label == nettoyage.lots[0].label


def test_import_of_decimal_weights_and_missing_weights():
    release = {
        "ocid": "ocds-abc123-9",
        "id": "9",
        "date": "2026-01-01T00:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [{"id": "b", "name": "Région", "roles": ["buyer"]}],
        "tender": {
            "id": "9",
            "lots": [
                {
                    "id": "1",
                    "awardCriteria": {
                        "criteria": [
                            {
                                "type": "price",
                                "name": "Prix",
                                "numbers": [{"number": 0.6, "weight": "decimalExact"}],
                            },
                            {
                                "type": "quality",
                                "name": "Qualité",
                                "numbers": [{"number": 2, "weight": "order"}],
                            },
                        ]
                    },
                },
            ],
        },
    }
    data = from_ocds({"records": [{"compiledRelease": release}]})
    assert data["buyer"] == "Région"
    assert [c["weight"] for c in data["criteria"]] == [60, None]
    data["criteria"][1]["weight"] = 40
    assert Tender.model_validate(data).leaves[1].label == "Qualité"


def test_lots_with_different_criteria_need_a_lot(nettoyage):
    foreign = _strip_ours(to_ocds(load_tender(sample_path("bof-lycees"))))
    lots = foreign["releases"][0]["tender"]["lots"]
    lots[1]["awardCriteria"]["criteria"] = lots[1]["awardCriteria"]["criteria"][:1]
    with pytest.raises(TenderError, match="critères d'attribution différents"):
        from_ocds(foreign)
    data = from_ocds(foreign, lot=lots[1]["id"])
    assert len(data["criteria"]) == 1 and len(data["lots"]) == 1
    with pytest.raises(TenderError, match="pas de lot"):
        from_ocds(foreign, lot="nope")
    with pytest.raises(TenderError, match="aucune publication avec un appel d'offres"):
        from_ocds({"releases": [{"id": "x"}]})


def test_export_is_reproducible_and_carries_evidence(nettoyage):
    class Span:
        def __init__(self, code, start, end, text):
            self.code, self.start, self.end, self.text = code, start, end, text

    class Assessment:
        level, label, confidence = 5, "Très bon", 0.9
        features = frozenset("RMFQ")
        evidence = (Span("Q", 10, 15, "75 %"), Span("M", 0, 9, "reprendre"))
        justification = "Engagement ferme et chiffré : niveau 5."

    assessments = {("O1", "q_emballages"): Assessment()}
    one = ocds_json(
        to_ocds(nettoyage, score(nettoyage), assessments=assessments, include_bids=True)
    )
    two = ocds_json(
        to_ocds(nettoyage, score(nettoyage), assessments=assessments, include_bids=True)
    )
    assert one == two
    package = json.loads(one)
    assert _errors(package) == []
    bid = package["releases"][0]["bids"]["details"][0]["efcScoring"]
    found = [a for c in bid["criteria"] for a in c.get("assessments", [])]
    assert found[0]["question"] == "q_emballages"
    assert [e["code"] for e in found[0]["evidence"]] == ["M", "Q"]


def test_published_date_can_be_given(small_tender):
    package = to_ocds(small_tender, published=datetime(2026, 5, 4, 10, 30))
    assert package["publishedDate"] == "2026-05-04T10:30:00Z"


def test_open_data_gives_no_losing_price_by_its_points_nor_the_marks_of_the_others(nettoyage):
    """The public sees the winner's marks, not the others' (CADA; the report's public version
    shows the winner's alone). The open-data package gave every bid's points, marks and rank
    beside its bidder's name, and the exact price points: with the winner's published price,
    ``pointsExact`` of the proportional formula is 40 × Pmin / P, so that every losing price
    came back to the cent (O4's 40 030 € from O1's 27,81 points and O2's from its own)."""
    evaluation = score(nettoyage)
    package = to_ocds(nettoyage, evaluation)
    assert _errors(package) == []
    release = package["releases"][0]
    bids = {b["id"]: b["efcScoring"] for b in release["bids"]["details"]}
    (winner,) = evaluation.winners("L1")
    price = nettoyage.offer(winner).total_price
    for oid, ext in bids.items():
        if oid == winner:
            continue
        assert set(ext) == {"offer", "criteria"}, oid  # no total, rank, flag, values
        assert all(set(c) == {"criterion"} for c in ext["criteria"]), oid
    mine = bids[winner]
    assert mine["rank"] == 1 and "totalExact" not in mine
    assert mine["total"] == round(float(evaluation.totals[winner]), 2)
    (prix,) = [c for c in mine["criteria"] if c["criterion"] == "prix"]
    assert set(prix) <= {"criterion", "points", "marks", "assessments"}
    lowest = min(o.total_price for o in nettoyage.offers)
    derived = Decimal(str(prix["points"])) * price / 40  # what a reader can compute
    assert abs(derived - lowest) > Decimal("1")  # not to the euro: 2 decimals, as the report
    assert abs(derived - lowest) / lowest < Decimal("0.001")  # ... which CADA allows
    others = [c for c in mine["criteria"] if c["criterion"] != "prix"]
    assert all("pointsExact" in c for c in others) and any("marks" in c for c in others)
    assert release["awards"][0]["efcScoring"]["total"] == mine["total"]
    full = to_ocds(nettoyage, evaluation, include_bids=True)["releases"][0]["bids"]["details"]
    assert all("totalExact" in b["efcScoring"] for b in full)  # the exchange keeps it all
