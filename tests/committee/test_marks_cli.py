"""Marks are never silently ignored: import writes the tender's scores.csv (keeping the previous
one), warns cell by cell about justifications that name another bidder, and every command
says which marks file it read."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path
from efc_scoring.cli import app
from efc_scoring.excel import write_grids

runner = CliRunner()
LEVEL, WHY = 10, 11  # columns J and K of the « Grille » sheet (1-based)


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), target)
    return target


def fill_from_sample(folder, grids_dir, change=None):
    """Fill every grid with the sample's marks; ``change[(evaluator, offer, criterion)]``
    overrides a (level, justification)."""
    tender = load_tender(folder)
    marks = {(s.evaluator, s.offer, s.criterion): (s.value, s.justification) for s in tender.marks}
    marks.update(change or {})
    paths = []
    for path in write_grids(tender, grids_dir, propose=False):
        evaluator = path.stem.removeprefix("grille-")
        wb = openpyxl.load_workbook(path)
        for row in wb["Grille"].iter_rows(min_row=5):
            level, why = marks[(evaluator, row[0].value, row[1].value)]
            row[LEVEL - 1].value, row[WHY - 1].value = int(level), why
        wb.save(path)
        paths.append(path)
    return paths


def test_import_writes_the_tenders_scores_keeps_the_previous_and_warns(folder, tmp_path):
    before = (folder / "scores.csv").read_text(encoding="utf-8")
    why = 'Moins précis que Hygiène Pro, « sans "bilan" » ; reprise; =SOMME(A1), ok'
    grids = fill_from_sample(
        folder, tmp_path / "grilles", {("technicien", "O4", "env.emballages"): (1, why)}
    )
    result = runner.invoke(app, ["import", str(folder), *map(str, grids)])
    assert result.exit_code == 0, result.output
    backups = list(folder.glob("scores.csv.bak-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    assert f"Notes précédentes gardées dans {backups[0]}" in result.output
    assert f"60 notes de 3 évaluateurs écrites dans {folder / 'scores.csv'}" in result.output
    # the warning names the cell, the offer, the criterion and whom the text designates
    assert "grille-technicien.xlsx [Grille!K" in result.output
    assert "(offre O4, critère env.emballages)" in result.output
    assert "« Hygiène Pro » (nom abrégé du candidat, offre O3)" in result.output
    # what import writes, load_tender reads back identically (commas, quotes, semicolons, =)
    reread = load_tender(folder)
    (mark,) = [
        s
        for s in reread.marks
        if (s.evaluator, s.offer, s.criterion) == ("technicien", "O4", "env.emballages")
    ]
    assert mark.justification == why
    assert not (tmp_path / "scores.csv").exists() and not (folder.parent / "scores.csv").exists()


def test_reimport_then_agenda_shows_the_new_marks(folder, tmp_path):
    """The scenario of issue 13: corrected grids re-imported, the agenda must follow."""
    grids = fill_from_sample(folder, tmp_path / "v1")
    assert runner.invoke(app, ["import", str(folder), *map(str, grids)]).exit_code == 0
    first = json.loads(
        runner.invoke(app, ["agenda", str(folder), "--no-evidence", "--json"]).stdout
    )
    assert {(it["offer"], it["criterion"]) for it in first["items"]} == {
        ("O2", "coop"),
        ("O5", "env.transport"),
    }
    corrected = fill_from_sample(
        folder,
        tmp_path / "v2",
        {("agente", "O2", "coop"): (4, "Bilan annuel ouvert aux agents : engagement ferme.")},
    )
    again = runner.invoke(app, ["import", str(folder), *map(str, corrected), "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["backup"]
    shown = runner.invoke(app, ["agenda", str(folder), "--no-evidence", "--json"])
    assert [(it["offer"], it["criterion"]) for it in json.loads(shown.stdout)["items"]] == [
        ("O5", "env.transport")
    ]
    assert f"Notes lues : {folder / 'scores.csv'} (60 notes de 3 évaluateurs)" in shown.output


@pytest.mark.parametrize(
    "command",
    [
        ["score"],
        ["agreement"],
        ["agenda", "--no-evidence"],
        ["robustness", "--n", "200"],
        ["letter", "--offer", "O3", "--provisoire"],
    ],
)
def test_every_command_that_reads_marks_takes_scores_and_says_which(folder, tmp_path, command):
    other = tmp_path / "autres-notes.csv"
    lines = (folder / "scores.csv").read_text(encoding="utf-8").splitlines()
    other.write_text("\n".join(lines[:1] + lines[1:]) + "\n", encoding="utf-8")
    result = runner.invoke(app, [command[0], str(folder), *command[1:], "--scores", str(other)])
    assert result.exit_code == 0, result.output
    assert f"Notes lues : {other} (60 notes de 3 évaluateurs)" in result.output
