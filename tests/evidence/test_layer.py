"""The learned layer: its trees evaluated without scikit-learn, its proposal, its place in
the assessment (issue 11, engine 2026.14)."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efc_scoring.evidence import training
from efc_scoring.evidence._confidence import FRAGILE_BELOW
from efc_scoring.evidence._cues import CUE_NAMES, cues
from efc_scoring.evidence._layer import (
    INPUT_NAMES,
    KEEP_RULES_AT,
    LARGE_MOVE_AT,
    Layer,
    Verdict,
    inputs,
    load_layer,
    proposal,
)
from efc_scoring.evidence.assessment import assess_answer


@pytest.fixture(scope="module")
def rows(hard_cases_path):
    return training.load_rows(hard_cases_path.parent)


def test_the_trees_give_scikit_learns_probabilities(rows):
    half = rows[::2]
    model = training.fit(half)
    layer = Layer.from_dict(json.loads(json.dumps(training.to_dict(model, len(half)))))
    x = np.array([r.x for r in rows])
    ours = np.array([layer.probabilities(r.x) for r in rows])
    np.testing.assert_allclose(ours, model.predict_proba(x), atol=1e-9)


def test_the_shipped_layer_is_what_the_data_give(rows):
    """layer.json is the training's output on the repository's data, not a hand edit.

    Compared by the levels it proposes (a newer scikit-learn may round differently)."""
    shipped = load_layer()
    retrained = Layer.from_dict(training.train(rows))
    assert shipped.trained_on == len(rows)
    same = sum(shipped.verdict(r.x).level == retrained.verdict(r.x).level for r in rows)
    assert same >= 0.99 * len(rows)
    assert math.isclose(shipped.fragile_near, retrained.fragile_near, abs_tol=0.02)


def test_a_layer_of_another_format_is_refused_with_the_way_out():
    data = json.loads(json.dumps({"format": 99, "inputs": list(INPUT_NAMES)}))
    with pytest.raises(ValueError, match=r"efc_scoring\.evidence\.training --write"):
        Layer.from_dict(data)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.floats(min_value=-5, max_value=50, allow_nan=False),
        min_size=len(INPUT_NAMES),
        max_size=len(INPUT_NAMES),
    ),
    st.one_of(st.none(), st.integers(0, 5)),
)
def test_any_input_gives_a_distribution_a_level_and_a_bounded_confidence(x, rule_level):
    layer = load_layer()
    v = layer.verdict(tuple(x))
    assert math.isclose(sum(v.probabilities), 1.0, abs_tol=1e-9)
    assert 0 <= v.level <= 5 and 0.0 <= v.confidence <= 1.0 + 1e-9
    level, conf = proposal(layer, v, rule_level)
    assert 0.0 <= conf <= 1.0
    if rule_level is None:
        assert level == v.level
    elif v.probabilities[rule_level] >= KEEP_RULES_AT:
        assert level == rule_level
    else:
        assert min(rule_level, v.level) <= level <= max(rule_level, v.level)
        if abs(level - rule_level) >= 2:
            assert level == v.level and v.probabilities[level] >= LARGE_MOVE_AT


@given(st.floats(0, 1), st.floats(0, 1))
def test_the_calibration_keeps_the_order_and_puts_the_mark_on_the_threshold(a, b):
    layer = Layer((0.0,) * 6, (), 1, 0.8)

    def conf(value):
        p = (0.0, 0.0, value, 1.0 - value, 0.0, 0.0)
        return proposal(layer, Verdict(3, p, 0.0), 3)[1]

    # near(level 3) = p2 + p3 + p4 = 1 whatever the value: vary the mass far from it
    def conf_far(value):
        p = (value, 0.0, 0.0, 1.0 - value, 0.0, 0.0)
        return proposal(layer, Verdict(3, p, 0.0), 3)[1]

    assert conf(a) == conf(b) == 1.0
    if a <= b:
        assert conf_far(a) >= conf_far(b)
    assert (conf_far(1 - 0.8) >= FRAGILE_BELOW) and (conf_far(1 - 0.79) < FRAGILE_BELOW)


def test_cues_are_folded_word_families():
    c = dict(zip(CUE_NAMES, cues("NOUS NOUS ENGAGEONS, a voir SUR DEVIS", ""), strict=True))
    assert c["firm"] > 0 and c["hedge"] > 0 and c["upper"] > 0.8 and c["accent"] == 0
    assert len(inputs("x", "", "packaging", None, ())) == len(INPUT_NAMES)


def test_the_rule_reading_stays_beside_the_proposal(nlp):
    a = assess_answer("Nous reprenons les bidons vides à chaque livraison.", "packaging")
    assert a.reading_level is not None and a.reading_confidence is not None
    assert a.to_dict()["reading_level"] == a.reading_level
    assert a.level is not None and 0 <= a.confidence <= 1


def test_a_moved_level_is_said_in_the_justification(nlp, monkeypatch):
    """A layer sure of level 1 against the rules' 3: the paragraph gives both readings,
    the proposal is fragile."""
    from efc_scoring.evidence import assessment

    sure_of_one = Layer((0.0, 9.0, 0.0, 0.0, 0.0, 0.0), (), 1, 0.9)
    monkeypatch.setattr(assessment, "load_layer", lambda: sure_of_one)
    a = assess_answer("Nous reprenons les bidons vides.", "packaging")
    assert (a.reading_level, a.level, a.label) == (3, 1, "Insuffisant")
    assert "Lecture d'ensemble" in a.justification
    assert "non au niveau 3 (Satisfaisant)" in a.justification
    assert "niveau 1 (Insuffisant) proposé" in a.justification
    assert a.features == {"R", "M", "F"}  # the quoted evidence stays the rules'


def test_unread_answers_are_left_to_the_evaluator(nlp):
    foreign = assess_answer("We take back every empty drum at each delivery.", "packaging")
    assert foreign.level is None and foreign.reading_level is None
    empty = assess_answer("", "packaging")
    assert empty.level == empty.reading_level == 0 and "Lecture d'ensemble" not in (
        empty.justification
    )


def test_an_axis_a_tender_adds_keeps_the_rule_reading(nlp, monkeypatch):
    """The layer never saw such an axis: its proposal would be a guess."""
    from efc_scoring.evidence import assessment
    from efc_scoring.evidence.lexicon import load_lexicons

    sure_of_one = Layer((0.0, 9.0, 0.0, 0.0, 0.0, 0.0), (), 1, 0.9)
    monkeypatch.setattr(assessment, "load_layer", lambda: sure_of_one)
    from efc_scoring.model.axis import AxisLexicon

    lex = load_lexicons().with_axes(
        [AxisLexicon(id="water", label="eau", subject=["eau"], measures=["mousseur"])]
    )
    a = assess_answer("Nous posons un mousseur sur chaque robinet.", "water", lexicons=lex)
    assert a.reading_level is not None and a.axis == "water"
    assert a.level == a.reading_level


def test_local_sourcing_is_read_as_egalim_by_the_layer_too(hard_cases_path):
    """Training rows name the axis as the engine does once resolved."""
    rows = training.load_rows(hard_cases_path.parent)
    egalim = INPUT_NAMES.index("axis_egalim")
    r1 = json.loads(
        next(
            line
            for line in (hard_cases_path.parent / "r1.jsonl").read_text("utf-8").splitlines()
            if '"local_sourcing"' in line
        )
    )
    row = next(r for r in rows if r.id == r1["id"])
    assert row.x[egalim] == 1.0


def test_a_move_stopped_one_level_short_names_the_layer_s_level(nlp, monkeypatch):
    """The layer's median is 1 without a majority against the rules' 3: level 2 is
    proposed, and the sentence says the answers alike are at 1, not that they are at 2."""
    from efc_scoring.evidence import assessment

    leaning = Layer((0.0, 0.0, -9.0, -9.0, -9.0, -9.0), (), 1, 0.9)  # p0 = p1, just under 0.5
    monkeypatch.setattr(assessment, "load_layer", lambda: leaning)
    a = assess_answer("Nous reprenons les bidons vides.", "packaging")
    verdict = leaning.verdict(tuple(0.0 for _ in INPUT_NAMES))
    assert verdict.level == 1 and verdict.probabilities[1] < LARGE_MOVE_AT
    assert (a.reading_level, a.level) == (3, 2)
    assert "le plus souvent au niveau 1 (Insuffisant), non au niveau 3" in a.justification
    assert "le plus souvent au niveau 2" not in a.justification
    assert f"niveau 2 ({a.label}) proposé" in a.justification


def test_a_kept_level_the_layer_doubts_says_why_it_is_fragile(nlp, monkeypatch):
    """The rules' 3 kept (the layer gives it 0.32) while the layer's median is 1."""
    from efc_scoring.evidence import assessment

    doubting = Layer(tuple(math.log(p) for p in (0.05, 0.48, 0.1, 0.32, 0.03, 0.02)), (), 1, 0.99)
    monkeypatch.setattr(assessment, "load_layer", lambda: doubting)
    a = assess_answer("Nous reprenons les bidons vides.", "packaging")
    assert (a.reading_level, a.level) == (3, 3) and a.fragile
    assert "se partagent entre plusieurs niveaux, le plus souvent le niveau 1" in a.justification
    assert "le niveau 3 (Satisfaisant) que donnent les éléments relevés est gardé" in (
        a.justification
    )
