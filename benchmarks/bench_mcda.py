"""Benchmark of the weight sensitivity (issue 15): 30 offers x 15 criteria, 100,000 draws.

Everything is measured in the same run, BLAS pinned to one thread on every side
(the library pins it inside its kernels; the references run under
``threadpool_limits(1, "blas")``), rounds interleaved, best of each side:

- :func:`efc_scoring.mcda.sensitivity`, end to end (the lot's
  exact data, draws, scores, first places; then with every rank);
- a lean numpy pipeline doing the same work with nothing else: raw gamma draws
  around the same weights, one matrix product, ``argmax`` (or ``argsort``) and
  counts, chunked like the library;
- scikit-criteria called once per weight vector (``mkdm`` then
  ``WeightedSumModel``, or ``VectorScaler`` + ``TOPSIS``), on a sample of the
  same vectors, whose rankings must be identical to the library's.

Targets (issue 15), printed beside each figure: at least 1,000 times
scikit-criteria per draw; at most 1.2 times the lean pipeline; 100,000 draws in
at most 0.1 s on an idle core (the load average is printed: on a shared machine
the absolute time is only indicative, the ratios are what a run can vouch for).

Run: ``.venv/bin/python benchmarks/bench_mcda.py [--n 100000] [--rounds 7]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import warnings
from decimal import Decimal

import numpy as np
from threadpoolctl import threadpool_limits

OFFERS, CRITERIA = 30, 15
CHUNK = 8_192


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


def lean_first(matrix: np.ndarray, alpha: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Draws, product, first place, counts: nothing else (the reference)."""
    rng = np.random.default_rng(seed)
    shares = np.ascontiguousarray(matrix.T)
    wins = np.zeros(matrix.shape[0], dtype=np.int64)
    with threadpool_limits(1, user_api="blas"):
        for start in range(0, n, CHUNK):
            w = rng.standard_gamma(alpha, size=(min(CHUNK, n - start), alpha.size))
            wins += np.bincount((w @ shares).argmax(axis=1), minlength=matrix.shape[0])
    return wins


def lean_ranks(matrix: np.ndarray, alpha: np.ndarray, n: int, seed: int) -> np.ndarray:
    """Draws, product, every rank, counts: nothing else (the reference)."""
    rng = np.random.default_rng(seed)
    shares = np.ascontiguousarray(matrix.T)
    m = matrix.shape[0]
    counts = np.zeros((m, m), dtype=np.int64)
    with threadpool_limits(1, user_api="blas"):
        for start in range(0, n, CHUNK):
            w = rng.standard_gamma(alpha, size=(min(CHUNK, n - start), alpha.size))
            order = np.argsort(w @ shares, axis=1)
            for rank in range(m):
                counts[:, rank] += np.bincount(order[:, m - 1 - rank], minlength=m)
    return counts


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleaved(pairs: dict[str, object], rounds: int) -> dict[str, list[float]]:
    """Run every function once per round, in a rotating order; every time kept."""
    names = list(pairs)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            times[name].append(_timed(pairs[name]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="weight vectors (library, lean)")
    parser.add_argument("--sample", type=int, default=300, help="vectors for scikit-criteria")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds")
    args = parser.parse_args()

    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.scalers import VectorScaler

    from efc_scoring import score
    from efc_scoring.mcda import draw_weights, rank_draws, sensitivity

    tender, marks = build_tender()
    evaluation = score(tender, marks)
    n, seed = args.n, 1
    share = {(ln.offer, ln.criterion): float(ln.share) for ln in evaluation.lines}
    matrix = np.array([[share[(o.id, c.id)] for c in tender.leaves] for o in tender.offers])
    base = np.array([float(c.weight) for c in tender.leaves])
    alpha = 100.0 * base / base.sum()  # the library's default concentration

    # the library and the lean pipeline agree before they are timed
    ours = sensitivity(evaluation, n=n, seed=seed, ranks=True, progress=False)
    lean = lean_ranks(matrix, alpha, n, seed)
    assert np.allclose(np.array(ours.rank_probability), lean / n), "rank counts differ"
    assert np.allclose(ours.p_first, lean_first(matrix, alpha, n, seed) / n), "wins differ"

    times = interleaved(
        {
            "sensitivity() weighted sum, first places": lambda: sensitivity(
                evaluation, n=n, seed=seed, progress=False
            ),
            "lean numpy: draws, product, argmax, counts": lambda: lean_first(
                matrix, alpha, n, seed
            ),
            "sensitivity(ranks=True) weighted sum": lambda: sensitivity(
                evaluation, n=n, seed=seed, ranks=True, progress=False
            ),
            "lean numpy: draws, product, argsort, counts": lambda: lean_ranks(
                matrix, alpha, n, seed
            ),
            "sensitivity() TOPSIS, first places": lambda: sensitivity(
                evaluation, n=n, seed=seed, method="topsis", progress=False
            ),
        },
        args.rounds,
    )

    sample = draw_weights(evaluation, n=args.sample, seed=seed)
    criteria = [c.id for c in tender.leaves]

    def sk_run(model):  # type: ignore[no-untyped-def]
        out = []
        with warnings.catch_warnings(), threadpool_limits(1, user_api="blas"):
            warnings.simplefilter("ignore")
            for w in sample:
                dm = skc.mkdm(matrix, [max] * CRITERIA, weights=w, criteria=criteria)
                out.append(model.evaluate(dm).rank_)
        return np.array(out)

    sk_time = {}
    t0 = time.perf_counter()
    sk_wsm = sk_run(WeightedSumModel())
    sk_time["weighted sum"] = (time.perf_counter() - t0) / len(sample)
    t0 = time.perf_counter()
    sk_top = sk_run(mkpipe(VectorScaler(target="matrix"), TOPSIS()))
    sk_time["TOPSIS"] = (time.perf_counter() - t0) / len(sample)
    same_wsm = bool((rank_draws(evaluation, sample, dense=True) == sk_wsm).all())
    same_top = bool((rank_draws(evaluation, sample, method="topsis", dense=True) == sk_top).all())

    best = {name: min(runs) for name, runs in times.items()}
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{OFFERS} offers x {CRITERIA} criteria; {n:,} weight vectors ({len(sample)} for "
        f"scikit-criteria); best of {args.rounds} interleaved rounds; BLAS on one thread; "
        f"load average {load} on {os.cpu_count()} cores"
    )
    for name, seconds in best.items():
        print(f"  {name:<46} {1000 * seconds:8.1f} ms  {n / seconds:>14,.0f} vectors/s")
    for name, seconds in sk_time.items():
        print(f"  scikit-criteria {name}, per vector{'':<17} {1 / seconds:>23,.0f} vectors/s")

    def ratio_line(label: str, ours: str, ref: str, target: str) -> None:
        per_round = [a / b for a, b in zip(times[ours], times[ref], strict=True)]
        print(
            f"  {label:<60} {best[ours] / best[ref]:7.2f}x   target <= {target}"
            f"   (median of the rounds' ratios {statistics.median(per_round):.2f}x)"
        )

    print("ratios")
    for name, method in (
        ("sensitivity() weighted sum, first places", "weighted sum"),
        ("sensitivity() TOPSIS, first places", "TOPSIS"),
    ):
        label = f"rate of sensitivity() {method} / scikit-criteria per draw"
        print(f"  {label:<60} {sk_time[method] * n / best[name]:>7,.0f}x   target >= 1,000x")
    ratio_line(
        "time of sensitivity() / lean numpy (first places)",
        "sensitivity() weighted sum, first places",
        "lean numpy: draws, product, argmax, counts",
        "1.2x",
    )
    ratio_line(
        "time of sensitivity(ranks=True) / lean numpy (every rank)",
        "sensitivity(ranks=True) weighted sum",
        "lean numpy: draws, product, argsort, counts",
        "1.2x",
    )
    scale = 100_000 / n
    for label, name in (
        ("100,000 draws, sensitivity() weighted sum", "sensitivity() weighted sum, first places"),
        (
            "100,000 draws, sensitivity(ranks=True) weighted sum",
            "sensitivity(ranks=True) weighted sum",
        ),
    ):
        print(f"  {label:<60} {1000 * best[name] * scale:>5.0f} ms   target <= 100 ms, idle core")
    print(f"identical rankings on the sample: weighted sum {same_wsm}, TOPSIS {same_top}")


if __name__ == "__main__":
    main()
