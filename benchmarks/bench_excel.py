"""Benchmark of the Excel grids (issue 15): writing, reading back, memory.

Everything is measured in the same run against references doing the same work, rounds
interleaved, medians printed with the target beside each ratio:

- **writing** 12 grids (12 evaluators x 30 offers x 40 rubric criteria, 1,200 rows each):
  ``write_grids`` (protected, validated, rich text, digest, in XlsxWriter's
  constant_memory mode) against XlsxWriter and openpyxl writing the same cells raw: the
  same strings and numbers, and the same two formulas a row (the weight, with its value,
  and the points), no styles, no validation. Target: at most 1.5 times raw XlsxWriter
  (issue 15 measured 1.45 before constant_memory). Until 0af4ba7 the reference also
  looked each row's offer up with ``tender.offers.index(o)``, a pydantic comparison with
  every earlier offer (0.21 s of its 1.9 s): the same write_grids read 1.47-1.52x against
  it, 1.68-1.72x against today's, in one process. The 1.08x an earlier note quotes is not
  reproduced by the code and benchmark of its time (41bc4c2: 1.63x; e2c97b4: 1.59x).
- **reading** the 12 grids once filled, twice: as openpyxl saves them (inline strings)
  and as LibreOffice saves them (shared strings, what an evaluator's spreadsheet program
  returns, when ``soffice`` is installed): ``read_grids`` (the preflight's bounded pass,
  python-calamine, every check, the digest) against python-calamine reading the values
  of every sheet of the same files. Target: at most 2 times python-calamine.
- **memory** of writing ONE grid of 300 offers x 40 criteria (12,000 rows): the peak of
  Python allocations (tracemalloc) of ``write_grids`` against raw XlsxWriter in
  constant_memory mode writing the same cells of the same three sheets (the same texts,
  the offer and criterion labels worded as in the grid, and the same formulas) straight
  from the same tender, with no format, height, validation nor protection; and how each
  grows from 30 to 300 offers. Target: at most 1.3 times. (Until issue 15's last session
  the reference wrote shorter labels without the grid's « — »: XlsxWriter's close then
  copied each sheet in one-byte-per-character chunks, and its peak was 0.53 MiB instead
  of 0.71.)
  Measured in a separate pass (tracemalloc slows allocation).

Ratios matter more than seconds: the machines are shared and noisy (the load average is
printed). Run: ``.venv/bin/python benchmarks/bench_excel.py [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
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


def raw_rows(tender):
    """The cells of a grid, row by row, from the tender (generated, never all held): the
    texts a grid shows (keys, lot, the offer and criterion labels and the question as the
    grid words them, the answer), the weight (a number) and the two formulas' texts."""
    from itertools import islice

    from efc_scoring.excel._template import iter_grid_rows, offer_labels

    leaves = tender.leaves[1:]  # the rubric criteria (the price is not in the grid)
    offers = offer_labels(tender, False)
    # the criterion's label and question as the grid words them (the first offer's rows)
    worded = [
        (g.criterion_label, g.question) for g in islice(iter_grid_rows(tender, False), len(leaves))
    ]
    r = 5
    for o in tender.offers:
        for i, leaf in enumerate(leaves):
            q = tender.questions_for(leaf.id)[0]
            label, question = worded[i]
            yield (
                [
                    o.id,
                    leaf.id,
                    o.lot,
                    offers[o.id][1],
                    label,
                    question,
                    o.answers[q.id],
                ],
                float(leaf.weight),
                f"=Consignes!$D${10 + i}",
                f'=IF(ISNUMBER(J{r}),L{r}*J{r}/5,"")',
            )
            r += 1


def raw_xlsxwriter(tender, path: Path, constant_memory: bool) -> None:
    """The same cells as a grid, in its three sheets (the guide's cells, the grid's texts,
    weights and two formulas a row, one metadata row a grid row), nothing else: no format,
    row height, validation nor protection."""
    import xlsxwriter

    from efc_scoring.excel._template import guide_layout

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    guide, grid, meta = (wb.add_worksheet(n) for n in ("Consignes", "Grille", "_meta"))
    layout = guide_layout(tender, tender.evaluators[0], False)
    for row, col, value, _ in sorted(layout.cells, key=lambda c: (c[0], c[1])):
        if isinstance(value, int | float | Decimal):
            guide.write_number(row, col, float(value))
        else:
            guide.write_string(row, col, str(value))
    for r, (texts, weight, weight_formula, points) in enumerate(raw_rows(tender), 4):
        for c, text in enumerate(texts):
            grid.write_string(r, c, text)
        grid.write_formula(r, 11, weight_formula, None, weight)
        grid.write_formula(r, 12, points, None, "")
        meta.write_string(r - 4, 0, f"proposition {texts[0]} {texts[1]}")
        meta.write_string(r - 4, 1, "|0123456789abcdef")
    wb.close()


def raw_openpyxl(tender, path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for texts, _weight, weight_formula, points in raw_rows(tender):  # openpyxl stores no value
        ws.append([*texts, None, None, None, None, weight_formula, points])
    wb.save(path)


def fill(paths, out: Path) -> list[Path]:
    """Fill every grid as an evaluator would (openpyxl: not ours)."""
    import openpyxl

    out.mkdir()
    done = []
    for i, path in enumerate(paths):
        wb = openpyxl.load_workbook(path)
        for j, row in enumerate(wb["Grille"].iter_rows(min_row=5)):
            row[9].value, row[10].value = (i + j) % 6, f"Motif {j}"
        wb.save(out / path.name)
        done.append(out / path.name)
    return done


def calamine_values(paths) -> None:
    from python_calamine import CalamineWorkbook

    for path in paths:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def timed(fn) -> tuple[float, float]:
    """Wall and CPU time of ``fn()`` (CPU time counts this process only: on a loaded
    machine it moves less than wall time)."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def peak(fn) -> float:
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 2**20


def line(label: str, ours: float, ref: float, target: str, unit: str = "s") -> None:
    print(
        f"  {label:<58} {ours:8.2f} {unit} / {ref:8.2f} {unit} = {ours / ref:5.2f}x"
        f"   target <= {target}"
    )


def lines(label: str, ours: str, ref: str, target: str, med: dict[str, float]) -> None:
    """The ratio in CPU time and in wall time, each a median of the rounds."""
    line(f"{label}, CPU", med[f"{ours} cpu"], med[f"{ref} cpu"], target)
    line(f"{label}, wall", med[ours], med[ref], target)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluators", type=int, default=12)
    parser.add_argument("--offers", type=int, default=30)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--memory-offers", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from efc_scoring.excel import read_grids, write_grids
    from efc_scoring.excel.libreoffice import convert, find_soffice

    tender = build(args.evaluators, args.offers, args.rows)
    one = build(1, args.offers, args.rows)
    n_rows = args.offers * args.rows
    print(
        f"{args.evaluators} grids of {n_rows} rows ({args.offers} offers x {args.rows} criteria); "
        f"load average {os.getloadavg()[0]:.1f}; medians of {args.rounds} rounds"
    )
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        paths = write_grids(tender, out / "grids", propose=False)
        filled = {"openpyxl": fill(paths, out / "filled")}
        if find_soffice() is not None:
            filled["LibreOffice"] = convert(filled["openpyxl"], out / "lo", "xlsx")
        for name, files in filled.items():
            assert len(read_grids(tender, files)) == args.evaluators * n_rows, name
        for k in range(args.rounds):
            scratch = out / f"round{k}"
            scratch.mkdir()

            def raw_xw(scratch=scratch):
                for e in range(args.evaluators):
                    raw_xlsxwriter(one, scratch / f"xw-{e}.xlsx", constant_memory=True)

            def raw_op(scratch=scratch):
                for e in range(args.evaluators):
                    raw_openpyxl(one, scratch / f"op-{e}.xlsx")

            rounds = {
                "raw XlsxWriter": raw_xw,
                "raw openpyxl": raw_op,
                "write_grids": lambda scratch=scratch: write_grids(
                    tender, scratch / "g", propose=False
                ),
            }
            for name, files in filled.items():
                rounds[f"calamine {name}"] = lambda files=files: calamine_values(files)
                rounds[f"read_grids {name}"] = lambda files=files: read_grids(tender, files)
            for label, fn in rounds.items():
                wall, cpu = timed(fn)
                times.setdefault(label, []).append(wall)
                times.setdefault(f"{label} cpu", []).append(cpu)
            shutil.rmtree(scratch)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"Writing {args.evaluators} grids (same cells and formulas on every side):")
        lines("write_grids / raw XlsxWriter", "write_grids", "raw XlsxWriter", "1.5x", med)
        print(
            f"  {'write_grids / raw openpyxl':<58} {med['write_grids'] / med['raw openpyxl']:5.2f}x"
            "   (for information)"
        )
        print("Reading them back, filled:")
        for name in filled:
            lines(
                f"read_grids / python-calamine, saved by {name}",
                f"read_grids {name}",
                f"calamine {name}",
                "2x",
                med,
            )
        mem: dict[str, list[float]] = {}
        for offers in (args.offers, args.memory_offers):
            big = build(1, offers, args.rows)
            for k in range(args.rounds):
                target = out / f"mem{offers}-{k}"
                target.mkdir()
                raw = peak(lambda t=target, b=big: raw_xlsxwriter(b, t / "r.xlsx", True))
                ours = peak(lambda t=target, b=big: write_grids(b, t / "g", propose=False))
                mem.setdefault(f"raw {offers}", []).append(raw)
                mem.setdefault(f"ours {offers}", []).append(ours)
                shutil.rmtree(target)
        m = {k: statistics.median(v) for k, v in mem.items()}
        small, large = args.offers, args.memory_offers
        print(
            f"Peak Python allocations writing ONE grid of {large} offers "
            f"({large * args.rows:,} rows), tracemalloc:"
        )
        line(
            "write_grids / raw XlsxWriter constant_memory, same cells",
            m[f"ours {large}"],
            m[f"raw {large}"],
            "1.3x",
            "MiB",
        )
        print(
            f"  growth from {small} to {large} offers: write_grids "
            f"{m[f'ours {large}'] - m[f'ours {small}']:+.2f} MiB, raw "
            f"{m[f'raw {large}'] - m[f'raw {small}']:+.2f} MiB"
        )
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1024
        print(
            f"write_grids: {med['write_grids'] / args.evaluators * 1000:.0f} ms a grid; "
            f"read_grids: {med['read_grids openpyxl'] / args.evaluators * 1000:.0f} ms a grid; "
            f"grid file {size:.0f} KiB"
        )


if __name__ == "__main__":
    main()
