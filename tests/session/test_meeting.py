"""The meeting as data: phases, decisions through the consensus function, progress, names."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import pytest

from efc_scoring import load_tender, verify_ledger
from efc_scoring.committee import committee_decisions
from efc_scoring.errors import ConsensusError, LedgerError, ReportError
from efc_scoring.session import Meeting


def _drop_marks_of(folder, evaluator: str) -> None:
    path = folder / "scores.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = [r for r in rows if r["evaluator"] != evaluator]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    return rows


def test_before_every_grid_is_back_only_progress_and_no_reveal(folder):
    rows = _drop_marks_of(folder, "agente")
    meeting = Meeting(folder, evidence=False)
    state = meeting.state()
    assert not state.all_returned and not state.revealed
    assert state.consolidation is None and state.agenda is None and state.evaluation is None
    assert {r.evaluator: r.complete for r in state.returns} == {
        "acheteuse": True,
        "technicien": True,
        "agente": False,
    }
    with pytest.raises(ConsensusError, match="Sandrine Lopes"):
        meeting.reveal()
    with pytest.raises(ConsensusError, match="pas encore levées"):
        meeting.record("O2", "coop", 3, "Bilan annuel sans les agents.")
    # the last grid comes back: the session sees it without restarting
    with open(folder / "scores.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert meeting.state().all_returned and not meeting.state().revealed


def test_reveal_is_a_ledger_entry_read_back_by_a_new_session(folder):
    meeting = Meeting(folder, evidence=False, by="Claire Morel")
    state = meeting.reveal()
    assert state.revealed and state.revealed_at is not None
    entry = json.loads((folder / "journal-commission.jsonl").read_text().splitlines()[0])
    assert (entry["kind"], entry["what"]["phase"], entry["who"]) == (
        "phase",
        "revealed",
        "Claire Morel",
    )
    assert Meeting(folder, evidence=False).state().revealed
    assert verify_ledger(folder / "journal-commission.jsonl").ok


def test_a_decision_is_recorded_as_the_consensus_command_records_it(folder):
    meeting = Meeting(folder, evidence=False, by="Claire Morel")
    meeting.reveal()
    decision = meeting.record("O5", "env.transport", "2", "Le bioGNV n'est qu'envisagé.")
    assert (decision.offer, decision.criterion, int(decision.mark)) == ("O5", "env.transport", 2)
    in_force = committee_decisions(folder / "journal-commission.jsonl")
    assert [(d.offer, d.criterion, d.by) for d in in_force] == [
        ("O5", "env.transport", "Claire Morel")
    ]
    entry = json.loads((folder / "journal-commission.jsonl").read_text().splitlines()[-1])
    assert entry["kind"] == "consensus"
    assert entry["justification"] == "Le bioGNV n'est qu'envisagé."
    assert entry["what"]["marks"] == {"acheteuse": "2", "agente": "2", "technicien": "4"}
    assert datetime.fromisoformat(entry["at"]).tzinfo is not None
    state = meeting.state()
    assert state.progress == "1 point réglé sur 2"
    assert [(it.offer, it.criterion) for it in state.agenda] == [("O2", "coop")]
    # the ranking follows the decision: the offer's total is scored with level 2
    assert (
        state.evaluation.totals["O5"]
        == state.evaluation.with_marks({("O5", "env.transport"): 2}).totals["O5"]
    )


def test_refusals_of_the_consensus_function_reach_the_meeting(folder):
    meeting = Meeting(folder, evidence=False)
    meeting.reveal()
    with pytest.raises(ConsensusError, match="motif"):
        meeting.record("O2", "coop", 3, "  ")
    with pytest.raises(ConsensusError, match="s'écarte de toutes les notes"):
        meeting.record("O2", "coop", 0, "Aucune coopération décrite.")
    decision = meeting.record(
        "O2", "coop", 0, "Aucune coopération décrite.", departure_reason="Réponse hors sujet."
    )
    assert decision.reason == "Réponse hors sujet."


def test_undo_is_a_new_entry_and_the_item_is_back_on_the_agenda(folder):
    meeting = Meeting(folder, evidence=False)
    meeting.reveal()
    meeting.record("O2", "coop", 3, "Bilan annuel sans les agents.")
    before = len((folder / "journal-commission.jsonl").read_text().splitlines())
    meeting.withdraw("O2", "coop", "Erreur de saisie du niveau.")
    lines = (folder / "journal-commission.jsonl").read_text().splitlines()
    assert len(lines) == before + 1
    assert json.loads(lines[-1])["what"]["withdrawn"] is True
    state = meeting.state()
    assert ("O2", "coop") not in state.settled and state.progress == "0 point réglé sur 2"


def test_a_decision_taken_meanwhile_on_another_screen_is_not_overwritten(folder):
    from efc_scoring.session._meeting import decision_tag

    meeting = Meeting(folder, evidence=False)
    meeting.reveal()
    shown = decision_tag(None)  # both screens showed the item undecided
    meeting.record("O2", "coop", 3, "Premier écran.", expected=shown)
    with pytest.raises(ConsensusError, match="vient d'être tranché"):
        meeting.record("O2", "coop", 4, "Second écran.", expected=shown)
    assert [int(d.mark) for d in committee_decisions(meeting.ledger)] == [3]


def test_a_decision_recorded_by_the_command_line_shows_in_the_session(folder):
    from efc_scoring.cli import main

    meeting = Meeting(folder, evidence=False)
    meeting.reveal()
    code = main(
        [
            "consensus",
            str(folder),
            "--offer",
            "O2",
            "--criterion",
            "coop",
            "--level",
            "3",
            "--reason",
            "Bilan annuel sans les agents.",
        ]
    )
    assert code in (0, None)
    assert meeting.state().progress == "1 point réglé sur 2"


def test_documents_wait_for_every_item_then_use_the_decisions(folder):
    meeting = Meeting(folder, evidence=False, by="Claire Morel")
    meeting.reveal()
    with pytest.raises(ReportError, match="0 point réglé sur 2"):
        meeting.produce_documents()
    meeting.record("O5", "env.transport", 2, "Le bioGNV n'est qu'envisagé.")
    meeting.record("O2", "coop", 3, "Bilan annuel sans les agents.")
    assert meeting.state().finished
    done = meeting.produce_documents(formats=("html", "md"), draws=200)
    names = sorted(p.name for p in done.report)
    assert "rapport-analyse-offres.html" in names
    report = (folder / "seance" / "rapport" / "rapport-analyse-offres.md").read_text()
    assert "Bilan annuel sans les agents." in report and "PROVISOIRE" not in report
    letters = sorted(p.name for p in done.letters)
    winner = meeting.state().evaluation.winners("L1")
    rejected = [o.id for o in load_tender(folder).offers if o.id not in winner]
    assert letters == sorted(f"lettre-{o}.{s}" for o in rejected for s in ("html", "md"))


def test_a_damaged_ledger_stops_the_session_at_start(folder):
    Meeting(folder, evidence=False).reveal()
    path = folder / "journal-commission.jsonl"
    path.write_text(path.read_text().replace("révél", "x").replace("levées", "lavées"))
    with pytest.raises(LedgerError, match="verify-ledger"):
        Meeting(folder, evidence=False)


def test_blind_meeting_hides_names(folder):
    meeting = Meeting(folder, evidence=False, blind=True)
    assert meeting.offer_name("O1") == "Offre A" and meeting.offer_name("O5") == "Offre E"
    assert meeting.evaluator_name("acheteuse") == "Membre 1"
    assert meeting.evaluator_role("acheteuse") == ""
