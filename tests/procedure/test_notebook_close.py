"""Notebook 05 closes the final round on the figures the command line gives: the prices
compared include the PSE retained, as `efc-scoring score` and `procedure close` read them."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring.cli import app
from efc_scoring.procedure import read_records

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "05-procedure.ipynb"


def test_notebook_05_closes_the_final_round_as_the_cli_scores_it(monkeypatch) -> None:
    pytest.importorskip("IPython")
    monkeypatch.chdir(ROOT)
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    for n, cell in enumerate(c for c in cells if c["cell_type"] == "code"):
        exec(compile("".join(cell["source"]), f"05-procedure, cell {n}", "exec"), namespace)
    folder = Path(namespace["folder"])
    try:
        closure = read_records(folder / "journal-commission.jsonl").closure("finale")
        assert closure is not None
        closed = {o: Fraction(t) for o, t in closure.totals}
        result = CliRunner().invoke(app, ["score", str(folder / "rounds" / "finale"), "--json"])
        assert result.exit_code == 0, result.output
        scored = {r["offer"]: r["total"] for r in json.loads(result.stdout)}
        assert set(closed) == set(scored) == {"O1", "O2", "O3", "O4"}
        for offer, total in closed.items():
            assert float(total) == pytest.approx(scored[offer], abs=1e-9)
        # the PSE counts: on the base prices alone the totals would differ
        base = namespace["base_only"]
        assert any(base.totals[o] != total for o, total in closed.items())
    finally:
        shutil.rmtree(namespace["work"], ignore_errors=True)
