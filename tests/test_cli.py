"""The command line: exit codes 0 / 1 / 2, French output, JSON for scripts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from efc_scoring import sample_path
from efc_scoring.cli import app

runner = CliRunner()
BROKEN = Path(__file__).parent / "io" / "data"


def test_validate_ok():
    result = runner.invoke(app, ["validate", str(sample_path("nettoyage"))])
    assert result.exit_code == 0, result.output
    assert "valide" in result.output


def test_validate_wrong_weight_says_where_and_exits_1():
    result = runner.invoke(app, ["validate", str(BROKEN / "wrong-weight.yaml")])
    assert result.exit_code == 1
    # the parent whose children do not add up, with each child's line
    assert "criteria[1].weight" in result.output and "wrong-weight.yaml:18" in result.output
    assert "env.a ligne 23, env.b ligne 28" in result.output


def test_validate_json_lists_problems():
    result = runner.invoke(app, ["validate", "--json", str(BROKEN / "wrong-weight.yaml")])
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)
    assert problem["path"] == "criteria[1].weight" and problem["line"] == 18
    assert problem["code"] == "weights"


def test_usage_error_exits_2():
    assert runner.invoke(app, ["validate"]).exit_code == 2
    assert runner.invoke(app, ["nope"]).exit_code == 2


def test_score_prints_ranking_and_writes_points(tmp_path):
    out = tmp_path / "points.csv"
    result = runner.invoke(app, ["score", str(sample_path("nettoyage")), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Rang" in result.output and out.exists()
    result = runner.invoke(app, ["score", str(sample_path("nettoyage")), "--json"])
    ranking = json.loads(result.stdout)
    assert ranking[0]["rank"] == 1


def test_schema_writes_json(tmp_path):
    out = tmp_path / "schema.json"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Tender"


def test_demo_runs_the_whole_chain(tmp_path):
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "classement.csv").exists()
    assert len(list((tmp_path / "grilles").glob("*.xlsx"))) == 3
    assert (tmp_path / "synthese.xlsx").exists()
    report = tmp_path / "rapport" / "rapport-analyse-offres.html"
    assert report.exists() and str(report) in result.output.replace("\n", "")
    # the README promises only what make demo writes
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    promise = readme.split("make demo")[1].split("make test")[0]
    for name in re.findall(
        r"([\w-]+\.(?:csv|txt|xlsx)|[\w-]+/)", promise.split("demo-output/:")[1]
    ):
        assert (tmp_path / name.rstrip("/")).exists(), name
    assert "PROVISOIRE" in promise and "PROVISOIRE" in report.read_text(encoding="utf-8")
    assert not list((tmp_path / "rapport").glob("*.docx"))  # no Word report promised or written


def test_assess_prints_levels_and_writes_csv(tmp_path):
    out = tmp_path / "niveaux.csv"
    result = runner.invoke(app, ["assess", str(sample_path("nettoyage")), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Niveau" in result.output and "Justification" in result.output
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 15 and {r["level"] for r in rows} <= set("012345")
    result = runner.invoke(app, ["assess", str(sample_path("nettoyage")), "--json"])
    assert len(json.loads(result.stdout)) == 15


def test_consolidate_prints_alpha_and_writes_the_agenda_sheet(tmp_path):
    import openpyxl

    out = tmp_path / "synthese.xlsx"
    args = ["consolidate", str(sample_path("nettoyage")), "--out", str(out), "--no-propose"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "alpha de Krippendorff" in result.output and "bon" in result.output
    workbook = openpyxl.load_workbook(out, read_only=True)
    assert "Ordre du jour" in workbook.sheetnames
    result = runner.invoke(app, [*args, "--json"])
    payload = json.loads(result.stdout)
    assert payload["workbook"] == str(out) and payload["alpha"]


def test_agenda_lists_disputed_items_and_writes_the_workbook(tmp_path):
    out = tmp_path / "synthese.xlsx"
    result = runner.invoke(
        app,
        ["agenda", str(sample_path("nettoyage")), "--no-evidence", "--workbook", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "Ordre du jour" in result.output and out.exists()


def test_grids_then_import_round_trip_json(tmp_path):
    import openpyxl

    result = runner.invoke(
        app,
        ["grids", str(sample_path("nettoyage")), "--out", str(tmp_path), "--no-propose", "--json"],
    )
    assert result.exit_code == 0, result.output
    grids = json.loads(result.stdout)["grids"]
    assert len(grids) == 3
    # An untouched grid has no marks: importing it reports blanks, never zeros.
    result = runner.invoke(
        app,
        [
            "import",
            str(sample_path("nettoyage")),
            grids[0],
            "--out",
            str(tmp_path / "s.csv"),
            "--json",
        ],
    )
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert problems and {p["code"] for p in problems} >= {"blank"}
    assert openpyxl.load_workbook(grids[0]).sheetnames[0] == "Consignes"


def test_letter_json(tmp_path):
    result = runner.invoke(
        app, ["letter", str(sample_path("nettoyage")), "--offer", "O3", "--json", "--provisoire"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["offer"] == "O3" and payload["provisional"]


def test_plan_draft_three_reviews_and_report(tmp_path, monkeypatch):
    """The issue's path: draft, then three half-yearly reviews, then the report."""
    monkeypatch.chdir(tmp_path)
    sample = sample_path("bof-lycees")
    result = runner.invoke(
        app, ["plan", "draft", str(sample), "--offer", "L1-A", "--out", "draft.yaml", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "draft.yaml").exists()
    plan = sample / "plan" / "plan.yaml"
    before = plan.read_bytes()
    current = plan
    for n in (1, 2, 3):
        result = runner.invoke(
            app, ["plan", "review", str(current), str(sample / "plan" / f"review-{n}.yaml")]
        )
        assert result.exit_code == 0, result.output
        current = tmp_path / f"plan-R{n}.yaml"
        assert current.exists()
    assert plan.read_bytes() == before  # the plan read is never modified
    result = runner.invoke(app, ["plan", "report", str(current), "--out", "bilan", "--json"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)["written"]
    assert any(p.endswith(".xlsx") for p in written)
    assert any(p.endswith("bilan-final.md") for p in written)


def test_assess_shows_a_relire_for_an_answer_not_in_french(tmp_path):
    """No level (not 0) for an answer the engine cannot read, in the table, CSV and JSON."""
    import shutil

    import yaml

    folder = tmp_path / "tender"
    shutil.copytree(sample_path("nettoyage"), folder)
    offer = folder / "offers" / "O4-distri-clean.yaml"
    data = yaml.safe_load(offer.read_text(encoding="utf-8"))
    question = next(iter(data["answers"]))
    data["answers"][question] = "We take back every empty drum at the next delivery."
    offer.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "niveaux.csv"
    result = runner.invoke(app, ["assess", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "à relire" in result.output
    import csv

    rows = {(r["offer"], r["question"]): r for r in csv.DictReader(out.open(encoding="utf-8"))}
    row = rows[("O4", question)]
    assert row["level"] == "" and row["proposal"] == "à relire" and row["label"] == "à relire"
    result = runner.invoke(app, ["assess", str(folder), "--json"])
    payload = {(r["offer"], r["question"]): r for r in json.loads(result.stdout)}
    assert payload[("O4", question)]["level"] is None


def test_letter_out_to_an_existing_folder_writes_the_letter_in_it(tmp_path):
    """``letter --offer O3 --out lettres`` with ``lettres`` an existing folder failed with
    « fichier inaccessible : …/.lettres.31753.unwig3a7.tmp (Is a directory) »: a temporary
    name, in English. The letter is now written in the folder, as with --all."""
    folder = tmp_path / "lettres"
    folder.mkdir()
    result = runner.invoke(
        app,
        [
            "letter",
            str(sample_path("nettoyage")),
            "--offer",
            "O3",
            "--out",
            str(folder),
            "--provisoire",
            "--date",
            "16/03/2027",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["lettre-O3.html", "lettre-O3.md"]
    assert "Is a directory" not in result.output and ".tmp" not in result.output
