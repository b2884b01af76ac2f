"""Aggregates and plots of a corpus's results, on hand-made results (no engine needed)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efc_scoring import sample_path
from efc_scoring.corpus import (
    commitments,
    concrete_measures,
    level_distribution,
    plan_outcomes,
    plots,
    read_corpus,
)
from efc_scoring.corpus.schema import RESULT_SCHEMA


def _span(code, text):
    return {"code": code, "start": 0, "end": len(text), "text": text}


@pytest.fixture
def results():
    rows = [
        # axis, sector, year, level, features, answer, measures
        ("packaging", "entretien", 2026, 5, "RMFQTI", "a", ["les bidons vides", "vrac"]),
        ("packaging", "entretien", 2026, 2, "RM", "b", ["Bidons vides"]),
        ("packaging", "entretien", 2027, 0, "", "", []),
        ("packaging", None, 2027, None, "RMF", "c", ["recharges"]),
        ("transport", "entretien", 2027, 3, "RMF", "d", ["vélo-cargo"]),
        ("transport", "restauration", None, 4, "RMFT", "e", ["tournées mutualisées"]),
    ]
    n = len(rows)
    table = {
        "row": list(range(n)),
        "tender": ["T"] * n,
        "lot": ["L1"] * n,
        "offer": [f"O{i}" for i in range(n)],
        "bidder": ["x"] * n,
        "question": ["q"] * n,
        "sector": [r[1] for r in rows],
        "year": [r[2] for r in rows],
        "question_axis": [r[0] for r in rows],
        "axis": [r[0] for r in rows],
        "level": [r[3] for r in rows],
        "label": ["?"] * n,
        "confidence": [0.9] * n,
        "fragile": [False] * n,
        "features": [list(r[4]) for r in rows],
        "evidence": [[_span("M", m) for m in r[6]] + [_span("R", "emballage")] for r in rows],
        "justification": [""] * n,
        "rule": [""] * n,
        "answer": [r[5] for r in rows],
        "engine_version": ["v"] * n,
        "lexicon_version": ["v"] * n,
        "fingerprint": ["f"] * n,
    }
    return pa.table(table, schema=RESULT_SCHEMA).to_pandas(types_mapper=pd.ArrowDtype)


def test_commitments_by_axis_sector_year(results):
    table = commitments(results)
    first = table.iloc[0].to_dict()
    assert (first["axis"], first["sector"], first["year"]) == ("packaging", "entretien", 2026)
    assert (first["answers"], first["answered"], first["share_firm"]) == (2, 2, 0.5)
    assert (first["share_quantified"], first["mean_level"]) == (0.5, 3.5)
    unknown = table[table["sector"].isna()].iloc[0]
    assert (unknown["abstained"], unknown["mean_level"], unknown["fragile"]) == (1, None, 0)
    unanswered = table[(table["year"] == 2027) & (table["sector"] == "entretien")]
    assert unanswered[["axis", "answered", "answers"]].values.tolist() == [
        ["packaging", 0, 1],
        ["transport", 1, 1],
    ]
    assert table["answers"].sum() == len(results)


def test_plain_parquet_reading_gives_the_same_aggregates(results, tmp_path):
    import pyarrow.parquet as pq

    pq.write_table(
        pa.Table.from_pandas(results, preserve_index=False).replace_schema_metadata(),
        tmp_path / "r.parquet",
    )
    plain = pd.read_parquet(tmp_path / "r.parquet")
    assert plain["features"].dtype == object
    pd.testing.assert_frame_equal(commitments(plain), commitments(results))
    pd.testing.assert_frame_equal(concrete_measures(plain), concrete_measures(results))


def test_level_distribution_counts_abstentions(results):
    dist = level_distribution(results, by="axis")
    packaging = dist[dist["axis"] == "packaging"]
    assert packaging["answers"].sum() == 4
    assert packaging["level"].isna().sum() == 1
    known = packaging[packaging["level"].notna()]
    assert dict(zip(known["level"].tolist(), known["answers"].tolist(), strict=True)) == {
        0: 1,
        1: 0,
        2: 1,
        3: 0,
        4: 0,
        5: 1,
    }
    assert dist[dist["axis"] == "transport"]["level"].notna().all()
    assert dist.groupby("axis")["share"].sum().round(9).tolist() == [1.0, 1.0]


def test_concrete_measures_count_each_answer_once(results):
    measures = concrete_measures(results, top=2)
    packaging = measures[measures["axis"] == "packaging"]
    assert packaging["measure"].tolist() == ["bidons vides", "recharges"]
    assert packaging["answers"].tolist() == [2, 1]
    assert packaging["share"].tolist() == [2 / 3, 1 / 3]
    assert packaging["example"].iloc[0] in {"les bidons vides", "Bidons vides"}
    assert "emballage" not in set(measures["measure"])  # R spans are not measures


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["packaging", "waste", "transport"]),
            st.none() | st.integers(0, 5),
            st.sets(st.sampled_from(list("RMFQTICPN"))),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_shares_are_consistent_with_counts(rows):
    results = pd.DataFrame(
        {
            "axis": [r[0] for r in rows],
            "sector": ["s"] * len(rows),
            "year": [2027] * len(rows),
            "level": pd.array([r[1] for r in rows], dtype="Int8"),
            "features": [sorted(r[2]) for r in rows],
            "answer": ["x"] * len(rows),
        }
    )
    table = commitments(results, by="axis")
    assert table["answers"].sum() == len(rows)
    for rec in table.to_dict(orient="records"):
        sub = [r for r in rows if r[0] == rec["axis"]]
        assert rec["share_firm"] == pytest.approx(sum("F" in r[2] for r in sub) / len(sub))
        assert rec["abstained"] == sum(r[1] is None for r in sub)
        assert 0 <= rec["share_quantified"] <= 1
    dist = level_distribution(results, by="axis")
    assert dist["answers"].sum() == len(rows)


def test_plan_outcomes_of_the_sample_plans():
    outcomes = plan_outcomes(read_corpus(sample_path("bof-lycees")))
    assert set(outcomes["plan"]) == {"plan-L1", "plan-L3"}
    assert set(outcomes["status"]) <= {"achieved", "on_track", "at_risk", "late", "not_measured"}
    late = outcomes[outcomes["status"] == "late"]
    assert (late["status_label"] == "en retard").all()
    assert plan_outcomes([]).empty


def test_figures_have_french_labels(results):
    table = commitments(results)
    fig = plots.commitments_figure(table)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["emballages", "transport"]
    assert "non renseigné" in [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert plots.trend_figure(table).axes[0].get_title().startswith("Part des engagements fermes")
    assert plots.levels_figure(level_distribution(results)).legends
    assert plots.measures_figure(concrete_measures(results)).axes
    outcomes = plan_outcomes(read_corpus(sample_path("bof-lycees")))
    labels = [t.get_text() for t in plots.outcomes_figure(outcomes).legends[0].get_texts()]
    assert labels[:2] == ["atteint", "dans la trajectoire"]
