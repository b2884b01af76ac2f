"""The how-to « des grilles retournées au rapport signé et aux lettres » runs as written.

Each ``sh`` block of ``docs/how-to/returned-grids.md`` runs in order in a fresh folder holding
a copy of ``data/samples``, with the installed ``efc-scoring`` on the PATH. Between the
blocks, the test does what people do: the evaluators fill their grids (with the sample's
marks), then the committee's secretary types its decisions into the agenda sheet.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from efc_scoring import load_tender
from efc_scoring.committee.ledger import Ledger

ROOT = Path(__file__).resolve().parents[2]
HOWTO = ROOT / "docs" / "how-to" / "returned-grids.md"
LEVEL, WHY = 10, 11  # columns J and K of the « Grille » sheet (1-based)


def blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", HOWTO.read_text(encoding="utf-8"), flags=re.DOTALL)


def run(block: str, cwd: Path) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-e", "-c", block], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def evaluators_fill_their_grids(cwd: Path) -> None:
    sample = load_tender(cwd / "data" / "samples" / "nettoyage")
    marks = {(s.evaluator, s.offer, s.criterion): s for s in sample.marks}
    for path in sorted((cwd / "grilles").glob("grille-*.xlsx")):
        evaluator = path.stem.removeprefix("grille-")
        wb = openpyxl.load_workbook(path)
        for row in wb["Grille"].iter_rows(min_row=5):
            mark = marks[(evaluator, row[0].value, row[1].value)]
            row[LEVEL - 1].value, row[WHY - 1].value = int(mark.value), mark.justification
        wb.save(path)


def committee_types_its_decisions(cwd: Path) -> None:
    decided = {
        ("O2", "coop"): (3, "Coopération réelle, mais les agents ne sont pas associés au bilan."),
        ("O5", "env.transport"): (2, "Le passage au bioGNV n'est qu'envisagé, sans échéance."),
    }
    path = cwd / "synthese.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Ordre du jour"]
    header = [c.value for c in ws[1]]
    level = header.index("Décision de la commission : niveau") + 1
    key = header.index("clé critère") + 1
    seen = set()
    for r in range(2, ws.max_row + 1):
        item = (ws.cell(r, 2).value, ws.cell(r, key).value)
        if item in decided and item not in seen:
            seen.add(item)
            ws.cell(r, level, decided[item][0])
            ws.cell(r, level + 1, decided[item][1])
    assert seen == set(decided)
    wb.save(path)


@pytest.mark.slow
def test_howto_runs_from_returned_grids_to_signed_report_and_letters(tmp_path):
    shutil.copytree(ROOT / "data" / "samples", tmp_path / "data" / "samples")
    steps = blocks()
    assert len(steps) == 4
    run(steps[0], tmp_path)
    evaluators_fill_their_grids(tmp_path)
    imported = run(steps[1], tmp_path)
    assert "60 notes de 3 évaluateurs écrites dans mon-marche/scores.csv" in imported
    committee_types_its_decisions(tmp_path)
    decided = run(steps[2], tmp_path)
    assert "Tous les points de l'ordre du jour sont tranchés" in decided
    final = run(steps[3], tmp_path)
    assert "Aucun point en désaccord" in final and "chaîne intacte" in final
    assert len(Ledger(tmp_path / "mon-marche" / "journal-commission.jsonl").entries()) == 2
    report = (tmp_path / "rapport" / "rapport-analyse-offres.html").read_text(encoding="utf-8")
    assert "PROVISOIRE" not in report and "décisions de la commission du" in report
    assert (tmp_path / "rapport" / "rapport-analyse-offres.docx").is_file()
    letters = sorted((tmp_path / "lettres").glob("lettre-*.html"))
    assert [p.stem for p in letters] == ["lettre-O2", "lettre-O3", "lettre-O4", "lettre-O5"]
    o2 = (tmp_path / "lettres" / "lettre-O2.md").read_text(encoding="utf-8")
    assert "décision de la commission du" in o2 and "les agents ne sont pas associés" in o2
    assert "Claire Morel" in o2 and "tribunal administratif de Lyon" in o2
    assert "27 mars 2027" in o2 and "PROVISOIRE" not in o2
