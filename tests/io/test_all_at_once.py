"""Validation lists every problem at once: tender, offers, marks, figures and lots."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from efc_scoring import TenderError, load_tender, sample_path

HOSTILE = Path(__file__).parent / "data" / "hostile"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_enum_values_suggest_the_nearest_and_weights_point_to_the_parent():
    with pytest.raises(TenderError) as info:
        load_tender(HOSTILE / "tender-enums.yaml")
    found = {(p.path, p.line): p for p in info.value.problems}
    assert sorted(found) == [
        ("criteria", 7),
        ("criteria[0].kind", 9),
        ("criteria[1].kind", 14),
        ("criteria[1].weight", 15),
        ("evaluators[0].role", 20),
    ]
    kind = found[("criteria[1].kind", 14)]
    assert "valeurs permises : price, cost, quality, environment" in kind.message
    assert kind.fix == "vouliez-vous dire `environment` ?"
    assert found[("criteria[0].kind", 9)].fix == "vouliez-vous dire `price` ?"
    assert found[("evaluators[0].role", 20)].fix == "vouliez-vous dire `user` ?"
    total = found[("criteria", 7)]
    assert total.code == "weights" and "105 points (prix 40 + env 65)" in total.message
    assert "[prix ligne 10, env ligne 15]" in total.message
    children = found[("criteria[1].weight", 15)]
    assert "60 points (env.emb 30 + env.tra 30) au lieu de 65" in children.message
    assert "[env.emb ligne 17, env.tra ligne 18]" in children.message


def test_offer_problems_of_every_kind_come_together(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    offers = folder / "offers"
    _edit(offers / "O1-econet-rhone.yaml", "price: 57580.00", "price: 57000.00")  # lines differ
    _edit(offers / "O2-proprete-bugey.yaml", "lot: L1", "lot: L9")  # unknown lot
    _edit(offers / "O3-hygiene-pro-centre-est.yaml", "delai_livraison_jours:", "delai:")  # missing
    _edit(offers / "O4-distri-clean.yaml", "delai_livraison_jours: 6", "delai_livraison_jours: 1e3")
    with pytest.raises(TenderError) as info:
        load_tender(folder)
    found = [(Path(p.file).name, p.path, p.code) for p in info.value.problems]
    assert found == [
        ("O1-econet-rhone.yaml", "price", "rule"),
        ("O2-proprete-bugey.yaml", "lot", "unknown_id"),
        ("O3-hygiene-pro-centre-est.yaml", "values.delai_livraison_jours", "rule"),
        ("O4-distri-clean.yaml", "values.delai_livraison_jours", "value"),
    ]
    assert all(p.line is not None for p in info.value.problems)


def test_marks_and_tender_problems_together_and_no_echo_of_a_broken_offer(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    _edit(folder / "tender.yaml", "kind: environment", "kind: environnement")
    _edit(folder / "offers" / "O5-laboratoires-saneo.yaml", "lot: L1", "lot: L1\nprice: zéro")
    scores = folder / "scores.csv"
    text = scores.read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace(",4,", ",4,5,", 1)  # an unquoted decimal comma
    scores.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(TenderError) as info:
        load_tender(folder)
    files = [Path(p.file).name for p in info.value.problems]
    assert files[0] == "tender.yaml" and files[-1] == "scores.csv"
    assert "O5-laboratoires-saneo.yaml" in files
    # the marks of O5 are not reported against an « unknown offer »: O5 was read
    assert not any("offre inconnue" in p.message for p in info.value.problems)
    codes = {p.code for p in info.value.problems}
    assert {"value", "decimal_comma"} <= codes


def test_a_missing_answer_is_a_warning_never_an_error(tmp_path):
    from typer.testing import CliRunner

    from efc_scoring import validate_tender
    from efc_scoring.cli import app

    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer = folder / "offers" / "O4-distri-clean.yaml"
    text = offer.read_text(encoding="utf-8")
    start = text.index("  q_transport:")
    end = text.index("\n  q_", start + 5) if "\n  q_" in text[start + 5 :] else len(text)
    offer.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    result = validate_tender(folder)
    assert result.ok and result.tender is not None
    (warning,) = result.warnings
    assert warning.code == "no_answer" and warning.path == "answers.q_transport"
    assert warning.file.endswith("O4-distri-clean.yaml") and warning.line is not None
    assert "pas de réponse" in warning.message
    cli = CliRunner().invoke(app, ["validate", str(folder)])
    assert cli.exit_code == 0 and "Avertissement" in cli.output and "q_transport" in cli.output
    cli = CliRunner().invoke(app, ["validate", "--json", str(folder)])
    import json

    payload = json.loads(cli.stdout)
    assert payload["valid"] and payload["warnings"][0]["severity"] == "avertissement"


def test_validate_tender_returns_errors_without_raising():
    from efc_scoring import validate_tender

    result = validate_tender(HOSTILE / "tender-enums.yaml")
    assert result.tender is None and not result.ok and len(result.problems) == 5


def test_unknown_and_repeated_ids_have_their_own_codes(tmp_path):
    """Scripts tell a typo in an id from a broken rule by the code alone."""
    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    _edit(folder / "scores.csv", "acheteuse,O1,", "acheteuse,O99,")
    _edit(folder / "offers" / "O2-proprete-bugey.yaml", "id: O2", "id: O1")
    with pytest.raises(TenderError) as info:
        load_tender(folder)
    codes = {(Path(p.file).name, p.path): p.code for p in info.value.problems}
    assert codes[("scores.csv", "offer")] == "unknown_id"
    assert codes[("O2-proprete-bugey.yaml", "id")] == "duplicate_id"
    assert "offre inconnue 'O99'" in str(info.value)
