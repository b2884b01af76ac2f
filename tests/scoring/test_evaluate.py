"""Weighted scoring: traceable points, bounds, invariances, monotonicity, ties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from efc_scoring import ScoringError, Tender, score
from efc_scoring.scoring.evaluate import committee_means
from tender_factories import build_tender


def test_every_point_is_traceable(small_tender):
    ev = score(small_tender)
    frame = ev.to_frame()
    assert set(frame.columns) >= {
        "criterion",
        "weight",
        "formula",
        "input",
        "share",
        "points",
        "detail",
    }
    for offer in small_tender.offers:
        rows = frame[frame.offer == offer.id]
        assert sorted(rows.criterion) == sorted(c.id for c in small_tender.leaves)
        assert rows.points.sum() == pytest.approx(float(ev.total(offer.id)))
    assert "Nmax × Pmin / P" in frame[frame.criterion == "prix"].formula.iloc[0]


def test_rubric_points_are_the_exact_mean_of_the_marks(small_tender):
    ev = score(small_tender)
    means = committee_means(small_tender)
    line = next(ln for ln in ev.lines if ln.criterion == "env" and ln.offer == "O1")
    assert line.points == means[("O1", "env")] / 5 * 30


def test_missing_marks_are_listed():
    tender = build_tender()
    bare = tender.model_copy(update={"marks": ()})
    with pytest.raises(ScoringError, match=r"6 notes manquantes"):
        score(bare)


def test_explicit_marks_replace_the_committee(small_tender):
    marks = {(o.id, c): 5 for o in small_tender.offers for c in ("tech.q", "env")}
    ev = score(small_tender, marks)
    assert all(ln.share == 1 for ln in ev.lines if ln.method == "rubric")


def test_threshold_eliminates_and_says_why():
    tender = build_tender(threshold=29)
    ev = score(tender)
    frame = ev.totals_frame()
    assert frame.eliminated.any()
    row = frame[frame.eliminated].iloc[0]
    assert "sous le seuil de 29 pts" in row.elimination_reason
    assert frame[frame.eliminated]["rank"].isna().all()


def test_ties_are_reported_as_ties():
    tender = build_tender(n_offers=2)
    data = tender.model_dump()
    for offer in data["offers"]:
        offer["price"] = Decimal(10000)
        offer["values"]["delai"] = Decimal(3)
    tender = Tender.model_validate(data)
    marks = {(o.id, c): 4 for o in tender.offers for c in ("tech.q", "env")}
    ev = score(tender, marks)
    frame = ev.totals_frame()
    assert list(frame["rank"]) == [1, 1] and frame.tied.all()
    assert ev.winners("L1") == ("O1", "O2")


def test_abnormally_low_offer_is_flagged_not_excluded():
    data = build_tender(5).model_dump()
    for i, offer in enumerate(data["offers"]):
        offer["price"] = Decimal(10000 + 100 * i)
    data["offers"][0]["price"] = Decimal(7000)
    tender = Tender.model_validate(data)
    ev = score(tender)
    frame = ev.totals_frame()
    assert bool(frame.loc[0, "abnormally_low"]) and frame.loc[0, "rank"] is not None
    check = next(c for c in ev.abnormal["L1"] if c.offer == "O1")
    assert "moyenne corrigée" in check.reason and "justifier" in check.reason


def test_explain_is_french_and_complete(small_tender):
    text = score(small_tender).explain("O1")
    assert text.startswith("Offre O1") and "Prix" in text and "Rang" in text


# ----------------------------------------------------------------- properties
formulas = st.sampled_from(["proportional", "linear", "relative_gap"])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 7), formulas)
def test_totals_within_bounds(seed, n, formula):
    ev = score(build_tender(n, seed=seed, formula=formula))
    for offer in ev.tender.offers:
        assert 0 <= ev.total(offer.id) <= 100
    for ln in ev.lines:
        assert 0 <= ln.points <= Fraction(ln.weight)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 7), formulas, st.randoms(use_true_random=False))
def test_reordering_offers_changes_no_total(seed, n, formula, rnd):
    tender = build_tender(n, seed=seed, formula=formula)
    offers = list(tender.offers)
    rnd.shuffle(offers)
    shuffled = tender.model_copy(update={"offers": tuple(offers)})
    a, b = score(tender), score(shuffled)
    assert {o.id: a.total(o.id) for o in offers} == {o.id: b.total(o.id) for o in offers}
    assert dict(a.ranks) == dict(b.ranks)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), formulas, st.sampled_from(["tech.q", "env"]))
def test_raising_a_mark_never_lowers_total_nor_rank(seed, n, formula, criterion):
    tender = build_tender(n, seed=seed, formula=formula)
    marks = dict(committee_means(tender))
    target = tender.offers[0].id
    before = score(tender, marks)
    marks[(target, criterion)] = min(Fraction(5), marks[(target, criterion)] + 1)
    after = score(tender, marks)
    assert after.total(target) >= before.total(target)
    assert after.ranks[target] <= before.ranks[target]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6), formulas)
def test_dominated_offer_never_ranks_above_its_dominator(seed, n, formula):
    tender = build_tender(n, seed=seed, formula=formula)
    data = tender.model_dump()
    a, b = data["offers"][0], data["offers"][1]
    # B is dominated by A: dearer (or equal), slower (or equal), marked lower (or equal).
    b["price"] = max(a["price"], b["price"])
    b["values"]["delai"] = max(a["values"]["delai"], b["values"]["delai"])
    tender = Tender.model_validate(data)
    means = committee_means(tender)
    marks = dict(means)
    for crit in ("tech.q", "env"):
        marks[(b["id"], crit)] = min(means[(a["id"], crit)], means[(b["id"], crit)])
    ev = score(tender, marks)
    assert ev.ranks[a["id"]] <= ev.ranks[b["id"]]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(2, 6),
    st.integers(1, 3),
    formulas,
    st.sampled_from([None, 8, 14]),
    st.lists(
        st.tuples(st.integers(0, 20), st.sampled_from(["tech.q", "env"]), st.integers(0, 5)),
        min_size=1,
        max_size=3,
    ),
)
def test_with_marks_is_score_with_the_changed_marks(seed, n, lots, formula, threshold, changes):
    """The what-if re-scoring of a few marks gives exactly what a full score() gives."""
    tender = build_tender(n, seed=seed, formula=formula, lots=lots, threshold=threshold)
    marks = dict(committee_means(tender))
    now = score(tender, marks)
    ids = [o.id for o in tender.offers]
    changed = {(ids[i % len(ids)], crit): Fraction(level) for i, crit, level in changes}
    fast, full = now.with_marks(changed), score(tender, {**marks, **changed})
    assert fast.lines == full.lines
    assert dict(fast.totals) == dict(full.totals)
    assert dict(fast.eliminated) == dict(full.eliminated)
    assert dict(fast.ranks) == dict(full.ranks)
    assert all(fast.winners(lot.id) == full.winners(lot.id) for lot in tender.lots)


def test_with_marks_refuses_what_is_not_a_mark(small_tender):
    from efc_scoring.errors import ParameterError

    now = score(small_tender)
    with pytest.raises(ParameterError, match="pas noté par la commission"):
        now.with_marks({("O1", "prix"): 3})
    with pytest.raises(ParameterError, match="inconnue"):
        now.with_marks({("O9", "env"): 3})
    assert now.with_marks({}) is now
