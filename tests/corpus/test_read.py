"""read_corpus: tender folders, OCDS files, tables; every bad row located, none dropped silently."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from corpus_helpers import DATA

from efc_scoring import load_tender, sample_path, to_ocds
from efc_scoring.corpus import read_corpus
from efc_scoring.corpus.schema import ANSWER_COLUMNS
from efc_scoring.errors import CorpusError, ErrorCode


def test_a_folder_of_tender_folders(samples_corpus):
    corpus = read_corpus(samples_corpus)
    assert list(corpus.answers.columns) == list(ANSWER_COLUMNS)
    tenders = corpus.tenders().set_index("tender")
    assert tenders.loc["nettoyage-2027", "answers"] == 5 * 3
    assert tenders.loc["bof-lycees-2027", "answers"] == 12 * 4
    assert tenders.loc["bof-lycees-2027", "sector"] == "restauration collective"
    assert set(corpus.answers["year"]) == {2027}
    assert [p.id for p in corpus.plans] == ["plan-L1", "plan-L3"]
    assert all(len(p.reviews) == 3 for p in corpus.plans)
    assert [a.id for a in corpus.axes["nettoyage-2027"]] == ["packaging"]
    offer = load_tender(sample_path("nettoyage")).offer("O2")
    row = corpus.answers.query("offer == 'O2' and question == 'q_transport'").iloc[0]
    assert row["answer"] == offer.answers["q_transport"]
    assert row["source"].endswith("(offre O2, question q_transport)")


def test_a_broken_tender_folder_is_reported_with_the_others(samples_corpus):
    tender = samples_corpus / "bof-lycees" / "tender.yaml"
    tender.write_text(
        tender.read_text(encoding="utf-8").replace("weight: 40", "weight: -5", 1), encoding="utf-8"
    )
    (samples_corpus / "tenders.csv").write_text(
        "tender,sector\nnettoyage-2027,entretien\ninconnu-2030,x\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError) as info:
        read_corpus(samples_corpus)
    cases = info.value.failure_cases
    assert any(f.endswith("tender.yaml") for f in cases["file"])
    unknown = cases[cases["code"] == "unknown_id"].iloc[0]
    assert unknown["file"].endswith("tenders.csv") and unknown["line"] == 3
    skipped = read_corpus(samples_corpus, on_error="skip")
    assert set(skipped.answers["tender"]) == {"nettoyage-2027"} and skipped.problems


def test_the_same_tender_twice_is_refused(tmp_path):
    for name in ("a", "b"):
        shutil.copytree(sample_path("nettoyage"), tmp_path / name)
    with pytest.raises(CorpusError, match="déjà dans") as info:
        read_corpus(tmp_path)
    assert info.value.problems[0].code is ErrorCode.DUPLICATE_ID


def test_ocds_packages_and_json_lines(tmp_path, samples_corpus):
    folder = read_corpus(samples_corpus)
    tenders = [load_tender(samples_corpus / n) for n in ("nettoyage", "bof-lycees")]
    packages = [to_ocds(t, include_bids=True) for t in tenders]
    package = {**packages[0], "releases": [p["releases"][0] for p in packages]}
    (tmp_path / "all.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    lines = "\n".join(json.dumps(p, ensure_ascii=False) for p in packages)
    (tmp_path / "all.jsonl").write_text(lines + "\n", encoding="utf-8")
    for name in ("all.json", "all.jsonl"):
        corpus = read_corpus(tmp_path / name, sectors={"nettoyage-2027": "entretien"})
        columns = [
            "tender",
            "lot",
            "offer",
            "bidder",
            "question",
            "question_text",
            "axis",
            "answer",
            "year",
            "date",
        ]
        got = corpus.answers[columns].sort_values(["tender", "offer", "question"])
        want = folder.answers[columns].sort_values(["tender", "offer", "question"])
        assert got.reset_index(drop=True).equals(want.reset_index(drop=True)), name
        assert [a.id for a in corpus.axes["nettoyage-2027"]] == ["packaging"]
        assert set(corpus.answers.query("tender == 'nettoyage-2027'")["sector"]) == {"entretien"}


def test_the_latest_release_of_a_process_is_read(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    old = to_ocds(tender, include_bids=True)["releases"][0]
    new = json.loads(json.dumps(old))
    old["date"] = "2027-01-01T00:00:00Z"
    new["bids"]["details"][0]["efcScoring"]["answers"][0]["text"] = "Réponse corrigée."
    package = {"version": "1.1", "releases": [new, old]}
    (tmp_path / "p.json").write_text(json.dumps(package), encoding="utf-8")
    answers = read_corpus(tmp_path / "p.json").answers
    assert "Réponse corrigée." in set(answers["answer"]) and len(answers) == 15


def test_an_open_data_release_without_answers_is_refused(tmp_path):
    package = to_ocds(load_tender(sample_path("nettoyage")))  # open data: no answers
    (tmp_path / "p.json").write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(CorpusError, match="ne portent pas leurs réponses") as info:
        read_corpus(tmp_path / "p.json")
    assert "--include-bids" in info.value.problems[0].fix


def test_csv_and_parquet_tables_write_then_read(tmp_path):
    table = read_corpus(sample_path("nettoyage")).answers.drop(columns=["source"])
    table.loc[0, "sector"] = "entretien"
    table.to_csv(tmp_path / "t.csv", index=False, sep=";")
    table.to_parquet(tmp_path / "t.parquet")
    for name in ("t.csv", "t.parquet"):
        back = read_corpus(tmp_path / name).answers.drop(columns=["source"])
        assert back.equals(table), name
    assert read_corpus(tmp_path / "t.csv").answers["source"][1] == "t.csv:3"


def test_every_bad_row_of_a_table_is_located():
    with pytest.raises(CorpusError) as info:
        read_corpus(DATA / "bad-rows.csv")
    found = {(p.line, p.code.value) for p in info.value.problems}
    assert found == {
        (3, "empty"),
        (4, "unknown_axis"),
        (5, "duplicate_id"),
        (6, "value"),
        (7, "value"),
        (8, "row_length"),
        (9, "value"),
        (10, "value"),
    }
    text = str(info.value)
    assert "bad-rows.csv:4: axis: axe inconnu 'eau'" in text
    assert "déjà donnée (bad-rows.csv:2)" in text
    corpus = read_corpus(DATA / "bad-rows.csv", on_error="skip")
    assert corpus.answers["source"].tolist() == ["bad-rows.csv:2", "bad-rows.csv:11"]
    assert len(corpus.problems) == 8
    assert corpus.answers["answer"][1].startswith("Engagements ; tournées mutualisées\n- deux")


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("missing-column.csv", "header", "pas de colonne 'axis'"),
        ("unknown-column.csv", "header", "colonne inconnue 'reponse'"),
        ("latin1.csv", "encoding", "pas de l.UTF-8"),
        ("empty.csv", "empty", "vide"),
        ("broken.json", "corpus", "JSON illisible"),
        ("no-tender.json", "missing", "aucune publication OCDS"),
        ("answers.txt", "format", "type de fichier non reconnu"),
        ("absent.csv", "missing", "introuvable"),
    ],
)
def test_unreadable_sources_say_what_and_how_to_fix(name, code, words):
    with pytest.raises(CorpusError, match=words) as info:
        read_corpus(DATA / name, on_error="skip")
    assert code in {p.code.value for p in info.value.problems}
    assert all(p.fix for p in info.value.problems)


def test_parquet_cells_of_the_wrong_type(tmp_path):
    table = pd.DataFrame(
        {
            "tender": ["T1", "T1"],
            "lot": ["L1", "L1"],
            "offer": [1, 2],
            "question": ["q1", "q1"],
            "axis": ["waste", "waste"],
            "answer": [3.5, None],
            "year": [2026, 2026],
        }
    )
    table.to_parquet(tmp_path / "t.parquet")
    with pytest.raises(CorpusError) as info:
        read_corpus(tmp_path / "t.parquet")
    [problem] = info.value.problems
    assert (problem.line, problem.path, problem.code) == (2, "answer", ErrorCode.TYPE)
    corpus = read_corpus(tmp_path / "t.parquet", on_error="skip")
    assert corpus.answers[["offer", "answer"]].values.tolist() == [["2", ""]]


def test_extra_axes_for_a_table():
    table = pd.DataFrame(
        {
            "tender": ["T1"],
            "lot": ["L1"],
            "offer": ["O1"],
            "question": ["q1"],
            "axis": ["water"],
            "answer": ["Nous posons des mousseurs."],
        }
    )
    with pytest.raises(CorpusError, match="axe inconnu 'water'"):
        read_corpus(table)
    water = {"id": "water", "label": "eau", "subject": ["eau"], "measures": ["mousseur"]}
    corpus = read_corpus(table, axes=[water])
    assert [a.id for a in corpus.axes["T1"]] == ["water"]


def test_a_table_goes_through_the_one_csv_reader_and_writer(tmp_path):
    """Answers a spreadsheet would run as formulas are escaped when written and read back
    identical; a quote in the middle of an unquoted field is located, never read loosely."""
    from efc_scoring.corpus.generate import write_table

    table = read_corpus(sample_path("nettoyage")).answers.drop(columns=["source"])
    hostile = ['=HYPERLINK("http://x";"y")', '+33 ; "cité", ok\nligne 2', "@SOMME(A1)", "-5 %"]
    for i, text in enumerate(hostile):
        table.loc[i, "answer"] = text
    path = write_table(table, tmp_path / "corpus.csv")
    written = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in written and "\n=HYPERLINK" not in written
    back = read_corpus(path).answers.drop(columns=["source"])
    assert back["answer"].tolist() == table["answer"].tolist()
    broken = tmp_path / "broken.csv"
    lines = written.splitlines(keepends=True)
    broken.write_text(lines[0] + 'nettoyage-2027,L1,O1,q_x,env,une "réponse" coupée\n', "utf-8")
    with pytest.raises(CorpusError) as info:
        read_corpus(broken)
    (problem,) = info.value.problems
    assert problem.line == 2 and problem.code == ErrorCode.CSV_SYNTAX
