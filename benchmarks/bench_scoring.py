"""Benchmark of the foundation: import time, and scoring 1,000 offers x 40 criteria.

Prints figures beside references measured in the same run (ratios, since the
machines are shared and noisy):

- ``import efc_scoring`` against ``python -c pass`` and ``import pandas``;
- :func:`efc_scoring.score` on 1,000 offers x 40 leaf criteria against a bare
  numpy weighted sum of the same matrix (the exact, traceable computation costs
  more: the ratio says how much).

Run: ``.venv/bin/python benchmarks/bench_scoring.py``.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal


def _time_cmd(code: str, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def build(n_offers: int = 1000, n_criteria: int = 40, seed: int = 0):
    from efc_scoring import Tender

    rng = random.Random(seed)
    rubric = n_criteria - 2  # one price, one numeric, the rest marked on the rubric
    weights = [Decimal(60) / rubric] * rubric
    weights = [w.quantize(Decimal("0.0001")) for w in weights]
    weights[-1] += Decimal(60) - sum(weights)
    criteria = [
        {
            "id": "prix",
            "label": "Prix",
            "kind": "price",
            "weight": 30,
            "scoring": {"method": "price"},
        },
        {
            "id": "delai",
            "label": "Délai",
            "kind": "quality",
            "weight": 10,
            "scoring": {"method": "numeric", "key": "delai", "direction": "lower_is_better"},
        },
        {
            "id": "qual",
            "label": "Qualité",
            "kind": "environment",
            "weight": 60,
            "children": [
                {
                    "id": f"c{i}",
                    "label": f"Critère {i}",
                    "kind": "environment",
                    "weight": w,
                    "scoring": {"method": "rubric"},
                }
                for i, w in enumerate(weights)
            ],
        },
    ]
    offers = [
        {
            "id": f"O{i}",
            "bidder": f"B{i}",
            "lot": "L1",
            "price": Decimal(rng.randint(5000, 9000)),
            "values": {"delai": Decimal(rng.randint(1, 9))},
        }
        for i in range(n_offers)
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
    marks = {(f"O{i}", f"c{j}"): rng.randint(0, 5) for i in range(n_offers) for j in range(rubric)}
    return tender, marks


def main() -> None:
    py = _time_cmd("pass")
    pkg = _time_cmd("import efc_scoring")
    pd_ = _time_cmd("import pandas")
    print(
        f"import efc_scoring: {pkg * 1000:.0f} ms (python -c pass {py * 1000:.0f} ms, "
        f"import pandas {pd_ * 1000:.0f} ms); cost beyond the interpreter "
        f"{(pkg - py) * 1000:.0f} ms = {(pkg - py) / max(pd_ - py, 1e-9):.2f} x pandas'"
    )

    import numpy as np

    from efc_scoring import score

    t0 = time.perf_counter()
    tender, marks = build()
    build_s = time.perf_counter() - t0
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        evaluation = score(tender, marks)
        runs.append(time.perf_counter() - t0)
    s = min(runs)
    matrix = np.random.default_rng(0).random((1000, 40))
    w = np.random.default_rng(1).random(40)
    t0 = time.perf_counter()
    for _ in range(100):
        matrix @ w
    ref = (time.perf_counter() - t0) / 100
    print(f"validate a tender of 1,000 offers x 40 criteria: {build_s:.2f} s")
    print(
        f"score 1,000 offers x 40 criteria (exact, traceable): {s:.3f} s "
        f"({len(evaluation.lines):,} lines); bare numpy weighted sum {ref * 1e6:.0f} µs; "
        f"ratio {s / ref:,.0f} x"
    )


if __name__ == "__main__":
    main()
