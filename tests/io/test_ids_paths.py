"""One identifier pattern for everything that reaches a file name; outputs stay in their folder."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from efc_scoring import Evaluator, TenderError, load_tender, sample_path, samples
from efc_scoring.cli import app
from efc_scoring.io._paths import OutputPathError, output_path
from efc_scoring.model._ids import MAX_ID_LENGTH, check_id

runner = CliRunner()


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_plan_report_traversal_is_refused_and_writes_nothing(tmp_path, monkeypatch):
    tender = tmp_path / "tender"
    shutil.copytree(sample_path("nettoyage"), tender)
    before = _digest(tmp_path)
    plan = tmp_path / "plan.yaml"
    text = (sample_path("bof-lycees") / "plan" / "plan.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("\nlot: L1\n", '\nlot: "x/../../tender/offers"\n'), "utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["plan", "report", str(plan), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "plan.yaml:" in result.output and "lot" in result.output
    assert "« / »" in result.output  # what is wrong, where
    after = _digest(tmp_path)
    after.pop("plan.yaml")
    assert after == before  # the tender's offers untouched, nothing written anywhere
    assert not (tmp_path / "out").exists()


def test_output_path_refuses_what_leaves_the_folder(tmp_path):
    assert output_path(tmp_path, "bilan-R1.md") == tmp_path / "bilan-R1.md"
    for name in ["../x.md", "a/b.md", "..", ".hidden", "x\x1b[31m.md", "", "a\\b.md", "é" * 200]:
        with pytest.raises(OutputPathError, match="sortirait du dossier"):
            output_path(tmp_path, name)
    (tmp_path / "link.md").symlink_to(tmp_path.parent / "elsewhere.md")
    with pytest.raises(OutputPathError):
        output_path(tmp_path, "link.md")


def test_progress_writers_check_their_output_names(tmp_path):
    from efc_scoring.progress.io import load_plan
    from efc_scoring.progress.report import write_review_minutes
    from efc_scoring.progress.status import record_review

    folder = sample_path("bof-lycees") / "plan"
    plan = load_plan(folder / "plan.yaml")
    from efc_scoring.progress.io import load_review

    plan = record_review(plan, load_review(folder / "review-1.yaml"))
    forged = plan.model_copy(
        update={
            "reviews": (
                plan.reviews[0].model_construct(**{**dict(plan.reviews[0]), "id": "../../evil"}),
            )
        }
    )
    with pytest.raises(OutputPathError):
        write_review_minutes(forged, tmp_path / "out")
    assert not any(tmp_path.rglob("*.md"))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("x/../../tender/offers", "« / » (position 2)"),
        (".cache", "commence par « . »"),
        ("-rf", "commence par « - »"),
        ("L1.", "finit par « . »"),
        ("offre 1", "position 6"),
        ("é1", "« é » (position 1)"),
        ("E" * (MAX_ID_LENGTH + 1), "trop long"),
    ],
)
def test_ids_are_refused_with_the_reason(value, words):
    from efc_scoring.model._errors import ModelRuleError

    with pytest.raises(ModelRuleError) as info:
        check_id(value)
    assert words in str(info.value)


def test_long_evaluator_id_is_refused_by_validate_before_any_grid(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(sample_path("nettoyage"), folder)
    tender_file = folder / "tender.yaml"
    long_id = "e" * 250
    text = tender_file.read_text(encoding="utf-8").replace("id: agente", f"id: {long_id}")
    tender_file.write_text(text, encoding="utf-8")
    scores = folder / "scores.csv"
    scores.write_text(scores.read_text(encoding="utf-8").replace("agente,", f"{long_id},"), "utf-8")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1 and "trop long (250 caractères, 64 au plus)" in result.output
    out = tmp_path / "grilles"
    result = runner.invoke(app, ["grids", str(folder), "--out", str(out)])
    assert result.exit_code == 1 and not out.exists()


def test_every_id_field_uses_the_pattern():
    with pytest.raises(ValidationError):
        Evaluator(id="../e1", name="x", role="buyer")
    with pytest.raises(TenderError) as info:
        load_tender(Path(__file__).parent / "data" / "hostile" / "tender-yaml11.yaml")
    assert all("identifiant" not in p.message for p in info.value.problems)  # 010, NO are fine


def test_samples_ids_all_fit_the_pattern():
    for name in sorted(samples()):
        load_tender(sample_path(name))
    assert os.sep not in check_id("L1-A")
