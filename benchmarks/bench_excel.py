"""Benchmark of the Excel grids: 12 evaluators x 30 offers x 40 rubric criteria.

Prints, for the grids of the whole committee (12 files of 1,200 rows each):

- ``write_grids`` (protected, validated, rich text, formulas with values, digest)
  beside XlsxWriter and openpyxl writing the same cells raw (the floor of each
  library: same strings and numbers, no styles, no validation);
- ``read_grids`` of the filled grids (preflight, openpyxl, checks by key, digest);
- the peak of Python allocations (tracemalloc) of each step for ONE grid, measured
  in a second pass (tracemalloc slows allocation-heavy code several times, so the
  timings are taken without it), and the process's maximum resident size.

Ratios matter more than seconds: the machines are shared and noisy.
Run: ``.venv/bin/python benchmarks/bench_excel.py [--evaluators 12 --offers 30 --rows 40]``.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

WORDS = (
    "nous",
    "reprenons",
    "les",
    "bidons",
    "vides",
    "livraisons",
    "regroupées",
    "agents",
    "formation",
    "bilan",
    "semestriel",
    "100 %",
    "dès",
    "la",
    "première",
    "année",
    "comité",
    "de",
    "suivi",
    "avec",
    "la",
    "Ville",
    "concentrés",
    "recharges",
    "réduction",
    "déchets",
)


def build(n_eval: int, n_offers: int, n_rows: int, seed: int = 0):
    from efc_scoring import Tender

    rng = random.Random(seed)
    w = (Decimal(60) / n_rows).quantize(Decimal("0.0001"))
    weights = [w] * n_rows
    weights[-1] += Decimal(60) - sum(weights)
    criteria = [
        {
            "id": "prix",
            "label": "Prix",
            "kind": "price",
            "weight": 40,
            "scoring": {"method": "price"},
        },
        {
            "id": "qual",
            "label": "Valeur technique et environnementale",
            "kind": "environment",
            "weight": 60,
            "children": [
                {
                    "id": f"c{i}",
                    "label": f"Critère {i}",
                    "kind": "environment",
                    "weight": wi,
                    "scoring": {"method": "rubric"},
                }
                for i, wi in enumerate(weights)
            ],
        },
    ]
    questions = [
        {
            "id": f"q{i}",
            "text": f"Question ouverte {i} : comment réduisez-vous l'impact ?",
            "axis": "packaging",
            "criterion": f"c{i}",
        }
        for i in range(n_rows)
    ]
    offers = [
        {
            "id": f"O{j}",
            "bidder": f"Candidat {j}",
            "lot": "L1",
            "price": Decimal(rng.randint(50_000, 90_000)),
            "answers": {
                f"q{i}": " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 120)))
                for i in range(n_rows)
            },
        }
        for j in range(n_offers)
    ]
    evaluators = [
        {"id": f"E{k}", "name": f"Évaluateur {k}", "role": "technical"} for k in range(n_eval)
    ]
    return Tender.model_validate(
        {
            "id": "BENCH",
            "title": "Banc d'essai",
            "buyer": "Ville",
            "procedure": "AO",
            "lots": [{"id": "L1", "label": "Lot"}],
            "criteria": criteria,
            "questions": questions,
            "evaluators": evaluators,
            "offers": offers,
        }
    )


def raw_cells(tender):
    rows = []
    for o in tender.offers:
        for leaf in tender.leaves[1:]:
            q = tender.questions_for(leaf.id)[0]
            rows.append(
                [
                    o.id,
                    leaf.id,
                    o.lot,
                    o.bidder,
                    leaf.label,
                    q.text,
                    o.answers[q.id],
                    None,
                    "",
                    None,
                    "",
                    float(leaf.weight),
                    None,
                ]
            )
    return rows


def measure(label: str, fn, memory: bool = False):
    if memory:
        tracemalloc.start()
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    if memory:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{label:<48} peak {peak / 2**20:7.1f} MiB")
    else:
        print(f"{label:<48} {elapsed:7.2f} s")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluators", type=int, default=12)
    parser.add_argument("--offers", type=int, default=30)
    parser.add_argument("--rows", type=int, default=40)
    args = parser.parse_args()
    tender = build(args.evaluators, args.offers, args.rows)
    cells = raw_cells(tender)
    print(
        f"{args.evaluators} grids of {len(cells)} rows "
        f"({args.offers} offers x {args.rows} criteria)"
    )
    times = run(tender, cells, args.evaluators, memory=False)
    print("Peak Python allocations for one grid (tracemalloc):")
    one = build(1, args.offers, args.rows)
    run(one, raw_cells(one), 1, memory=True)
    t_xw, t_op, t_grid, t_read, size = times
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"write_grids / raw XlsxWriter: {t_grid / t_xw:.2f}x; / raw openpyxl: {t_grid / t_op:.2f}x"
    )
    print(
        f"write_grids: {t_grid / args.evaluators * 1000:.0f} ms a grid; read_grids: "
        f"{t_read / args.evaluators * 1000:.0f} ms a grid; grid file {size:.0f} KiB; "
        f"max resident {rss:.0f} MiB"
    )


def run(tender, cells, n: int, memory: bool):
    import openpyxl
    import xlsxwriter

    from efc_scoring.excel import read_grids, write_grids

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def raw_xlsxwriter():
            for k in range(n):
                wb = xlsxwriter.Workbook(str(out / f"xw-{k}.xlsx"))
                ws = wb.add_worksheet("Grille")
                for r, row in enumerate(cells):
                    for c, v in enumerate(row):
                        if isinstance(v, str):
                            ws.write_string(r, c, v)
                        elif v is not None:
                            ws.write_number(r, c, v)
                wb.close()

        def raw_openpyxl():
            for k in range(n):
                wb = openpyxl.Workbook()
                ws = wb.active
                for row in cells:
                    ws.append(row)
                wb.save(out / f"op-{k}.xlsx")

        _, t_xw = measure("XlsxWriter, same cells raw", raw_xlsxwriter, memory)
        _, t_op = measure("openpyxl, same cells raw", raw_openpyxl, memory)
        paths, t_grid = measure(
            "write_grids (protected, validated, digest)",
            lambda: write_grids(tender, out / "grids", propose=False),
            memory,
        )
        filled_dir = out / "filled"
        filled_dir.mkdir()

        def fill():
            done = []
            for i, path in enumerate(paths):
                wb = openpyxl.load_workbook(path)
                for j, row in enumerate(wb["Grille"].iter_rows(min_row=5)):
                    row[9].value, row[10].value = (i + j) % 6, f"Motif {j}"
                wb.save(filled_dir / path.name)
                done.append(filled_dir / path.name)
            return done

        filled, _ = measure("fill the grids with openpyxl (not ours)", fill, memory)
        marks, t_read = measure(
            "read_grids (preflight, checks, digest)", lambda: read_grids(tender, filled), memory
        )
        assert len(marks) == n * len(cells)
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
    return t_xw, t_op, t_grid, t_read, size


if __name__ == "__main__":
    main()
