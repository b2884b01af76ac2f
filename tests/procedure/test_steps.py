"""The procedure's steps in the ledger: declarations and grids, phases, statuses and
regularisation, the abnormally-low-offer procedure, rounds closed and admissions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from efc_scoring import load_tender
from efc_scoring.cli import app
from efc_scoring.committee.ledger import Ledger
from efc_scoring.errors import ErrorCode, ProcedureError
from efc_scoring.procedure import (
    OfferStatus,
    Phase,
    admissible,
    decide_abnormal,
    declare,
    missing_declarations,
    read_records,
    record_explanation,
    record_phase,
    record_regularised,
    record_status,
    request_explanation,
    request_letter,
    request_regularisation,
    sealed,
    send_grids,
    set_aside,
    statuses,
)

runner = CliRunner()
BY = "Service achats"


@pytest.fixture
def tender(folder: Path):
    return load_tender(folder)


def _journal(folder: Path) -> Path:
    return folder / "journal-commission.jsonl"


def _run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


# --------------------------------------------------------------- governance
def test_grids_refused_without_declaration_then_sent_once_declared(folder, tender, tmp_path):
    journal = _journal(folder)
    declare(
        tender,
        "acheteuse",
        signed_by="Claire Morel",
        signed_on=date(2026, 9, 1),
        by=BY,
        ledger=journal,
    )
    assert missing_declarations(tender, journal) == ["technicien", "agente"]
    with pytest.raises(ProcedureError) as err:
        send_grids(tender, tmp_path / "g", by=BY, ledger=journal, propose=False)
    assert err.value.code is ErrorCode.DECLARATION_MISSING
    assert "Karim Benali" in str(err.value) and "L. 2141-10" in str(err.value)
    assert not (tmp_path / "g").exists()
    # only the evaluator who declared
    paths = send_grids(
        tender, tmp_path / "g", by=BY, ledger=journal, evaluators=["acheteuse"], propose=False
    )
    assert len(paths) == 1
    records = read_records(journal)
    assert records.phase(Phase.GRIDS_SENT, None) is not None
    assert sealed(tender, journal)


def test_grids_override_is_recorded_with_its_reason(folder, tender, tmp_path):
    journal = _journal(folder)
    declare(
        tender,
        "acheteuse",
        signed_by="Claire Morel",
        signed_on=date(2026, 9, 1),
        by=BY,
        ledger=journal,
    )
    paths = send_grids(
        tender,
        tmp_path / "g",
        by=BY,
        ledger=journal,
        propose=False,
        override="Déclarations signées sur papier, à reporter lundi.",
    )
    assert len(paths) == 3
    overrides = read_records(journal).overrides
    assert [o.evaluator for o in overrides] == ["technicien", "agente"]
    assert overrides[0].reason.startswith("Déclarations signées sur papier")


def test_declaration_refusals(tender, folder):
    journal = _journal(folder)
    with pytest.raises(ProcedureError, match="évaluateur inconnu"):
        declare(
            tender, "personne", signed_by="X", signed_on=date(2026, 1, 1), by=BY, ledger=journal
        )
    with pytest.raises(ProcedureError, match="futur"):
        declare(
            tender,
            "agente",
            signed_by="X",
            signed_on=date.today() + timedelta(days=3),
            by=BY,
            ledger=journal,
        )
    with pytest.raises(ProcedureError, match="pas signée"):
        declare(tender, "agente", signed_by=" ", signed_on=date(2026, 1, 1), by=BY, ledger=journal)
    assert not journal.exists()


def test_cli_declare_then_grids(folder, tmp_path):
    out = tmp_path / "grilles"
    r = _run(
        "declare",
        folder,
        "--evaluator",
        "agente",
        "--signataire",
        "Sandrine Lopes",
        "--date",
        "01/09/2026",
        "--by",
        BY,
    )
    assert r.exit_code == 0, r.output
    assert "Sandrine Lopes" in r.output and "1er septembre 2026" in r.output
    r = _run("grids", folder, "--out", out, "--no-propose")
    assert r.exit_code == 1
    assert "déclaration d'absence de conflit d'intérêts" in r.output
    assert not out.exists()
    r = _run("grids", folder, "--out", out, "--no-propose", "--evaluator", "agente")
    assert r.exit_code == 0, r.output
    r = _run(
        "grids",
        folder,
        "--out",
        out,
        "--no-propose",
        "--dispense",
        "Urgence : séance avancée",
    )
    assert r.exit_code == 0, r.output
    assert len(read_records(_journal(folder)).overrides) == 2


def test_phases_in_order(tender, folder):
    journal = _journal(folder)
    record_phase(tender, "grids_sent", by=BY, ledger=journal)
    with pytest.raises(ProcedureError, match="avant « grilles retournées »"):
        record_phase(tender, Phase.REVEALED, by=BY, ledger=journal)
    record_phase(tender, "returned", by=BY, ledger=journal)
    assert sealed(tender, journal)
    record_phase(tender, "revealed", by=BY, ledger=journal)
    assert not sealed(tender, journal)
    with pytest.raises(ProcedureError, match="phase inconnue"):
        record_phase(tender, "fin", by=BY, ledger=journal)
    r = _run("procedure", "phase", folder, "consensus", "--by", BY)
    assert r.exit_code == 0, r.output
    assert [p.phase for p in read_records(journal).phases] == list(Phase)[:4]


# --------------------------------------------------------------- admissibility
def test_status_sets_offer_aside_and_regularisation_brings_it_back(tender, folder):
    journal = _journal(folder)
    record_status(
        tender, "O2", "irrégulière", "Attestation d'assurance absente.", by=BY, ledger=journal
    )
    record_status(tender, "O3", OfferStatus.IRREGULAR, "DPGF non signée.", by=BY, ledger=journal)
    record_status(
        tender, "O1", "inappropriée", "Offre sans rapport avec le besoin.", by=BY, ledger=journal
    )
    assert set(set_aside(tender, journal)) == {"O1", "O2", "O3"}
    assert [o.id for o in admissible(tender, journal).offers] == ["O4", "O5"]
    assert all(m.offer in {"O4", "O5"} for m in admissible(tender, journal).marks)
    req = request_regularisation(
        tender, deadline=date(2026, 10, 5), reason="Pièces manquantes.", by=BY, ledger=journal
    )
    assert req.offers == ("O2", "O3")  # every irregular offer, alike
    with pytest.raises(ProcedureError, match="après la date limite"):
        record_regularised(
            tender,
            "O2",
            received="Attestation",
            received_on=date(2026, 10, 6),
            by=BY,
            ledger=journal,
        )
    with pytest.raises(ProcedureError, match="pas été invitée"):
        record_regularised(
            tender, "O1", received="x", received_on=date(2026, 10, 1), by=BY, ledger=journal
        )
    record_regularised(
        tender,
        "O2",
        received="Attestation d'assurance 2026",
        received_on=date(2026, 10, 2),
        by=BY,
        ledger=journal,
    )
    status = statuses(tender, journal)
    assert status["O2"][0] is OfferStatus.COMPLIANT and "régularisée" in status["O2"][1]
    assert status["O3"][0] is OfferStatus.IRREGULAR
    assert set(set_aside(tender, journal)) == {"O1", "O3"}


def test_no_regularisation_of_an_abnormally_low_offer(tender, folder):
    journal = _journal(folder)
    record_status(
        tender, "O4", "irrégulière", "Mémoire technique incomplet.", by=BY, ledger=journal
    )
    with pytest.raises(ProcedureError, match=r"R\. 2152-2"):
        request_regularisation(
            tender, deadline=date(2026, 10, 5), reason="Pièces.", by=BY, ledger=journal
        )


def test_status_needs_a_reason_and_a_known_status(tender, folder):
    journal = _journal(folder)
    with pytest.raises(ProcedureError, match="sans motif"):
        record_status(tender, "O2", "irrégulière", "  ", by=BY, ledger=journal)
    with pytest.raises(ProcedureError, match="statut inconnu"):
        record_status(tender, "O2", "douteuse", "x", by=BY, ledger=journal)
    with pytest.raises(ProcedureError, match="offre inconnue"):
        record_status(tender, "O9", "irrégulière", "x", by=BY, ledger=journal)


# --------------------------------------------------------------- abnormally low offers
def test_abnormal_procedure_kept_and_rejected(tender, folder):
    journal = _journal(folder)
    with pytest.raises(ProcedureError, match="moyenne corrigée"):
        request_explanation(
            tender,
            "O1",
            deadline=date(2026, 10, 9),
            sent_on=date(2026, 9, 30),
            by=BY,
            ledger=journal,
        )
    with pytest.raises(ProcedureError, match="pas de décision sans avoir demandé"):
        decide_abnormal(tender, "O4", kept=True, reason="x", by=BY, ledger=journal)
    step = request_explanation(
        tender, "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30), by=BY, ledger=journal
    )
    assert step.figures["price"] == "40030.00" and "moyenne corrigée" in step.figures["detection"]
    with pytest.raises(ProcedureError, match="jusqu'au 9 octobre 2026"):
        decide_abnormal(
            tender, "O4", kept=False, reason="x", by=BY, ledger=journal, today=date(2026, 10, 3)
        )
    # after the deadline without an answer, rejection is possible
    decided = decide_abnormal(
        tender,
        "O4",
        kept=False,
        reason="Aucune justification reçue.",
        by=BY,
        ledger=journal,
        today=date(2026, 10, 12),
    )
    assert decided.kept is False
    assert "anormalement basse rejetée" in set_aside(tender, journal)["O4"]
    assert "O4" not in {o.id for o in admissible(tender, journal).offers}


def test_abnormal_explained_and_kept(tender, folder):
    journal = _journal(folder)
    request_explanation(
        tender, "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30), by=BY, ledger=journal
    )
    record_explanation(
        tender,
        "O4",
        received_on=date(2026, 10, 6),
        summary="Centrale d'achat régionale, produits concentrés.",
        by=BY,
        ledger=journal,
    )
    decide_abnormal(
        tender,
        "O4",
        kept=True,
        reason="Prix justifié par les achats groupés.",
        by=BY,
        ledger=journal,
        today=date(2026, 10, 7),
    )
    assert "O4" not in set_aside(tender, journal)
    steps = read_records(journal).abnormal_steps(None, "O4")
    assert [s.step for s in steps] == ["request", "explanation", "decision"]
    shown = _run("procedure", "show", folder).output  # in French, step by step
    for step in ("demande de justification", "justification reçue", "décision : retenue"):
        assert f"Offre anormalement basse O4 — {step}" in shown


def test_request_letter_names_no_other_bidder(tender):
    text = request_letter(tender, "O4", deadline=date(2026, 10, 9), sent_on=date(2026, 9, 30))
    assert "Distri" in text or tender.offer("O4").bidder in text
    for other in ("O1", "O2", "O3", "O5"):
        assert tender.offer(other).bidder not in text
        assert str(tender.offer(other).total_price).replace(".", ",") not in text
    assert "9 octobre 2026" in text and "L. 2152-5" in text and "R. 2152-4" in text


def test_cli_abnormal_writes_the_letter(folder, tmp_path, request_o4):
    letter = tmp_path / "lettre-O4.md"
    r = request_o4(folder, "--lettre", letter)
    assert r.exit_code == 0, r.output
    assert "demande de précisions" in letter.read_text(encoding="utf-8")
    r = _run(
        "procedure",
        "abnormal",
        folder,
        "O4",
        "justification",
        "--by",
        BY,
        "--le",
        "5/10/2026",
        "--resume",
        "Achats groupés.",
    )
    assert r.exit_code == 0, r.output
    r = _run(
        "procedure",
        "abnormal",
        folder,
        "O4",
        "decision",
        "--by",
        BY,
        "--retenue",
        "--motif",
        "Justifié.",
    )
    assert r.exit_code == 0, r.output
    r = _run("procedure", "show", folder)
    assert r.exit_code == 0 and "retenue" in r.output


def test_ledger_damage_stops_the_procedure(tender, folder):
    journal = _journal(folder)
    record_status(tender, "O2", "irrégulière", "Pièce absente.", by=BY, ledger=journal)
    text = journal.read_text(encoding="utf-8").replace("Pièce absente", "Pièce présente")
    journal.write_text(text, encoding="utf-8")
    with pytest.raises(Exception, match="endommagé"):
        set_aside(tender, journal)
    assert Ledger(journal).verify().ok is False


# --------------------------------------------------------------- rounds
def test_rounds_closed_admissions_and_trace(negotiated):
    from efc_scoring.procedure import admit, changed_files, trace

    journal = _journal(negotiated)
    r = _run("procedure", "admit", negotiated, "O1", "--motif", "x", "--by", BY)
    assert r.exit_code == 1 and "n'est pas clos" in r.output
    r = _run("procedure", "close", negotiated, "--by", BY)
    assert r.exit_code == 0, r.output
    r = _run("procedure", "close", negotiated, "--by", BY)
    assert r.exit_code == 1 and "déjà clos" in r.output
    for offer in ("O1", "O2", "O3", "O4"):
        r = _run(
            "procedure",
            "admit",
            negotiated,
            offer,
            "--motif",
            "Parmi les quatre meilleures offres initiales (règlement, art. 7).",
            "--by",
            BY,
        )
        assert r.exit_code == 0, r.output
    r = _run(
        "procedure",
        "admit",
        negotiated,
        "O5",
        "--non-admise",
        "--motif",
        "Cinquième offre initiale : le règlement limite la négociation à quatre.",
        "--by",
        BY,
    )
    assert r.exit_code == 0, r.output
    # the round by its French name, never its raw id (« au tour finale »)
    assert "Offre O5 non admise au tour « Offres finales »." in r.output
    shown = _run("procedure", "show", negotiated / "rounds" / "finale").output
    assert "Tour « Offres initiales » : O5" in shown and "Tour initiale" not in shown
    tender = load_tender(negotiated)
    with pytest.raises(ProcedureError, match="sans motif"):
        admit(tender, "O5", admitted=False, reason=" ", by=BY, ledger=journal)
    final = negotiated / "rounds" / "finale"
    r = _run("procedure", "close", final, "--by", BY)
    assert r.exit_code == 0, r.output
    frame = trace(tender, journal).to_frame()
    assert list(frame["round"].unique()) == ["initiale", "finale"]
    o5 = frame[frame.offer == "O5"].iloc[0]
    assert o5["admitted"] is False or o5["admitted"] == False  # noqa: E712
    assert "quatre" in o5["reason"]
    assert set(frame[frame["round"] == "finale"].offer) == {"O1", "O2", "O3", "O4"}
    assert changed_files(tender, negotiated, journal, "finale") == []
    with open(final / "scores.csv", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert changed_files(tender, negotiated, journal, "finale") == ["scores.csv"]
    r = _run("procedure", "show", final)
    assert r.exit_code == 0 and "non admise" in r.output


# --------------------------------------------------------------- PSE
def test_cli_pse_ranks_combinations_and_records_the_choice(with_pse):
    folder = with_pse
    r = _run("procedure", "pse", folder, "--lot", "L1")
    assert r.exit_code == 0, r.output
    assert "Offre de base + PSE1 : classée première" in r.output
    r = _run("procedure", "pse", folder, "--lot", "L1", "--retenir", "PSE1", "--by", BY)
    assert r.exit_code == 1 and "dire pourquoi" in r.output
    r = _run(
        "procedure",
        "pse",
        folder,
        "--lot",
        "L1",
        "--retenir",
        "PSE1",
        "--motif",
        "Besoin confirmé, crédits votés.",
        "--by",
        BY,
    )
    assert r.exit_code == 0, r.output
    assert read_records(_journal(folder)).retained(None, "L1").pse == ("PSE1",)
    r = _run(
        "procedure", "pse", folder, "--lot", "L1", "--retenir", "PSE9", "--motif", "x", "--by", BY
    )
    assert r.exit_code == 1


# --------------------------------------------------------------- variants
@pytest.mark.parametrize(
    ("ranking", "titles"),
    [
        ("separate", ["Offres de base", "Variantes (classement distinct)"]),
        ("merged", ["Offres de base et variantes (classement commun)"]),
    ],
)
def test_cli_variants_ranked_as_the_tender_says(folder, ranking, titles):
    yaml = folder / "tender.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8") + f"\nvariants:\n  allowed: true\n  ranking: {ranking}\n",
        encoding="utf-8",
    )
    base = next((folder / "offers").glob("O3*.yaml"))
    text = base.read_text(encoding="utf-8").replace("id: O3\n", "id: O3V\nvariant_of: O3\n", 1)
    (folder / "offers" / "O3V-variante.yaml").write_text(text, encoding="utf-8")
    scores = folder / "scores.csv"
    lines = scores.read_text(encoding="utf-8").splitlines(keepends=True)
    scores.write_text(
        "".join(lines + [line.replace(",O3,", ",O3V,", 1) for line in lines if ",O3," in line]),
        encoding="utf-8",
    )
    r = _run("procedure", "variants", folder, "--json")
    assert r.exit_code == 0, r.output
    import json

    data = json.loads(r.output)
    assert data["ranking"] == ranking
    if ranking == "separate":
        assert [row["offer"] for row in data["rankings"]["variantes"]] == ["O3V"]
        assert "O3V" not in [row["offer"] for row in data["rankings"]["base"]]
    else:
        assert "O3V" in [row["offer"] for row in data["rankings"]["ensemble"]]
    r = _run("procedure", "variants", folder)
    assert r.exit_code == 0, r.output
    for title in titles:
        assert title in r.output


def test_the_invitation_to_regularise_is_dated_by_its_sending(folder, tmp_path):
    """Recorded on 3 December after it was sent on 20 October with a deadline of 30 October,
    the invitation read « adressée le 3 décembre 2026 … jusqu'au 30 octobre 2026 » in the
    report (and in the version sent to a rejected bidder): an invitation after its own
    deadline. ``--envoi`` gives the day it was sent, as for the abnormally-low request; without
    it, an invitation recorded after its deadline is warned."""
    from efc_scoring.report import build_report

    journal = _journal(folder)
    r = _run("procedure", "status", folder, "O2", "irrégulière", "--motif", "Pièce.", "--by", BY)
    assert r.exit_code == 0, r.output
    r = _run(
        "procedure",
        "regularise",
        folder,
        "--demande",
        "--date-limite",
        "30/10/2026",
        "--envoi",
        "31/10/2026",
        "--motif",
        "Pièce.",
        "--by",
        BY,
    )
    assert r.exit_code == 1 and "30 octobre 2026" in r.output and "31 octobre 2026" in r.output
    r = _run(
        "procedure",
        "regularise",
        folder,
        "--demande",
        "--date-limite",
        "30/10/2026",
        "--envoi",
        "20/10/2026",
        "--motif",
        "Joindre l'attestation.",
        "--by",
        BY,
    )
    assert r.exit_code == 0, r.output
    (request,) = read_records(journal).requests
    assert request.sent_on == date(2026, 10, 20)
    tender = load_tender(folder)
    report = build_report(
        tender, evidence=False, robustness=False, plots=False, provisional=True, ledger=journal
    )
    text = " ".join(report.to_markdown().split())
    assert "adressée le 20 octobre 2026 à toutes les offres irrégulières" in text
    r = _run(
        "procedure",
        "regularise",
        folder,
        "--demande",
        "--date-limite",
        "10/01/2020",
        "--motif",
        "Pièce.",
        "--by",
        BY,
    )
    assert r.exit_code == 0 and "après sa date limite (10 janvier 2020)" in r.output
    assert "--envoi" in r.output
    assert read_records(journal).requests[-1].sent_on is None  # the day it is recorded
