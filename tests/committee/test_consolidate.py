"""Consolidation of the committee's marks: exact methods, users, consensus, agreement."""

from __future__ import annotations

import random
import statistics
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efc_scoring import Mark, Tender, load_tender, sample_path, score
from efc_scoring.committee import (
    Consensus,
    ConsensusError,
    consolidate,
    record_consensus,
)

EVALUATORS = [
    {"id": "A", "name": "Acheteuse", "role": "buyer"},
    {"id": "B", "name": "Technicien", "role": "technical"},
    {"id": "C", "name": "Élu", "role": "elected"},
    {"id": "U", "name": "Agente", "role": "user"},
]


def make_tender(marks: dict[tuple[str, str], dict[str, int]], n_offers: int = 2) -> Tender:
    """A tender with two rubric criteria (60 + 40 points) and the given marks."""
    return Tender.model_validate(
        {
            "id": "T",
            "title": "Test",
            "buyer": "Ville",
            "procedure": "appel d'offres ouvert",
            "lots": [{"id": "L1", "label": "Lot"}],
            "criteria": [
                {
                    "id": "q",
                    "label": "Qualité",
                    "kind": "quality",
                    "weight": 60,
                    "scoring": {"method": "rubric"},
                },
                {
                    "id": "env",
                    "label": "Emballages",
                    "kind": "environment",
                    "weight": 40,
                    "scoring": {"method": "rubric"},
                },
            ],
            "evaluators": EVALUATORS,
            "offers": [
                {"id": f"O{i}", "bidder": f"Candidat {i}", "lot": "L1"}
                for i in range(1, n_offers + 1)
            ],
            "scores": [
                {
                    "evaluator": ev,
                    "offer": o,
                    "criterion": c,
                    "value": v,
                    "justification": f"Motif {ev} {o} {c}.",
                }
                for (o, c), by_ev in marks.items()
                for ev, v in by_ev.items()
            ],
        }
    )


MARKS = {
    ("O1", "q"): {"A": 1, "B": 2, "C": 4, "U": 5},
    ("O1", "env"): {"A": 3, "B": 3, "C": 3, "U": 0},
    ("O2", "q"): {"A": 0, "B": 5, "C": 5},
    ("O2", "env"): {"A": 2, "U": 4},
}


@pytest.fixture
def tender() -> Tender:
    return make_tender(MARKS)


def test_mean_median_trimmed_mean_are_exact(tender):
    mean = consolidate(tender)
    assert mean.item("O1", "q").value == Fraction(12, 4)
    assert mean.item("O2", "q").value == Fraction(10, 3)
    median = consolidate(tender, method="median")
    assert median.item("O1", "q").value == Fraction(3)  # midpoint of 2 and 4
    assert median.item("O2", "q").value == 5
    trimmed = consolidate(tender, method="trimmed_mean")
    assert trimmed.item("O1", "q").value == 3  # olympic: drop 1 and 5, mean of 2 and 4
    assert trimmed.item("O2", "q").value == 5  # drop 0 and one 5
    assert trimmed.item("O2", "env").value == 3  # two marks: the limit is the median
    quarter = consolidate(tender, method="trimmed_mean", trim="0.125")
    # half an evaluator's weight dropped at each end: (0.5*1 + 2 + 4 + 0.5*5) / 3
    assert quarter.item("O1", "q").value == Fraction(9, 3)


def test_spread_and_marks_by_evaluator(tender):
    it = consolidate(tender).item("O1", "q")
    assert (it.low, it.high, it.range, it.n) == (1, 5, 4, 4)
    assert it.variance == Fraction(5, 2)  # population variance of 1, 2, 4, 5
    assert it.std == pytest.approx(2.5**0.5)
    assert dict(it.marks) == {"A": 1, "B": 2, "C": 4, "U": 5}
    assert it.mark_of("U") == 5 and it.mark_of("Z") is None


def test_users_weighted_or_apart(tender):
    doubled = consolidate(tender, users=2).item("O1", "env")
    assert doubled.value == Fraction(9, 5)  # (3 + 3 + 3 + 2 * 0) / 5
    apart = consolidate(tender, users="apart")
    assert apart.item("O1", "env").value == 3
    assert apart.item("O1", "env").users_mean == 0
    assert apart.item("O2", "q").users_mean is None
    only_users = make_tender({("O1", "q"): {"U": 4}, ("O1", "env"): {"U": 2, "A": 3}}, 1)
    item = consolidate(only_users, users="apart").item("O1", "q")
    assert item.value == 4 and "usagers seuls" in item.method
    assert consolidate(tender, users=2).users == "×2"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "mode"}, "méthode de consolidation inconnue"),
        ({"users": 0}, "positif"),
        ({"users": "others"}, "include"),
        ({"trim": 0.5, "method": "trimmed_mean"}, "part retranchée"),
        ({"method": "consensus", "fallback": "consensus"}, "méthode de repli"),
    ],
)
def test_bad_parameters_are_refused(tender, kwargs, match):
    with pytest.raises(ValueError, match=match):
        consolidate(tender, **kwargs)


def test_marks_feed_score_and_mean_matches_committee_means():
    tender = load_tender(sample_path("nettoyage"))
    c = consolidate(tender)
    assert score(tender, c.marks()).totals == score(tender).totals
    assert c.evaluate().totals == score(tender).totals


def test_consensus_within_range_then_consolidated(tender):
    agreed = record_consensus(
        tender, "O1", "q", 2, "Mesures concrètes mais conditionnelles.", by="Présidente"
    )
    assert isinstance(agreed, Consensus) and not agreed.departs
    assert agreed.marks == (("A", 1), ("B", 2), ("C", 4), ("U", 5))
    c = consolidate(tender, method="consensus", consensus=[agreed], fallback="median")
    assert c.item("O1", "q").value == 2 and c.item("O1", "q").method == "consensus"
    assert c.item("O2", "q").method == "median" and c.item("O2", "q").value == 5
    assert c.consensus_items == (("O1", "q"),)
    frame = c.to_frame()
    assert frame.loc[frame["consensus"], ["offer", "criterion"]].values.tolist() == [["O1", "q"]]
    # with another method the consensus is attached, not used
    mean = consolidate(tender, consensus=[agreed])
    assert mean.item("O1", "q").value == 3 and mean.item("O1", "q").consensus == agreed


def test_consensus_outside_every_mark_needs_a_reason(tender):
    with pytest.raises(ConsensusError, match="s'écarte"):
        record_consensus(tender, "O1", "env", 5, "Très bon.", by="Présidente")
    agreed = record_consensus(
        tender,
        "O1",
        "env",
        5,
        "Très bon.",
        by="Présidente",
        reason="Les essais sur site ont levé les doutes.",
    )
    assert agreed.departs and agreed.reason
    assert "écart motivé" in str(agreed)


@pytest.mark.parametrize(
    ("offer", "criterion", "mark", "justification", "match"),
    [
        ("O9", "q", 3, "x", "inconnu"),
        ("O1", "nope", 3, "x", "inconnu"),
        ("O1", "q", 7, "x", "pas un niveau"),
        ("O1", "q", 3, "  ", "motif"),
    ],
)
def test_consensus_errors(tender, offer, criterion, mark, justification, match):
    with pytest.raises(ConsensusError, match=match):
        record_consensus(tender, offer, criterion, mark, justification, by="P")


def test_consensus_on_an_item_nobody_marked():
    t = make_tender({("O1", "q"): {"A": 3}, ("O1", "env"): {"A": 2}}, 2)
    with pytest.raises(ConsensusError, match="aucun évaluateur"):
        record_consensus(t, "O2", "q", 3, "Examinée en séance.", by="P")
    agreed = record_consensus(
        t,
        "O2",
        "q",
        3,
        "Examinée en séance.",
        by="P",
        reason="Grille égarée, offre notée en séance.",
    )
    c = consolidate(t, method="consensus", consensus=[agreed])
    assert c.item("O2", "q").value == 3 and c.item("O2", "q").n == 0
    assert ("O2", "env") not in c.marks()


def test_frames_and_html(tender):
    c = consolidate(tender)
    frame = c.to_frame()
    assert {
        "offer",
        "criterion",
        "mark",
        "min",
        "max",
        "range",
        "std",
        "n",
        "users_mean",
        "A",
        "U",
    } <= set(frame.columns)
    assert len(frame) == 4
    assert len(c.marks_frame()) == sum(len(v) for v in MARKS.values())
    assert "Notes consolidées" in c._repr_html_()


def test_scores_argument_replaces_the_tenders_marks(tender):
    other = [
        Mark(evaluator="A", offer=o, criterion=cr, value=4, justification="Bon.")
        for o in ("O1", "O2")
        for cr in ("q", "env")
    ]
    c = consolidate(tender, marks=other)
    assert set(c.marks().values()) == {4}
    path = sample_path("nettoyage")
    assert (
        consolidate(load_tender(path), marks=path / "scores.csv").marks()
        == consolidate(load_tender(path)).marks()
    )


def test_agreement_on_the_sample_matches_the_krippendorff_package():
    import numpy as np

    krippendorff = pytest.importorskip("krippendorff")
    c = consolidate(load_tender(sample_path("nettoyage")))
    agreement = c.agreement()
    frame = c.to_frame()
    data = frame[list(c.evaluators)].to_numpy(dtype=float).T
    for level in ("ordinal", "interval"):
        expected = krippendorff.alpha(
            reliability_data=data, level_of_measurement=level, value_domain=np.arange(6)
        )
        assert agreement.alpha("*", level) == pytest.approx(expected, abs=1e-9)
    assert agreement.overall.reading == "bon"
    assert len(agreement.to_frame()) == 2 * (4 + 1)
    assert "Krippendorff" in agreement.summary()
    assert list(agreement.severity["evaluator"]) == ["acheteuse", "agente", "technicien"]


def test_agreement_undefined_when_marks_do_not_vary():
    t = make_tender({(o, c): {"A": 3, "B": 3} for o in ("O1", "O2") for c in ("q", "env")})
    agreement = consolidate(t).agreement()
    assert np_isnan(agreement.overall.alpha)
    assert "non calculable" in agreement.overall.reading


def np_isnan(x: float) -> bool:
    return x != x


# ---------------------------------------------------------------- properties

marks_strategy = st.dictionaries(
    st.sampled_from([(o, c) for o in ("O1", "O2", "O3") for c in ("q", "env")]),
    st.dictionaries(st.sampled_from(["A", "B", "C", "U"]), st.integers(0, 5), min_size=1),
    min_size=6,
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(
    marks=marks_strategy,
    seed=st.integers(0, 10_000),
    method=st.sampled_from(["mean", "median", "trimmed_mean"]),
    users=st.sampled_from(["include", "apart", 2, "1.5"]),
)
def test_permuting_evaluators_or_offers_changes_no_mark(marks, seed, method, users):
    tender = make_tender(marks, 3)
    rng = random.Random(seed)
    data = tender.model_dump(mode="python")
    for field in ("scores", "offers", "evaluators"):
        data[field] = list(data[field])
        rng.shuffle(data[field])
    shuffled = Tender.model_validate(data)
    a = consolidate(tender, method=method, users=users).marks()
    b = consolidate(shuffled, method=method, users=users).marks()
    assert a == b


@settings(max_examples=60, deadline=None)
@given(marks=marks_strategy, trim=st.fractions(0, Fraction(49, 100)))
def test_median_and_trimmed_mean_stay_within_the_marks(marks, trim):
    tender = make_tender(marks, 3)
    median = consolidate(tender, method="median")
    trimmed = consolidate(tender, method="trimmed_mean", trim=trim)
    for key, by_ev in marks.items():
        values = sorted(by_ev.values())
        assert median.item(*key).value == statistics.median(values)
        assert values[0] <= trimmed.item(*key).value <= values[-1]
        assert values[0] <= consolidate(tender, users=3).item(*key).value <= values[-1]


@settings(max_examples=40, deadline=None)
@given(
    marks=st.dictionaries(st.sampled_from(["A", "B", "C", "U"]), st.integers(0, 5), min_size=1),
    weight=st.integers(1, 4),
)
def test_integer_user_weight_is_repetition(marks, weight):
    tender = make_tender({("O1", "q"): marks, ("O1", "env"): marks}, 1)
    repeated = [v for ev, v in marks.items() for _ in range(weight if ev == "U" else 1)]
    c_median = consolidate(tender, method="median", users=weight).item("O1", "q").value
    c_mean = consolidate(tender, users=weight).item("O1", "q").value
    assert c_median == statistics.median(repeated)
    assert c_mean == Fraction(sum(repeated), len(repeated))
