"""Fixtures shared by the procedure tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from efc_scoring import sample_path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the cleaning sample, free to change (its ledger starts empty)."""
    target = tmp_path / "nettoyage"
    shutil.copytree(sample_path("nettoyage"), target)
    return target


@pytest.fixture
def negotiated(folder: Path) -> Path:
    """The nettoyage sample as a procedure with negotiation: initial offers, then final."""
    yaml = folder / "tender.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8")
        + "\nrounds:\n  - id: initiale\n    kind: initial\n  - id: finale\n    kind: final\n",
        encoding="utf-8",
    )
    final = folder / "rounds" / "finale"
    (final / "offers").mkdir(parents=True)
    for path in sorted((folder / "offers").glob("O[1234]*.yaml")):
        text = path.read_text(encoding="utf-8")
        (final / "offers" / path.name).write_text(text, encoding="utf-8")
    shutil.copy(folder / "scores.csv", final / "scores.csv")
    lines = (final / "scores.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (final / "scores.csv").write_text(
        "".join([lines[0]] + [line for line in lines[1:] if ",O5," not in line]),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def with_pse(folder: Path) -> Path:
    """The cleaning sample with a compulsory PSE, priced by every offer (O2 the dearest)."""
    yaml = folder / "tender.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8")
        + "\noptions:\n  - id: PSE1\n    kind: pse\n    label: Formation des agents\n"
        "    lot: L1\n    compulsory: true\n",
        encoding="utf-8",
    )
    prices = {"O1": 500, "O2": 9000, "O3": 800, "O4": 700, "O5": 600}
    for path in (folder / "offers").glob("O*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8") + f"\noptions:\n  PSE1: {prices[path.name[:2]]}\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture
def request_o4() -> Callable[..., Result]:
    """``request_o4(folder, *extra)``: the CLI's request for explanations of the cleaning
    sample's abnormally low O4 (sent 30/09/2026, answer due 9/10/2026), with ``extra`` options."""
    from efc_scoring.cli import app

    def run(folder: Path, *extra: object) -> Result:
        args = ["procedure", "abnormal", folder, "O4", "demande", "--by", "Service achats"]
        args += ["--date-limite", "9/10/2026", "--envoi", "30/09/2026", *extra]
        return CliRunner().invoke(app, [str(a) for a in args])

    return run
