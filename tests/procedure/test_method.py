"""check_method flags each rule on a tender file built for it, and passes the bundled samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path, samples
from efc_scoring.cli import app
from efc_scoring.errors import TenderError
from efc_scoring.procedure import check_method
from efc_scoring.procedure.method import RULES, Severity

DATA = Path(__file__).parent / "data" / "method"
runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args))


CASES = {
    "conforme.yaml": (),
    "environnement-2026.yaml": ("environmental_criterion",),
    "environnement-presume.yaml": ("environmental_criterion",),
    "environnement-defense.yaml": (),
    "cout-global-unique.yaml": (),
    "sans-prix.yaml": ("price_or_cost",),
    "prix-borne.yaml": ("best_price_max",),
    "notes-negatives.yaml": ("negative_marks",),
    "effet-de-falaise.yaml": ("cliff",),
    "prix-neutralise.yaml": ("price_neutralised",),
    "sous-criteres-non-publies.yaml": ("unpublished_weights",),
    "notes-decimales.yaml": ("decimal_marks",),
}


def _check(name: str, **kwargs):
    return check_method(load_tender(DATA / name, check_environment=False), **kwargs)


def test_every_rule_has_a_purpose_built_file():
    flagged = {rule for rules in CASES.values() for rule in rules}
    assert flagged == set(RULES)
    assert sorted(p.name for p in DATA.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize(("name", "rules"), sorted(CASES.items()))
def test_each_file_flags_its_rule_and_only_it(name, rules):
    check = _check(name)
    assert check.rules() == rules
    for finding in check.findings:
        assert finding.source and finding.fix and finding.message
        assert finding.title == RULES[finding.rule]


def test_the_environment_rule_says_which_condition_applies():
    [launched] = _check("environnement-2026.yaml").findings
    assert launched.severity is Severity.ERROR
    assert "1er septembre 2026, à partir du 21 août 2026" in launched.message
    assert "décret n° 2022-767" in launched.source
    assert "coût global" in launched.fix
    [presumed] = _check("environnement-presume.yaml").findings
    assert "présumée" in presumed.message and "consultation_date" in presumed.fix


def test_the_environment_rule_is_enforced_when_the_tender_is_loaded():
    with pytest.raises(TenderError, match="règle du 21 août 2026 s'applique"):
        load_tender(DATA / "environnement-2026.yaml")
    load_tender(DATA / "environnement-defense.yaml")


def test_the_price_simulation_reuses_the_effective_weight_of_price():
    check = _check("prix-neutralise.yaml")
    [finding] = check.findings
    assert "Belleville-sur-Loire" in finding.source and "427761" in finding.source
    at_ten = next(s for s in check.simulations if s.spread == 0.10)
    assert at_ten.caution is not None and at_ten.effective < at_ten.announced / 2
    # the wider the spread of prices, the more price weighs
    effective = [s.effective for s in check.simulations]
    assert effective == sorted(effective)
    # the fix compares the other formulas on the same simulated offers
    assert "formule linéaire" in finding.fix and "formule de l'écart relatif" in finding.fix
    # with prices 30 % apart the same formula keeps more than half its weight
    assert _check("prix-neutralise.yaml", reference_spread=0.30).rules() == ()


def test_the_cliff_rule_names_the_linear_formula_and_the_price_threshold():
    wheres = [f.where for f in _check("effet-de-falaise.yaml").findings]
    assert wheres == ["criteria[0].scoring.formula", "criteria[0].threshold"]


@pytest.mark.parametrize("name", sorted(samples()))
def test_bundled_samples_pass(name):
    check = check_method(load_tender(sample_path(name)))
    assert check.ok, [str(f) for f in check.errors]
    result = _run("check-method", str(sample_path(name)))
    assert result.exit_code == 0, result.output


def test_cli_exits_1_on_an_irregularity_and_gives_json():
    result = _run("check-method", str(DATA / "prix-borne.yaml"))
    assert result.exit_code == 1
    assert "la note maximale au meilleur prix" in result.output
    assert "Correction :" in result.output and "Source :" in result.output
    result = _run("check-method", str(DATA / "prix-neutralise.yaml"), "--json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["ok"] is True
    assert [f["rule"] for f in payload["findings"]] == ["price_neutralised"]
    result = _run("check-method", str(DATA / "environnement-2026.yaml"))
    assert result.exit_code == 1 and "21 août 2026" in result.output


def test_cli_reads_the_expected_spread_the_french_way():
    result = _run("check-method", str(DATA / "prix-neutralise.yaml"), "--ecart-prix", "30 %")
    assert result.exit_code == 0
    assert "aucune irrégularité ni aucun risque" in result.output
    assert (
        _run("check-method", str(DATA / "prix-neutralise.yaml"), "--ecart-prix", "x").exit_code == 2
    )
