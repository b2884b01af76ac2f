"""Letters to the bidders of a negotiated procedure: the bidder not admitted to the final round.

The blanchisserie sample, run through the API up to the closing of each round: O5 is not
admitted to the final round, O1 wins it. From the final round every bidder but the winner gets
exactly one letter; O5's tells the round, the reason, its marks and rank there, the winner and
the right of R. 2181-4, and nothing of the other bidders.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

import efc_scoring as efc
from efc_scoring import present, procedure
from efc_scoring.cli import app
from efc_scoring.errors import LetterError

BUYER, CHAIR = "Service de la commande publique", "Présidente de la commission"
REASON = "Cinquième offre initiale : la négociation est limitée aux quatre mieux classées."
runner = CliRunner()


def initial_round(folder: Path, *, refuse_o5: bool = True) -> Path:
    """Close the initial round of the sample copy and decide the admissions."""
    journal = folder / "journal-commission.jsonl"
    initial = efc.load_tender(folder)
    efc.record_decision(
        initial, "O2", "coop", 3, "Bilan tenu avec le CCAS seul.", by=CHAIR, ledger=journal
    )
    closed = procedure.round_consolidation(initial, journal).evaluate()
    procedure.close_round(initial, closed, tender_path=folder, by=CHAIR, ledger=journal)
    for offer in ("O1", "O2", "O3", "O4"):
        procedure.admit(
            initial,
            offer,
            admitted=True,
            reason="Parmi les quatre premières.",
            by=CHAIR,
            ledger=journal,
        )
    if refuse_o5:
        procedure.admit(initial, "O5", admitted=False, reason=REASON, by=CHAIR, ledger=journal)
    return journal


def final_round(folder: Path) -> None:
    journal = folder / "journal-commission.jsonl"
    final = efc.load_tender(folder / "rounds" / "finale")
    procedure.retain_options(
        final, "L1", ["PSE1"], "Besoin confirmé.", by=CHAIR, ledger=journal, round="finale"
    )
    closed = procedure.round_consolidation(final, journal, "finale").evaluate()
    procedure.close_round(
        final, closed, tender_path=folder, by=CHAIR, ledger=journal, round="finale"
    )


@pytest.fixture
def linge(tmp_path: Path) -> Path:
    folder = tmp_path / "linge"
    shutil.copytree(efc.sample_path("blanchisserie"), folder)
    initial_round(folder)
    return folder


def flat(text: str) -> str:
    return " ".join(text.split())


def test_from_the_final_round_every_bidder_gets_one_letter_and_o5_its_stage(linge: Path) -> None:
    final_round(linge)
    letters = procedure.rejection_letters(linge / "rounds" / "finale", sent=date(2026, 12, 4))
    assert [x.offer for x in letters] == ["O2", "O3", "O4", "O5"]  # O1 wins: no letter
    assert [x.stage for x in letters] == ["", "", "", "Offres initiales"]
    o5 = letters[-1]
    text = flat(o5.text)
    initial = efc.load_tender(linge)
    frozen = procedure.read_records(linge / "journal-commission.jsonl").closure(None)
    assert frozen is not None
    assert "n'a pas été admise au tour « Offres finales après négociation »" in text
    assert flat(REASON.rstrip(".")) in text
    assert f"{present.points(Fraction(dict(frozen.totals)['O5']))} points sur 100" in text
    assert "5e rang sur 5 offres classées" in text
    assert "R. 2181-1 et R. 2181-3" in text and "R. 2181-4" in text and "R. 2161-18" in text
    assert initial.offer("O1").bidder in text  # the winner, named after the award
    assert "ne sera pas signé avant le 15 décembre 2026" in text
    for other in ("O2", "O3", "O4"):
        assert initial.offer(other).bidder not in text
        price = present.money(initial.offer(other).total_price, initial.currency)
        assert price not in text
    assert o5.rows and all(r.winner_points is None for r in o5.rows)
    assert o5.winner == "O1" and o5.signature_date == date(2026, 12, 15)


def test_before_the_award_the_stage_letter_names_no_winner(linge: Path) -> None:
    letters = procedure.rejection_letters(linge, sent=date(2026, 11, 6))
    assert [x.offer for x in letters] == ["O5"]  # the negotiation goes on with the four others
    text = flat(letters[0].text)
    assert "La négociation se poursuit" in text and "déroulement et à l'avancement" in text
    assert "Signature du marché" not in text and letters[0].winner == ""
    for other in ("O1", "O2", "O3", "O4"):
        assert efc.load_tender(linge).offer(other).bidder not in text
    refused = runner.invoke(app, ["letter", str(linge), "--offer", "O2"])
    assert refused.exit_code != 0
    assert "la négociation se poursuit avec elle" in flat(refused.output)


def test_an_offer_set_aside_at_the_initial_round_gets_its_stage_letter(tmp_path: Path) -> None:
    folder = tmp_path / "linge"
    shutil.copytree(efc.sample_path("blanchisserie"), folder)
    journal = initial_round(folder, refuse_o5=False)
    procedure.record_status(
        efc.load_tender(folder),
        "O5",
        "inacceptable",
        "Prix au-delà des crédits.",
        by=BUYER,
        ledger=journal,
    )
    final_round(folder)
    gone = procedure.eliminations(folder / "rounds" / "finale")
    assert list(gone) == ["O5"] and gone["O5"].set_aside
    letter = procedure.stage_letter(folder / "rounds" / "finale", "O5", sent=date(2026, 12, 4))
    text = flat(letter.text)
    assert "écartée au tour « Offres initiales »" in text and "L. 2152-1" in text
    assert "Prix au-delà des crédits" in text and not letter.rows
    assert "R. 2181-4" not in text  # no right to the advantages for an unacceptable offer
    assert "Vos points" not in text


def test_an_offer_gone_without_a_decision_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "linge"
    shutil.copytree(efc.sample_path("blanchisserie"), folder)
    initial_round(folder, refuse_o5=False)
    with pytest.raises(LetterError, match=r"O5 .*--non-admise"):
        procedure.eliminations(folder / "rounds" / "finale")


def test_cli_all_from_the_final_round_writes_o5s_stage_letter(linge: Path, tmp_path: Path) -> None:
    final_round(linge)
    out = tmp_path / "lettres"
    result = runner.invoke(
        app,
        [
            "letter",
            str(linge / "rounds" / "finale"),
            "--all",
            "--out",
            str(out),
            "--json",
            "--date",
            "04/12/2026",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout[result.stdout.index("{") :])
    assert [x["offer"] for x in payload["letters"]] == ["O2", "O3", "O4", "O5"]
    assert payload["letters"][-1]["stage"] == "Offres initiales"
    assert sorted(p.name for p in out.iterdir()) == [
        f"lettre-{o}.{s}" for o in ("O2", "O3", "O4", "O5") for s in ("html", "md")
    ]
    one = runner.invoke(app, ["letter", str(linge / "rounds" / "finale"), "--offer", "O5"])
    assert one.exit_code == 0 and "Offres initiales" in one.stdout


def test_the_price_told_to_a_bidder_says_that_it_includes_the_pse_retained(linge: Path) -> None:
    """O2 quoted 677 871,20 € for its base offer and 48 600 € for PSE1; once PSE1 is retained
    for every offer, its letter gave « votre prix de 726 471,20 € HT » with no word of the
    PSE: a price the bidder never wrote, unexplained. The letter now says what it adds up."""
    final_round(linge)
    letters = procedure.rejection_letters(linge / "rounds" / "finale", sent=date(2026, 12, 4))
    o2 = next(x for x in letters if x.offer == "O2")
    text = flat(o2.text)
    assert (
        "votre prix de 726 471,20 € HT (offre de base et PSE1 « Entretien du linge "
        "personnel des résidents », retenue pour toutes les offres)" in text
    )
    o5 = next(x for x in letters if x.offer == "O5")  # initial round: no PSE retained then
    assert "PSE1" not in flat(o5.text) and "votre prix de 779 408,00 € HT," in flat(o5.text)


def test_a_stage_letter_dated_before_its_decision_or_the_award_is_warned(linge: Path) -> None:
    """O5's letter tells the decision not to admit it, « prise le » the day it was recorded:
    dated before that day, or (from the last round) before the award the tender file plans,
    the letter tells what had not been decided yet."""
    journal = linge / "journal-commission.jsonl"
    decided = next(
        e.at.date() for e in procedure.read_records(journal).admissions if e.offer == "O5"
    )
    before = decided.fromordinal(decided.toordinal() - 1)
    (early,) = procedure.rejection_letters(linge, sent=before)
    assert any("avant la décision" in w and present.long_date(decided) in w for w in early.warnings)
    (on_time,) = procedure.rejection_letters(linge, sent=decided)
    assert not any("avant" in w for w in on_time.warnings)
    final_round(linge)
    award = efc.load_tender(linge).award_date
    assert award is not None and award > decided
    letters = procedure.rejection_letters(
        linge / "rounds" / "finale", sent=award - (award - decided)
    )
    o5 = next(x for x in letters if x.offer == "O5")
    assert any("award_date" in w for w in o5.warnings)
