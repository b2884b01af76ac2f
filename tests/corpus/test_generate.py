"""The corpus generator: varied, reproducible, valid, and never a copy of a source answer."""

from __future__ import annotations

import json

import pytest
from corpus_helpers import DEV_SETS

from efc_scoring.cli import main
from efc_scoring.corpus import generate_corpus, read_corpus
from efc_scoring.corpus.generate import SECTORS, write_table
from efc_scoring.errors import CorpusError

needs_dev_sets = pytest.mark.skipif(
    not all(p.exists() for p in DEV_SETS), reason="the dev sets of ../shared are not here"
)


@pytest.fixture(scope="module")
def generated():
    return generate_corpus(
        600, seed=7, sources=DEV_SETS if all(p.exists() for p in DEV_SETS) else ()
    )


def test_same_seed_same_corpus_other_seed_other_corpus(generated):
    assert generated.equals(
        generate_corpus(600, seed=7, sources=[p for p in DEV_SETS if p.exists()])
    )
    other = generate_corpus(600, seed=8)
    assert not other["answer"].equals(generated["answer"])


def test_varied_corpus(generated):
    assert len(generated) == 600
    assert generated["answer"].nunique() > 0.8 * len(generated)
    assert generated["tender"].nunique() >= 15
    assert set(generated["sector"]) == set(SECTORS)
    assert generated["year"].nunique() >= 4
    assert generated["bidder"].nunique() >= 50
    assert set(generated["axis"]) == {"packaging", "transport", "waste", "egalim", "cooperation"}
    answers = generated["answer"]
    assert (answers == "").sum() > 0, "some questions are left unanswered"
    assert answers.str.contains("\n").sum() > 0, "some answers have a layout"
    assert (generated["date"].str[:4].astype(int) == generated["year"]).all()


@needs_dev_sets
def test_no_answer_is_a_copy_and_dev_sets_are_used(generated):
    from efc_scoring import sample_path

    sources = set(read_corpus(sample_path("nettoyage").parent).answers["answer"])
    dev = [
        json.loads(line)["answer"]
        for p in DEV_SETS
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    sources |= set(dev)
    assert not set(generated["answer"]) & {s.strip() for s in sources}
    first_sentences = {d.split(". ")[0] for d in dev if "\n" not in d}
    assert any(any(s in a for s in first_sentences) for a in generated["answer"])


def test_generated_tables_read_back_valid(generated, tmp_path):
    for name in ("c.csv", "c.parquet"):
        corpus = read_corpus(write_table(generated, tmp_path / name))
        assert corpus.answers.drop(columns=["source"]).equals(generated.drop(columns=["source"]))


def test_bad_source_files_are_located(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"axis": "packaging", "answer": "ok"}\n{"axis": "packaging"}\n', encoding="utf-8"
    )
    with pytest.raises(CorpusError) as info:
        generate_corpus(5, sources=[bad])
    assert info.value.problems[0].line == 2


def test_cli_generate(tmp_path, capsys):
    out = tmp_path / "corpus.csv"
    assert main(["corpus", "generate", str(out), "--answers", "40", "--seed", "3"]) in (0, None)
    assert "40 réponses" in capsys.readouterr().out
    assert len(read_corpus(out)) == 40
    assert main(["corpus", "generate", str(tmp_path / "x.txt")]) == 1
    assert capsys.readouterr().err.startswith("Erreur :")
