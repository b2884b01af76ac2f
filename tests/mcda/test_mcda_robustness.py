"""The robustness report bundling sensitivity, critical values, committee and price checks."""

from __future__ import annotations

import json
import subprocess
import sys

from efc_scoring import load_tender, sample_path, score
from efc_scoring.mcda import robustness


def test_report_on_the_cleaning_sample():
    report = robustness(score(load_tender(sample_path("nettoyage"))), seed=0)
    assert report.winners == ("O1",)
    sections = report.sections()
    assert list(sections) == [
        "Autres méthodes",
        "Sensibilité aux poids",
        "Valeurs critiques",
        "Commission d'évaluation",
        "Formule de prix",
    ]
    assert sections["Sensibilité aux poids"][0].startswith("Sur 10\u202f000 tirages de poids")
    assert report.sentences()[1] == sections["Sensibilité aux poids"][0]
    assert report.methods.first("weighted_sum") == ("O1",)
    frame = report.to_frame()
    assert list(frame.columns) == ["lot", "section", "sentence"]
    assert len(frame) == len(report.sentences())
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert set(data["p_first"]) == {"O1", "O2", "O3", "O4", "O5"}
    assert data["price"]["announced_weight"] == 40.0
    assert "Valeurs critiques" in report._repr_html_()


def test_each_lot_of_a_multi_lot_tender(tender_factory):
    evaluation = score(tender_factory(3, lots=2, seed=1))
    for lot in ("L1", "L2"):
        report = robustness(evaluation, lot, n=300, bounds=5)
        assert report.lot == lot
        assert report.sensitivity.draws.startswith("± 5 points")


def test_a_report_without_plots_imports_neither_matplotlib_nor_scikit_criteria():
    """The robustness section draws its plot only when plots are asked for."""
    code = (
        "import sys; import efc_scoring as efc; "
        "efc.build_report(efc.load_tender(efc.sample_path('nettoyage')), evidence=False, "
        "plots=False, provisional=True); "
        "print(sorted(m for m in ('matplotlib', 'skcriteria') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_one_default_number_of_draws_stated_by_the_command_and_the_report():
    """The report, the command and the demo used 2 000, 10 000 and 5 000 draws: one number now."""
    from typer.testing import CliRunner

    from efc_scoring import build_report
    from efc_scoring.cli import app
    from efc_scoring.mcda import DEFAULT_DRAWS
    from efc_scoring.present import number

    stated = f"{number(DEFAULT_DRAWS)} tirages"
    result = CliRunner().invoke(app, ["robustness", str(sample_path("nettoyage")), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["draws"]["n"] == DEFAULT_DRAWS
    assert (
        f"Sur {stated} de poids"
        in json.loads(result.stdout)[0]["sentences"]["Sensibilité aux poids"][0]
    )
    report = build_report(
        load_tender(sample_path("nettoyage")), evidence=False, plots=False, provisional=True
    )
    text = report.to_markdown()
    assert f"Sur {stated} de poids" in text
    assert f"Analyse de sensibilité : {stated} de pondérations." in text
