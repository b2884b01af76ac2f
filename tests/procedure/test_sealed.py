"""No output meant for an evaluator shows another evaluator's marks before the reveal: their
grid never holds another evaluator's name, marks or comments, and the agenda and the agreement
of the committee (every member's marks side by side) are refused until the marks are revealed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender
from efc_scoring.cli import app
from efc_scoring.errors import ErrorCode, ProcedureError
from efc_scoring.procedure import check_unsealed, record_phase, send_grids

runner = CliRunner()
BY = "Secrétariat"


def _cells(path: Path) -> str:
    """Every text of a workbook: cells of every sheet (hidden ones too), comments, names."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    out = []
    for sheet in book.worksheets:
        out.append(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    out.append(str(cell.value))
                if cell.comment is not None:
                    out.append(cell.comment.text)
    out += [str(name) for name in book.defined_names]
    return "\n".join(out)


def test_each_grid_holds_no_other_evaluators_marks(folder, tmp_path):
    tender = load_tender(folder)
    journal = folder / "journal-commission.jsonl"
    paths = send_grids(
        tender,
        tmp_path / "grilles",
        by=BY,
        ledger=journal,
        override="Déclarations sur papier.",
        propose=False,
    )
    assert len(paths) == len(tender.evaluators)
    for evaluator in tender.evaluators:
        grid = next(p for p in paths if evaluator.id in p.name)
        text = _cells(grid)
        others = [e for e in tender.evaluators if e.id != evaluator.id]
        for other in others:
            assert other.name not in text, (evaluator.id, other.name)
            for mark in tender.marks:
                if mark.evaluator == other.id and len(mark.justification) > 20:
                    assert mark.justification not in text, (evaluator.id, mark.justification)


@pytest.mark.parametrize("command", ["agenda", "agreement"])
def test_agenda_and_agreement_refused_until_the_reveal(folder, tmp_path, command):
    tender = load_tender(folder)
    journal = folder / "journal-commission.jsonl"
    extra = ["--no-evidence"] if command == "agenda" else []
    r = runner.invoke(app, [command, str(folder), *extra])
    assert r.exit_code == 0, r.output  # no grid sent: nothing sealed
    send_grids(
        tender, tmp_path / "grilles", by=BY, ledger=journal, override="Urgence.", propose=False
    )
    r = runner.invoke(app, [command, str(folder), *extra])
    assert r.exit_code == 1 and "scellées" in r.output
    assert "Karim Benali" not in r.output and "Sandrine Lopes" not in r.output
    with pytest.raises(ProcedureError) as err:
        check_unsealed(tender, journal, what="ordre du jour")
    assert err.value.code is ErrorCode.SEALED
    record_phase(tender, "returned", by=BY, ledger=journal)
    r = runner.invoke(app, [command, str(folder), *extra])
    assert r.exit_code == 1  # returned is not revealed
    record_phase(tender, "revealed", by=BY, ledger=journal)
    r = runner.invoke(app, [command, str(folder), *extra])
    assert r.exit_code == 0, r.output


def test_sealed_when_the_tender_asks_it(folder):
    yaml = folder / "tender.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8") + "\ngovernance:\n  sealed_marks: true\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["agenda", str(folder), "--no-evidence"])
    assert r.exit_code == 1 and "scellées" in r.output
