"""Loading tender folders: errors name the file, the line and the field path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from efc_scoring import (
    Offer,
    TenderError,
    load_marks,
    load_tender,
    sample_path,
    samples,
    tender_json_schema,
)
from efc_scoring.io.offers_table import read_offers_table

BROKEN = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", sorted(samples()))
def test_samples_load(name):
    tender = load_tender(sample_path(name))
    assert tender.offers and tender.marks and tender.questions
    for offer in tender.offers:
        assert set(offer.answers) <= {q.id for q in tender.questions}


def test_wrong_weight_names_file_line_and_path():
    with pytest.raises(TenderError) as info:
        load_tender(BROKEN / "wrong-weight.yaml")
    (problem,) = info.value.problems
    # the parent whose children do not add up, and each child with its line
    assert problem.path == "criteria[1].weight" and problem.code == "weights"
    assert problem.file.endswith("wrong-weight.yaml")
    assert problem.line == 18
    assert "totalisent 65 points (env.a 30 + env.b 35) au lieu de 60" in problem.message
    assert "[env.a ligne 23, env.b ligne 28]" in problem.message
    assert list(info.value.failure_cases.columns)[:3] == ["file", "line", "cell"]


def test_yaml_syntax_error_has_a_line():
    with pytest.raises(TenderError) as info:
        load_tender(BROKEN / "bad-syntax.yaml")
    assert info.value.problems[0].code == "yaml"
    assert info.value.problems[0].line == 5


def test_offer_errors_point_into_the_offer_file(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer_file = sorted((folder / "offers").glob("*.yaml"))[0]
    data = yaml.safe_load(offer_file.read_text(encoding="utf-8"))
    data["lot"] = "LOT-INCONNU"
    offer_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = offer_file.read_bytes()
    with pytest.raises(TenderError) as info:
        load_tender(folder)
    problem = next(p for p in info.value.problems if "LOT-INCONNU" in p.message)
    assert problem.file.endswith(offer_file.name)
    assert problem.path == "lot" and problem.line is not None
    assert offer_file.read_bytes() == before  # inputs are never modified


def test_scores_csv_problems_are_reported_all_at_once_with_lines(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    s = tender.marks[0]
    csv_text = (
        "evaluator,offer,criterion,value,justification\n"
        f'{s.evaluator},{s.offer},{s.criterion},"4,5",virgule décimale\n'
        f"{s.evaluator},{s.offer},{s.criterion},,vide\n"
        f"{s.evaluator},{s.offer},{s.criterion},NC,non communiqué\n"
    )
    path = tmp_path / "scores.csv"
    path.write_text(csv_text, encoding="utf-8")
    with pytest.raises(TenderError) as info:
        load_marks(path, tender)
    lines = [p.line for p in info.value.problems]
    assert lines == [2, 3, 4]  # the file's problems and the model's, all at once, in line order
    # a quoted decimal comma is unambiguous: read as 4.5, which is not a level of the scale
    assert "4.5 n'est pas un niveau" in info.value.problems[0].message
    assert "vide" in info.value.problems[1].message


def test_scores_csv_with_unknown_offer(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    s = tender.marks[0]
    path = tmp_path / "scores.csv"
    path.write_text(
        "evaluator,offer,criterion,value,justification\n"
        f"{s.evaluator},NOPE,{s.criterion},3,motif\n",
        encoding="utf-8",
    )
    with pytest.raises(TenderError) as info:
        load_marks(path, tender)
    (problem,) = info.value.problems
    assert (
        problem.line == 2 and problem.path == "offer" and "offre inconnue 'NOPE'" in problem.message
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_offers_table_write_then_read(tmp_path, suffix):
    header = ["id", "bidder", "lot", "price", "q-emb", "values.delai"]
    rows = [
        ["O1", "Hygiène Rhône", "L1", 41250.5, '=HYPERLINK("x") reste du texte', 3],
        ["O2", "Net'Pro", "L1", 39000, "Nous reprenons 100 % des bidons.\nDès 2027.", 5],
    ]
    path = tmp_path / f"offers{suffix}"
    if suffix == ".csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([header, *rows])
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(header)
        for row in rows:
            ws.append(row)
            ws.cell(ws.max_row, 5).data_type = "s"  # keep the answer as text
        wb.save(path)
    rows_read, _cells, problems = read_offers_table(path)
    assert problems == []
    offers = [Offer.model_validate(row) for row in rows_read]  # numbers are read by the model
    assert [o.id for o in offers] == ["O1", "O2"]
    assert offers[0].answers["q-emb"].startswith("=HYPERLINK")
    assert offers[1].answers["q-emb"].endswith("Dès 2027.")
    assert str(offers[0].price) == "41250.5"
    assert offers[1].values["delai"] == 5


def test_offers_table_bad_price_names_the_cell(tmp_path):
    import openpyxl

    (tmp_path / "tender.yaml").write_text(
        "id: T\ntitle: x\nbuyer: b\nprocedure: AO\nlots: [{id: L1, label: L}]\n"
        "criteria: [{id: p, label: Prix, kind: price, weight: 100, scoring: {method: price}}]\n",
        encoding="utf-8",
    )
    path = tmp_path / "offers.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "bidder", "lot", "price"])
    ws.append(["O1", "B", "L1", "41 250,50 €"])
    wb.save(path)
    with pytest.raises(TenderError) as info:
        load_tender(tmp_path)
    (problem,) = info.value.problems
    assert problem.cell == "offers.xlsx!D2" and problem.path == "price"
    assert "41250.50" in problem.fix


def test_json_schema_accepts_the_samples():
    jsonschema = pytest.importorskip("jsonschema")
    schema = tender_json_schema()
    for name in sorted(samples()):
        data = yaml.safe_load((sample_path(name) / "tender.yaml").read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def test_offers_csv_row_with_an_extra_cell_is_reported_at_its_physical_line(tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text(
        "id,bidder,lot,price,q1\n"
        'O1,A,L1,100.5,"Une réponse\nsur deux lignes"\n'
        'O2,B,L1,176000,00,"Réponse décalée"\n',
        encoding="utf-8",
    )
    offers, _, problems = read_offers_table(path)
    assert [o["id"] for o in offers] == ["O1"]
    (problem,) = problems
    assert problem.line == 4 and problem.code == "decimal_comma"
    assert "virgule décimale" in problem.message


def test_misspelt_key_gets_the_nearest_allowed_key(tmp_path):
    path = tmp_path / "tender.yaml"
    path.write_text(
        "id: T\ntitle: x\nbuyer: b\nprocedure: AO\nlots: [{id: L1, label: L}]\n"
        "criteria:\n  - {id: p, label: Prix, kind: price, wieght: 100, scoring: {method: price}}\n",
        encoding="utf-8",
    )
    with pytest.raises(TenderError) as info:
        load_tender(path)
    paths = [p.path for p in info.value.problems]
    assert paths == ["criteria[0].weight", "criteria[0].wieght"]  # no spurious "empty list"
    unknown = info.value.problems[1]
    assert "vouliez-vous dire `weight`" in unknown.fix and unknown.line == 7
