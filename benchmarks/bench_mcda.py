"""Benchmark of the vectorised weight sensitivity (issue 6): 30 offers x 15 criteria.

Weight vectors per second, all measured in the same run (the machines are shared
and noisy, so the ratios matter more than the rates):

- the vectorised weighted sum and TOPSIS of :mod:`efc_scoring.mcda` (scores
  of every offer under every weight vector, then how often each offer takes
  each rank and wins), and the
  whole :func:`efc_scoring.mcda.sensitivity.sensitivity` call on a 30-offer
  tender (draws, scores, ranks, rank distribution);
- scikit-criteria called once per weight vector (``mkdm`` then
  ``WeightedSumModel`` or ``VectorScaler`` + ``TOPSIS``), on a sample of the
  same vectors, whose rankings must be identical;
- a bare numpy matrix product of the same size (draws x 15 by 15 x 30).

Targets: at least 1,000 times scikit-criteria's rate with identical rankings,
and within 3 times of the bare matrix product.

Run: ``.venv/bin/python benchmarks/bench_mcda.py [--n 200000]``.
"""

from __future__ import annotations

import argparse
import random
import time
import warnings
from decimal import Decimal

import numpy as np

OFFERS, CRITERIA = 30, 15


def _best(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return min(runs)


def build_tender(seed: int = 0):  # type: ignore[no-untyped-def]
    """A one-lot tender: price (30 points) and 14 rubric criteria, 30 offers with marks."""
    from efc_scoring import Tender

    rng = random.Random(seed)
    rubric = CRITERIA - 1
    weights = [Decimal(5)] * rubric
    criteria = [
        {
            "id": "prix",
            "label": "Prix",
            "kind": "price",
            "weight": 30,
            "scoring": {"method": "price", "formula": "linear"},
        }
    ]
    criteria += [
        {
            "id": f"c{i}",
            "label": f"Critère {i}",
            "kind": "environment",
            "weight": w,
            "scoring": {"method": "rubric"},
        }
        for i, w in enumerate(weights)
    ]
    offers = [
        {"id": f"O{i}", "bidder": f"B{i}", "lot": "L1", "price": Decimal(rng.randint(5000, 9000))}
        for i in range(OFFERS)
    ]
    tender = Tender.model_validate(
        {
            "id": "B",
            "title": "bench",
            "buyer": "b",
            "procedure": "AO",
            "lots": [{"id": "L1", "label": "L"}],
            "criteria": criteria,
            "offers": offers,
        }
    )
    marks = {
        (f"O{i}", f"c{j}"): Decimal(rng.randint(0, 50)) / 10
        for i in range(OFFERS)
        for j in range(rubric)
    }
    return tender, marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="weight vectors (vectorised)")
    parser.add_argument("--sample", type=int, default=300, help="vectors for scikit-criteria")
    args = parser.parse_args()

    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.scalers import VectorScaler

    from efc_scoring import score
    from efc_scoring.mcda import _kernels
    from efc_scoring.mcda.sensitivity import draw_weights, rank_draws, sensitivity

    tender, marks = build_tender()
    evaluation = score(tender, marks)
    n = args.n
    weights = draw_weights(evaluation, n, seed=1)
    share = {(ln.offer, ln.criterion): float(ln.share) for ln in evaluation.lines}
    matrix = np.array([[share[(o.id, c.id)] for c in tender.leaves] for o in tender.offers])
    tables = _kernels.topsis_tables(matrix)

    bare = _best(lambda: weights @ matrix.T)
    wsm_scores = _best(lambda: _kernels.wsm_scores(matrix, weights))
    wsm_ranked = _best(
        lambda: _kernels.rank_counts(_kernels.wsm_scores(matrix, weights), _kernels.WSM_TOL)
    )
    top_scores = _best(lambda: _kernels.topsis_scores(tables, weights))
    top_ranked = _best(
        lambda: _kernels.rank_counts(_kernels.topsis_scores(tables, weights), _kernels.TOPSIS_TOL)
    )
    whole = _best(lambda: sensitivity(evaluation, n=n, seed=1, progress=False), repeat=3)
    whole_topsis = _best(
        lambda: sensitivity(evaluation, n=n, seed=1, method="topsis", progress=False), repeat=3
    )

    sample = weights[: args.sample]
    criteria = [c.id for c in tender.leaves]
    topsis_pipe = mkpipe(VectorScaler(target="matrix"), TOPSIS())

    def sk_run(model):  # type: ignore[no-untyped-def]
        out = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for w in sample:
                dm = skc.mkdm(matrix, [max] * CRITERIA, weights=w, criteria=criteria)
                out.append(model.evaluate(dm).rank_)
        return np.array(out)

    t0 = time.perf_counter()
    sk_wsm = sk_run(WeightedSumModel())
    sk_wsm_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    sk_top = sk_run(topsis_pipe)
    sk_top_time = time.perf_counter() - t0
    ours_wsm = rank_draws(evaluation, sample, dense=True)
    ours_top = rank_draws(evaluation, sample, method="topsis", dense=True)

    def rate(seconds: float, count: int) -> float:
        return count / seconds

    rows = [
        ("bare numpy matrix product", rate(bare, n)),
        ("weighted sum: scores", rate(wsm_scores, n)),
        ("weighted sum: scores + rank counts", rate(wsm_ranked, n)),
        ("TOPSIS: scores", rate(top_scores, n)),
        ("TOPSIS: scores + rank counts", rate(top_ranked, n)),
        ("sensitivity() weighted sum, end to end", rate(whole, n)),
        ("sensitivity() TOPSIS, end to end", rate(whole_topsis, n)),
        ("scikit-criteria WeightedSumModel, per vector", rate(sk_wsm_time, len(sample))),
        ("scikit-criteria VectorScaler+TOPSIS, per vector", rate(sk_top_time, len(sample))),
    ]
    print(
        f"{OFFERS} offers x {CRITERIA} criteria; {n} weight vectors "
        f"({len(sample)} for scikit-criteria)"
    )
    for name, r in rows:
        print(f"  {name:<50} {r:>14,.0f} vectors/s")
    base = dict(rows)
    sk_wsm_rate = base["scikit-criteria WeightedSumModel, per vector"]
    sk_top_rate = base["scikit-criteria VectorScaler+TOPSIS, per vector"]
    print("ratios")
    print(
        f"  weighted sum (scores + rank counts) / scikit-criteria "
        f"{base['weighted sum: scores + rank counts'] / sk_wsm_rate:>10,.0f}x"
    )
    print(
        f"  TOPSIS (scores + rank counts) / scikit-criteria       "
        f"{base['TOPSIS: scores + rank counts'] / sk_top_rate:>10,.0f}x"
    )
    for name in (
        "weighted sum: scores",
        "weighted sum: scores + rank counts",
        "TOPSIS: scores",
        "TOPSIS: scores + rank counts",
    ):
        slower = base["bare numpy matrix product"] / base[name]
        print(f"  time of {name:<36} / bare matrix product {slower:>6.2f}x")
    same_wsm, same_top = bool((ours_wsm == sk_wsm).all()), bool((ours_top == sk_top).all())
    print(f"identical rankings on the sample: weighted sum {same_wsm}, TOPSIS {same_top}")


if __name__ == "__main__":
    main()
