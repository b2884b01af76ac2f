"""eForms export: valid against the schema subset written from the eForms SDK (``data/eforms/``),
each value at the place the SDK's fields give (their absolute XPaths), identifiers consistent,
write-then-read, the samples and the command line."""

from __future__ import annotations

import copy
import dataclasses
import re
from fractions import Fraction
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path, score, to_eforms, write_eforms
from efc_scoring.cli import app
from efc_scoring.publication import eforms_xml
from efc_scoring.publication.eforms import NAMESPACES
from tender_factories import build_tender

DATA = Path(__file__).parent / "data" / "eforms"
NS = {k: v for k, v in NAMESPACES.items() if k}
_EXT = "/*/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
_LOT = "/*/cac:ProcurementProjectLot[cbc:ID/@schemeName='Lot']"
_CRIT = f"{_LOT}/cac:TenderingTerms/cac:AwardingTerms/cac:AwardingCriterion"
_SUB = f"{_CRIT}/cac:SubordinateAwardingCriterion"
_PARAM = f"{_SUB}/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"

#: ``xpathAbsolute`` of the eForms SDK's fields (fields/fields.json) that the export fills.
FIELDS = {
    "BT-137-Lot": "/*/cac:ProcurementProjectLot/cbc:ID[@schemeName='Lot']",
    "BT-22-Lot": f"{_LOT}/cac:ProcurementProject/cbc:ID",
    "BT-21-Lot": f"{_LOT}/cac:ProcurementProject/cbc:Name",
    "BT-539-Lot": f"{_SUB}/cbc:AwardingCriterionTypeCode",
    "BT-734-Lot": f"{_SUB}/cbc:Name",
    "BT-540-Lot": f"{_SUB}/cbc:Description",
    "BT-541-Lot-WeightNumber": f"{_PARAM}/efac:AwardCriterionParameter"
    "[efbc:ParameterCode/@listName='number-weight']/efbc:ParameterNumeric",
    "BT-5421-Lot": f"{_PARAM}/efac:AwardCriterionParameter"
    "[efbc:ParameterCode/@listName='number-weight']/efbc:ParameterCode",
    "BT-541-Lot-ThresholdNumber": f"{_PARAM}/efac:AwardCriterionParameter"
    "[efbc:ParameterCode/@listName='number-threshold']/efbc:ParameterNumeric",
    "BT-5423-Lot": f"{_PARAM}/efac:AwardCriterionParameter"
    "[efbc:ParameterCode/@listName='number-threshold']/efbc:ParameterCode",
    "OPT-322-LotResult": f"{_EXT}/efac:NoticeResult/efac:LotResult/cbc:ID",
    "OPT-320-LotResult": f"{_EXT}/efac:NoticeResult/efac:LotResult/efac:LotTender/cbc:ID",
    "BT-13713-LotResult": f"{_EXT}/efac:NoticeResult/efac:LotResult/efac:TenderLot/cbc:ID",
    "OPT-321-Tender": f"{_EXT}/efac:NoticeResult/efac:LotTender/cbc:ID",
    "BT-171-Tender": f"{_EXT}/efac:NoticeResult/efac:LotTender/cbc:RankCode",
    "BT-1711-Tender": f"{_EXT}/efac:NoticeResult/efac:LotTender/efbc:TenderRankedIndicator",
    "OPT-310-Tender": f"{_EXT}/efac:NoticeResult/efac:LotTender/efac:TenderingParty/cbc:ID",
    "BT-13714-Tender": f"{_EXT}/efac:NoticeResult/efac:LotTender/efac:TenderLot/cbc:ID",
    "BT-3201-Tender": f"{_EXT}/efac:NoticeResult/efac:LotTender/efac:TenderReference/cbc:ID",
    "OPT-210-Tenderer": f"{_EXT}/efac:NoticeResult/efac:TenderingParty/cbc:ID",
    "OPT-300-Tenderer": f"{_EXT}/efac:NoticeResult/efac:TenderingParty/efac:Tenderer/cbc:ID",
    "OPT-200-Organization-Company": f"{_EXT}/efac:Organizations/efac:Organization/efac:Company"
    "/cac:PartyIdentification/cbc:ID",
    "BT-500-Organization-Company": f"{_EXT}/efac:Organizations/efac:Organization/efac:Company"
    "/cac:PartyName/cbc:Name",
    "BT-501-Organization-Company": f"{_EXT}/efac:Organizations/efac:Organization/efac:Company"
    "/cac:PartyLegalEntity/cbc:CompanyID",
    "OPT-300-Procedure-Buyer": "/*/cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID",
}
#: Identifier patterns of the SDK's identifier fields.
PATTERNS = {
    "BT-137-Lot": r"^LOT-\d{4}$",
    "OPT-322-LotResult": r"^RES-\d{4}$",
    "OPT-321-Tender": r"^TEN-\d{4}$",
    "OPT-210-Tenderer": r"^TPA-\d{4}$",
    "OPT-200-Organization-Company": r"^ORG-\d{4}$",
}
#: Codes of the code lists (eForms SDK codelists/*.gc).
AWARD_CRITERION_TYPE = {"cost", "price", "quality"}
NUMBER_WEIGHT = {"per-exa", "per-mid", "dec-exa", "dec-mid", "poi-exa", "poi-mid", "ord-imp"}
NUMBER_THRESHOLD = {"max-pass", "min-score"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "ContractAwardNotice-subset.xsd")))


def _doc(tender, evaluation=None) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(eforms_xml(to_eforms(tender, evaluation)).encode()))


def _values(doc: etree._ElementTree, field: str) -> list[str]:
    return [
        str(v.text if hasattr(v, "text") else v) for v in doc.xpath(FIELDS[field], namespaces=NS)
    ]


@pytest.mark.parametrize("name", ["nettoyage", "bof-lycees", "blanchisserie"])
def test_the_samples_export_valid_eforms(schema, name):
    tender = load_tender(sample_path(name))
    evaluation = score(tender)
    doc = _doc(tender, evaluation)
    assert schema.validate(doc), schema.error_log
    n_lots, n_leaves = len(tender.lots), len(tender.leaves)
    assert len(_values(doc, "BT-137-Lot")) == n_lots
    assert _values(doc, "BT-22-Lot") == [lot.id for lot in tender.lots]
    types = _values(doc, "BT-539-Lot")
    assert len(types) == n_lots * n_leaves and set(types) <= AWARD_CRITERION_TYPE
    assert types[:n_leaves] == [
        {"price": "price", "cost": "cost"}.get(leaf.kind.value, "quality") for leaf in tender.leaves
    ]
    assert set(_values(doc, "BT-5421-Lot")) == {"per-exa"} <= NUMBER_WEIGHT
    weights = [Fraction(w) for w in _values(doc, "BT-541-Lot-WeightNumber")]
    for i in range(n_lots):  # BR-BT-00539-0200: exact percentages sum to 100 on each lot
        assert sum(weights[i * n_leaves : (i + 1) * n_leaves]) == 100
    names = _values(doc, "BT-734-Lot")
    assert all(leaf.label in n for leaf, n in zip(tender.leaves, names, strict=False))
    assert "Valeur technique — Efficacité et adaptation des produits aux usages" in names or (
        name != "nettoyage"
    )
    descriptions = _values(doc, "BT-540-Lot")
    assert len(descriptions) == len(names) == n_lots * n_leaves
    assert "Formule" in descriptions[0]  # the price criterion tells its formula
    ranks = dict(zip(_values(doc, "BT-3201-Tender"), _values(doc, "BT-171-Tender"), strict=True))
    assert ranks == {o: str(r) for o, r in evaluation.ranks.items() if r is not None}
    for field, pattern in PATTERNS.items():
        assert all(re.match(pattern, v) for v in _values(doc, field)), field


def test_identifiers_refer_to_what_the_notice_holds():
    tender = load_tender(sample_path("bof-lycees"))
    doc = _doc(tender, score(tender))
    lots = set(_values(doc, "BT-137-Lot"))
    tenders = _values(doc, "OPT-321-Tender")
    assert len(tenders) == len(set(tenders)) == len(tender.offers)
    assert sorted(_values(doc, "OPT-320-LotResult")) == sorted(tenders)
    assert set(_values(doc, "BT-13713-LotResult")) == lots
    assert set(_values(doc, "BT-13714-Tender")) <= lots
    parties = _values(doc, "OPT-210-Tenderer")
    assert set(_values(doc, "OPT-310-Tender")) == set(parties)
    organisations = _values(doc, "OPT-200-Organization-Company")
    assert _values(doc, "OPT-300-Procedure-Buyer") == ["ORG-0001"] == organisations[:1]
    assert set(_values(doc, "OPT-300-Tenderer")) == set(organisations[1:])
    assert _values(doc, "BT-500-Organization-Company")[0] == tender.buyer
    sirets = _values(doc, "BT-501-Organization-Company")
    assert tender.publication is not None and sirets[0] == tender.publication.buyer_siret
    assert set(sirets[1:]) == {o.siret for o in tender.offers}


def test_an_eliminated_offer_is_not_ranked(schema):
    tender = build_tender(4, threshold=12)
    evaluation = score(tender)
    if not evaluation.eliminated:  # make sure one offer is out, as a threshold puts it
        out = max((r, o) for o, r in evaluation.ranks.items() if r is not None)[1]
        evaluation = dataclasses.replace(
            evaluation,
            eliminated={out: "seuil non atteint"},
            ranks={**evaluation.ranks, out: None},
        )
    doc = _doc(tender, evaluation)
    assert schema.validate(doc), schema.error_log
    ranked = dict(zip(_values(doc, "BT-3201-Tender"), _values(doc, "BT-1711-Tender"), strict=True))
    assert {o for o, flag in ranked.items() if flag == "false"} == set(evaluation.eliminated)
    assert len(_values(doc, "BT-171-Tender")) == 4 - len(evaluation.eliminated)
    assert _values(doc, "BT-5423-Lot") == []  # the threshold is on a parent criterion


def test_a_leaf_threshold_is_a_minimum_score():
    tender = build_tender(3)
    data = tender.model_dump()
    data["criteria"][2]["threshold"] = 10  # env, a leaf
    from efc_scoring import Tender

    doc = _doc(Tender.model_validate(data))
    assert _values(doc, "BT-5423-Lot") == ["min-score"]
    assert _values(doc, "BT-541-Lot-ThresholdNumber") == ["10"]


def test_without_evaluation_only_the_lots_and_criteria(schema):
    tender = build_tender(3, lots=2)
    doc = _doc(tender)
    assert schema.validate(doc), schema.error_log
    assert _values(doc, "BT-171-Tender") == [] and _values(doc, "OPT-321-Tender") == []
    assert _values(doc, "BT-137-Lot") == ["LOT-0001", "LOT-0002"]
    assert _values(doc, "BT-541-Lot-WeightNumber") == ["40", "20", "10", "30"] * 2


def test_validation_catches_a_broken_notice(schema):
    """The schema subset is not vacuous: what the eForms lists and structure refuse fails."""
    tender = load_tender(sample_path("nettoyage"))
    doc = _doc(tender, score(tender))
    assert schema.validate(doc)

    def broken(xpath: str, change) -> bool:  # type: ignore[no-untyped-def]
        other = copy.deepcopy(doc)
        change(other.xpath(xpath, namespaces=NS)[0])
        return schema.validate(other)

    assert not broken(FIELDS["BT-539-Lot"], lambda e: setattr(e, "text", "environment"))
    assert not broken(FIELDS["BT-5421-Lot"], lambda e: setattr(e, "text", "percent"))
    assert not broken(FIELDS["BT-541-Lot-WeightNumber"], lambda e: setattr(e, "text", "-5"))
    assert not broken(FIELDS["BT-171-Tender"], lambda e: setattr(e, "text", "0"))
    assert not broken(FIELDS["BT-539-Lot"], lambda e: e.attrib.pop("listName"))
    # a criterion's name before its type: out of the UBL sequence
    assert not broken(FIELDS["BT-734-Lot"], lambda e: e.getparent().insert(0, copy.deepcopy(e)))


def test_write_then_read_gives_the_same_notice(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    evaluation = score(tender)
    path = write_eforms(tender, tmp_path / "avis.xml", evaluation)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<ContractAwardNotice xmlns=')
    assert text == eforms_xml(to_eforms(tender, evaluation))  # the same inputs, the same file
    read = etree.parse(str(path))
    ranks = dict(zip(_values(read, "BT-3201-Tender"), _values(read, "BT-171-Tender"), strict=True))
    assert ranks == {o: str(r) for o, r in evaluation.ranks.items() if r is not None}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["avis.xml"]


def test_cli_writes_the_notice_part(tmp_path, schema):
    runner = CliRunner()
    out = tmp_path / "avis.xml"
    result = runner.invoke(
        app, ["export", "eforms", str(sample_path("nettoyage")), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Extrait eForms écrit" in result.output
    doc = etree.parse(str(out))
    assert schema.validate(doc), schema.error_log
    assert _values(doc, "BT-171-Tender")[:1] == ["1"]
    result = runner.invoke(
        app,
        [
            "export",
            "eforms",
            str(sample_path("nettoyage")),
            "--out",
            str(out),
            "--no-evaluation",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"ranks": false' in result.output
    assert _values(etree.parse(str(out)), "BT-171-Tender") == []
