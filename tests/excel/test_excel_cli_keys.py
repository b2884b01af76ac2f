"""The buyer's key on the command line: --key-file or --key-env, and a signed grid
imported without it refused with the way to give it."""

from __future__ import annotations

import json

import openpyxl
from typer.testing import CliRunner

from efc_scoring import sample_path
from efc_scoring.cli import app

runner = CliRunner()


def _filled_signed_grid(tmp_path, key_file):
    result = runner.invoke(
        app,
        [
            "grids",
            str(sample_path("nettoyage")),
            "--out",
            str(tmp_path / "g"),
            "--no-propose",
            "--evaluator",
            "agente",
            "--key-file",
            str(key_file),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    [path] = json.loads(result.stdout)["grids"]
    wb = openpyxl.load_workbook(path)
    for row in wb["Grille"].iter_rows(min_row=5):
        row[9].value, row[10].value = 3, "Réponse correcte."
    wb.save(path)
    return path


def test_signed_grid_needs_the_key_from_a_file_or_the_environment(tmp_path, monkeypatch):
    key_file = tmp_path / "cle.txt"
    key_file.write_text("secret de l'acheteuse\n", encoding="utf-8")
    path = _filled_signed_grid(tmp_path, key_file)
    out = tmp_path / "scores.csv"
    base = ["import", str(sample_path("nettoyage")), path, "--out", str(out), "--json"]

    refused = runner.invoke(app, base)
    assert refused.exit_code == 1
    problems = json.loads(refused.stdout)
    assert [p["code"] for p in problems] == ["hmac_unverified"]
    assert "--key-env" in problems[0]["fix"] and not out.exists()

    assert runner.invoke(app, [*base, "--key-file", str(key_file)]).exit_code == 0
    monkeypatch.setenv("EFC_CLE_GRILLES", "secret de l'acheteuse")
    assert runner.invoke(app, [*base, "--key-env", "EFC_CLE_GRILLES"]).exit_code == 0
    monkeypatch.setenv("EFC_CLE_GRILLES", "une autre clé")
    wrong = runner.invoke(app, [*base, "--key-env", "EFC_CLE_GRILLES"])
    assert wrong.exit_code == 1
    assert [p["code"] for p in json.loads(wrong.stdout)] == ["hmac_mismatch"]


def test_key_options_refuse_nonsense_in_french(tmp_path, monkeypatch):
    key_file = tmp_path / "cle.txt"
    key_file.write_text("k", encoding="utf-8")
    grids = ["grids", str(sample_path("nettoyage")), "--out", str(tmp_path), "--no-propose"]
    monkeypatch.delenv("EFC_CLE_ABSENTE", raising=False)
    result = runner.invoke(app, [*grids, "--key-env", "EFC_CLE_ABSENTE"])
    assert result.exit_code == 1 and "EFC_CLE_ABSENTE est vide ou absente" in result.output
    result = runner.invoke(app, [*grids, "--key-env", "X", "--key-file", str(key_file)])
    assert result.exit_code == 1 and "pas les deux" in result.output
    result = runner.invoke(app, [*grids, "--key-file", str(tmp_path / "absent.txt")])
    assert result.exit_code == 1 and "fichier de clé introuvable" in result.output
    assert not list(tmp_path.glob("grille-*.xlsx"))
