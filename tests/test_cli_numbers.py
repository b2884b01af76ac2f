"""Numbers typed on the command line go through the one number parser of the files: a level,
a users' weight or a price spread written `３`, `NaN`, `1e0` or `1_0` is refused with a French
message and exit code 1 or 2, never read, never an internal error."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from efc_scoring import sample_path
from efc_scoring.cli import app
from efc_scoring.committee.decisions import LEDGER_FILE

runner = CliRunner()
ODD = ["abc", "３", "٣", "NaN", "inf", "1e0", "3_0", "1e309"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    target = tmp_path_factory.mktemp("t") / "nettoyage"
    shutil.copytree(sample_path("nettoyage"), target)
    return target


@pytest.mark.parametrize("level", ODD)
def test_an_odd_consensus_level_is_refused_in_french(folder, level):
    args = ["consensus", str(folder), "--offer", "O2", "--criterion", "coop", "--level", level]
    result = runner.invoke(app, [*args, "--reason", "Motif."])
    assert result.exit_code == 1, result.output
    assert "le niveau" in result.output and "Erreur interne" not in result.output
    assert not isinstance(result.exception, ArithmeticError)
    assert not (folder / LEDGER_FILE).exists()


def test_a_level_written_the_french_way_is_read(folder, tmp_path):
    target = tmp_path / "t"
    shutil.copytree(folder, target)
    args = ["consensus", str(target), "--offer", "O2", "--criterion", "coop", "--level", "3,0"]
    result = runner.invoke(app, [*args, "--reason", "Motif."])
    assert result.exit_code == 0, result.output
    assert "niveau 3 " in result.output


@pytest.mark.parametrize("weight", ODD[1:])
def test_an_odd_users_weight_is_a_usage_error(folder, weight):
    result = runner.invoke(app, ["agreement", str(folder), "--users", weight])
    assert result.exit_code == 2, result.output
    assert "--users attend include, apart ou un nombre" in result.output


@pytest.mark.parametrize("spread", ["NaN %", "1e1 %", "１０ %", "1_0", "inf"])
def test_an_odd_price_spread_is_a_usage_error(folder, spread):
    result = runner.invoke(app, ["check-method", str(folder), "--ecart-prix", spread])
    assert result.exit_code == 2, result.output
    assert "n'est pas un pourcentage" in result.output


@pytest.mark.parametrize("spread", ["10 %", "10\u202f%", "0,15", "12,5%"])
def test_a_price_spread_written_the_french_way_is_read(folder, spread):
    result = runner.invoke(app, ["check-method", str(folder), "--ecart-prix", spread])
    assert result.exit_code in (0, 1), result.output
    assert "n'est pas un pourcentage" not in result.output
