"""The assessment cache from the command line: --no-cache, cache info/clear, no spaCy twice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path
from efc_scoring.cli import app, main
from efc_scoring.evidence import AssessmentCache, assess

runner = CliRunner()
NETTOYAGE = str(sample_path("nettoyage"))


@pytest.fixture
def cache(tmp_path, monkeypatch) -> AssessmentCache:
    """An empty cache folder for the commands of the test (through the environment)."""
    monkeypatch.setenv("EFC_SCORING_CACHE_DIR", str(tmp_path / "cache"))
    return AssessmentCache()


def _commands(tmp):
    return {
        "assess": ["assess", NETTOYAGE],
        "grids": ["grids", NETTOYAGE, "--out", str(tmp / "grilles")],
        "consolidate": ["consolidate", NETTOYAGE, "--out", str(tmp / "synthese.xlsx")],
        "agenda": ["agenda", NETTOYAGE],
        "report": [
            "report",
            NETTOYAGE,
            "--out",
            str(tmp / "rapport"),
            "--draws",
            "50",
            "--provisoire",
        ],
        "compare": [
            "compare",
            NETTOYAGE,
            "--question",
            "q_transport",
            "--out",
            str(tmp / "c.html"),
        ],
        "demo": ["demo", "--out", str(tmp / "demo")],
        "plan draft": [
            "plan",
            "draft",
            str(sample_path("bof-lycees")),
            "--offer",
            "L1-A",
            "--out",
            str(tmp / "plan.yaml"),
        ],
    }


@pytest.mark.parametrize("command", list(_commands(Path())))
def test_no_cache_reads_again_and_stores_nothing(command, cache, tmp_path):
    args = _commands(tmp_path)[command]
    result = runner.invoke(app, [*args, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert cache.info().entries == 0
    result = runner.invoke(app, args)  # the option does not outlive its command
    assert result.exit_code == 0, result.output
    assert cache.info().entries > 0


def test_cache_info_and_clear(cache):
    assert runner.invoke(app, ["assess", NETTOYAGE]).exit_code == 0
    result = runner.invoke(app, ["cache", "info"])
    assert result.exit_code == 0, result.output
    assert str(cache.folder) in result.output and "15 réponses lues" in result.output
    data = json.loads(runner.invoke(app, ["cache", "info", "--json"]).stdout)
    assert data["entries"] == data["current_entries"] == 15 and data["enabled"]
    result = runner.invoke(app, ["cache", "clear", "--stale"])
    assert result.exit_code == 0 and "0 lecture supprimée" in result.output
    result = runner.invoke(app, ["cache", "clear", "--json"])
    assert json.loads(result.stdout)["removed"] == 15
    assert cache.info().entries == 0


def test_a_damaged_entry_is_one_french_line(cache, capsys):
    assert runner.invoke(app, ["assess", NETTOYAGE]).exit_code == 0
    entry = next(cache.folder.glob("*/*/*.json"))
    entry.write_bytes(entry.read_bytes()[:40])
    assert main(["assess", NETTOYAGE, "--json"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Attention : cache des lectures : 1 entrée illisible")
    assert "Traceback" not in err and "CacheWarning" not in err


def test_an_assessed_tender_never_loads_spacy_again(cache, tmp_path):
    """grids, agenda, report and demo, once the answers are read, run without spaCy (nor
    scipy.stats and scikit-criteria, whose imports took seconds of the demo's second run)."""
    assess(load_tender(NETTOYAGE))  # as a first run would
    runs = [
        ["grids", NETTOYAGE, "--out", str(tmp_path / "grilles")],
        ["agenda", NETTOYAGE],
        ["report", NETTOYAGE, "--out", str(tmp_path / "rapport"), "--provisoire"],
        ["demo", "--out", str(tmp_path / "demo")],
    ]
    code = (
        "import sys, json\n"
        "from efc_scoring.cli import main\n"
        "for args in json.loads(sys.argv[1]):\n"
        "    assert main(args) == 0, args\n"
        "    heavy = ('spacy', 'thinc', 'scipy.stats', 'skcriteria')  # the last two: seconds\n"
        "    loaded = [m for m in heavy if m in sys.modules]\n"
        "    assert not loaded, f'{args[0]} imported {loaded}'\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(runs)], capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-3000:]
    assert "Attention" not in out.stderr
