"""The committee's decisions: one code path (record_decision) for the command, the workbook
column and the API, kept in the ledger; withdrawal is a new entry; letters wait for them."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender, sample_path
from efc_scoring.cli import app
from efc_scoring.committee.decisions import (
    LEDGER_FILE,
    committee_decisions,
    record_decision,
    withdraw_decision,
)
from efc_scoring.committee.ledger import Ledger
from efc_scoring.errors import ConsensusError, LedgerError

runner = CliRunner()


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "marche"
    shutil.copytree(sample_path("nettoyage"), target)
    return target


def test_record_withdraw_and_replay(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    journal = tmp_path / LEDGER_FILE
    at = datetime(2027, 3, 10, 9, 30, tzinfo=UTC)
    record_decision(
        tender, "O2", "coop", 3, "Agents absents du bilan.", by="P", ledger=journal, at=at
    )
    record_decision(tender, "O5", "env.transport", 2, "bioGNV envisagé.", by="P", ledger=journal)
    record_decision(tender, "O2", "coop", 4, "Bilan ouvert aux agents.", by="P", ledger=journal)
    decisions = committee_decisions(journal)
    assert [(d.offer, d.criterion, d.mark) for d in decisions] == [
        ("O5", "env.transport", Decimal(2)),
        ("O2", "coop", Decimal(4)),
    ]
    withdraw_decision(tender, "O5", "env.transport", "Erreur de saisie.", by="P", ledger=journal)
    assert [(d.offer, d.criterion) for d in committee_decisions(journal)] == [("O2", "coop")]
    entries = Ledger(journal).entries()
    assert len(entries) == 4 and entries[-1]["what"]["withdrawn"] is True  # never an edit
    assert Ledger(journal).verify().ok
    with pytest.raises(ConsensusError, match="rien à retirer"):
        withdraw_decision(tender, "O5", "env.transport", "encore", by="P", ledger=journal)
    with pytest.raises(ConsensusError, match="lot L1, pas sur le lot L2"):
        record_decision(tender, "O2", "coop", 3, "x", by="P", ledger=journal, lot="L2")


def test_a_tampered_ledger_is_not_read(tmp_path):
    tender = load_tender(sample_path("nettoyage"))
    journal = tmp_path / LEDGER_FILE
    record_decision(tender, "O2", "coop", 3, "Agents absents du bilan.", by="P", ledger=journal)
    journal.write_text(journal.read_text(encoding="utf-8").replace('"3"', '"5"'), encoding="utf-8")
    with pytest.raises(LedgerError, match="endommagé ou a été modifié"):
        committee_decisions(journal)


def test_consensus_command_then_letter_and_agenda(folder, tmp_path):
    letter = ["letter", str(folder), "--offer", "O3", "--date", "16/03/2027"]
    refused = runner.invoke(app, letter)
    assert refused.exit_code == 1
    assert "O2, critère coop" in refused.output and "O5, critère env.transport" in refused.output
    result = runner.invoke(
        app,
        ["consensus", str(folder), "--lot", "L1", "--offer", "O2", "--criterion", "coop",
         "--level", "3", "--reason", "Coopération réelle, agents absents du bilan.",
         "--by", "Présidente"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 point de l'ordre du jour reste à trancher" in result.output
    assert (folder / LEDGER_FILE).is_file()
    agenda = runner.invoke(app, ["agenda", str(folder), "--no-evidence", "--json"])
    assert [it["offer"] for it in json.loads(agenda.stdout)["items"]] == ["O5"]
    departs = runner.invoke(
        app,
        ["consensus", str(folder), "--offer", "O5", "--criterion", "env.transport",
         "--level", "0", "--reason", "Rien de ferme."],
    )  # fmt: skip
    assert departs.exit_code == 1 and "--departure-reason" in departs.output
    runner.invoke(
        app,
        ["consensus", str(folder), "--offer", "O5", "--criterion", "env.transport",
         "--level", "2", "--reason", "Le bioGNV n'est qu'envisagé."],
    )  # fmt: skip
    written = runner.invoke(app, [*letter, "--out", str(tmp_path / "O3.html")])
    assert written.exit_code == 0, written.output
    assert "Notes lues : " in written.output and "60 notes de 3 évaluateurs" in written.output
    assert "2 points tranchés" in written.output
    page = (tmp_path / "O3.html").read_text(encoding="utf-8")
    assert "26 mars 2027" not in page and "27 mars 2027" in page and "PROVISOIRE" not in page
    early = runner.invoke(app, [*letter, "--signature-date", "20/03/2027"])
    assert early.exit_code == 0 and "ne respecte pas le délai de suspension" in early.output
    wrong = runner.invoke(app, [*letter, "--date", "31/02/2027"])
    assert wrong.exit_code == 2 and "date impossible" in wrong.output
    every = runner.invoke(
        app, ["letter", str(folder), "--all", "--out", str(tmp_path / "lettres"), "--date",
              "16 mars 2027"]
    )  # fmt: skip
    assert every.exit_code == 0, every.output
    assert sorted(p.name for p in (tmp_path / "lettres").iterdir()) == [
        f"lettre-O{i}.{ext}" for i in range(2, 6) for ext in ("html", "md")
    ]


def test_import_consensus_from_the_agenda_sheet(folder, tmp_path):
    workbook = tmp_path / "synthese.xlsx"
    made = runner.invoke(app, ["agenda", str(folder), "--no-evidence", "--workbook", str(workbook)])
    assert made.exit_code == 0, made.output
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Ordre du jour"]
    header = [c.value for c in ws[1]]
    level = header.index("Décision de la commission : niveau") + 1
    rows = {ws.cell(r, 2).value: r for r in range(ws.max_row, 1, -1)}  # first row of each item
    ws.cell(rows["O2"], level, 3)
    ws.cell(rows["O2"], level + 1, "Coopération réelle, agents absents du bilan.")
    ws.cell(rows["O5"], level, 7)
    wb.save(workbook)
    bad = runner.invoke(app, ["import-consensus", str(folder), str(workbook)])
    assert bad.exit_code == 1
    assert "Ordre du jour" in bad.output and f"{ws.cell(rows['O5'], level).coordinate}" in (
        bad.output
    )
    assert not (folder / LEDGER_FILE).exists()  # nothing recorded from a wrong sheet
    ws.cell(rows["O5"], level, 2)
    ws.cell(rows["O5"], level + 1, "Le bioGNV n'est qu'envisagé.")
    wb.save(workbook)
    good = runner.invoke(app, ["import-consensus", str(folder), str(workbook), "--json"])
    assert good.exit_code == 0, good.output
    payload = json.loads(good.stdout)
    assert len(payload["recorded"]) == 2 and payload["unsettled"] == []
    again = runner.invoke(app, ["import-consensus", str(folder), str(workbook), "--json"])
    assert json.loads(again.stdout)["recorded"] == []  # the same workbook twice: no new entry
    assert len(Ledger(folder / LEDGER_FILE).entries()) == 2
